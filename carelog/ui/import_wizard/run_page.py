"""Pages 5 and 6: the import in the background (progress bar, Cancel = nothing written), then the result with
"Undo this import"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from carelog.core.errors import CareLogError
from carelog.ui.import_wizard.state import WizardState
from carelog.ui.style import show_message
from carelog.ui.task_runner import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from carelog.services.registry import Services


class RunPage(QWizardPage):
    def __init__(self, services: Services, runner: TaskRunner, state: WizardState) -> None:
        super().__init__()
        self._services = services
        self._runner = runner
        self._state = state
        self.handle: TaskHandle | None = None
        self.setTitle("Importing")
        self.setSubTitle("All rows are written together at the end; Cancel leaves CareLog exactly as it was.")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton("&Cancel the import")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        cancel_row = QHBoxLayout()
        cancel_row.addWidget(self.cancel_button)
        cancel_row.addStretch(1)
        layout.addLayout(cancel_row)
        layout.addStretch(1)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self._done = False

    def initializePage(self) -> None:
        loaded, cmap = self._state.loaded, self._state.cmap
        assert loaded is not None
        self._done = False
        self._state.result = self._state.failure = None
        self.progress.setValue(0)
        self.status.setText("Starting…")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        importer = self._services.importer

        def work(handle: TaskHandle) -> Any:
            try:
                return importer.run(loaded, cmap, progress=handle.report)
            except CareLogError as exc:  # shown with its problems, not just its message
                return exc

        self.handle = self._runner.submit(work)
        self.handle.progressed.connect(self._on_task_progressed)
        self.handle.finished.connect(self._on_task_finished)
        self.handle.failed.connect(self._on_task_failed)
        self.handle.cancelled.connect(self._on_task_cancelled)
        self._lock_wizard(True)

    def _lock_wizard(self, busy: bool) -> None:
        wizard = self.wizard()
        if wizard is not None:
            wizard.button(QWizard.WizardButton.BackButton).setEnabled(not busy)
            wizard.button(QWizard.WizardButton.CancelButton).setEnabled(not busy)

    def _on_task_progressed(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        self.status.setText(message)

    def _on_task_finished(self, result: object) -> None:
        self._finish()
        if isinstance(result, CareLogError):
            self._state.failure = result
            problems = getattr(result, "problems", None) or []
            listed = "\n".join(str(p) for p in problems[:20])
            more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
            show_message(self.status, f"Nothing was imported. {result}\n{listed}{more}".strip(), ok=False)
            return
        self._state.result = result  # type: ignore[assignment]
        self.progress.setValue(100)
        show_message(self.status, "Imported.", ok=True)
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None:
            wizard.next()

    def _on_task_failed(self, message: str) -> None:
        self._finish()
        show_message(self.status, f"Nothing was imported: {message}", ok=False)

    def _on_task_cancelled(self) -> None:
        self._finish()
        self.progress.setValue(0)
        show_message(self.status, "Cancelled: nothing was imported. Go Back to start again, or close.", ok=False)

    def _finish(self) -> None:
        self._done = True
        self.cancel_button.setEnabled(False)
        self._lock_wizard(False)

    def _on_cancel_clicked(self) -> None:
        if self.handle is not None:
            self.status.setText("Cancelling…")
            self.handle.cancel()

    def isComplete(self) -> bool:
        return self._state.result is not None

    def busy(self) -> bool:
        return self.handle is not None and not self._done


class ResultPage(QWizardPage):
    def __init__(self, services: Services, state: WizardState) -> None:
        super().__init__()
        self._services = services
        self._state = state
        self.setTitle("Imported")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_message = QLabel()
        self.undo_message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.undo_message)
        layout.addStretch(1)
        self.undo_button.clicked.connect(self._on_undo_clicked)

    def initializePage(self) -> None:
        result = self._state.result
        assert result is not None
        refs = result.references
        span = f" ({refs[0]} to {refs[-1]})" if refs else ""
        added = f"\nAdded to the lists: {', '.join(result.created)}." if result.created else ""
        self.summary.setText(
            f"{len(refs):,} incidents imported{span} as import batch {result.batch_id}.{added}\n\n"
            "If this was the wrong file, undo it now: every record it wrote is removed together (this works until "
            "one of them is changed)."
        )
        self.undo_button.setEnabled(True)
        self.undo_message.clear()
        self.undo_button.setFocus()

    def _on_undo_clicked(self) -> None:
        result = self._state.result
        if result is None or result.batch_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Undo this import?",
            f"Remove the {len(result.references):,} incidents of import batch {result.batch_id}?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            undone = self._services.importer.undo(result.batch_id)
        except CareLogError as exc:
            show_message(self.undo_message, str(exc), ok=False)
            return
        self.undo_button.setEnabled(False)
        show_message(
            self.undo_message,
            f"Undone: the {undone.incidents:,} incidents of batch {undone.batch_id} were removed"
            + (
                f", with what it added to the lists ({', '.join(undone.created_removed)})."
                if undone.created_removed
                else "."
            ),
            ok=True,
        )

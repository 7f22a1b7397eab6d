"""Page 4: the preview. Every row's problems, with line (or sheet row), column and what to fix; the import can go
ahead only when there are none (fix the file, or go back and change the columns or values)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QProgressBar, QVBoxLayout, QWizardPage

from carelog.core.errors import CareLogError
from carelog.ui.import_wizard.state import WizardState
from carelog.ui.style import show_message
from carelog.ui.task_runner import TaskHandle, TaskRunner

if TYPE_CHECKING:
    from carelog.core.import_plan import ImportPlan
    from carelog.services.registry import Services


class PreviewPage(QWizardPage):
    def __init__(self, services: Services, runner: TaskRunner, state: WizardState) -> None:
        super().__init__()
        self._services = services
        self._runner = runner
        self._state = state
        self.handle: TaskHandle | None = None
        self.setTitle("Check before importing")
        self.setSubTitle("Nothing has been written yet.")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QStringListModel(self)
        self.view = QListView()
        self.view.setModel(self.problems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)  # thousands of problems: laid out in batches
        self.view.setBatchSize(200)
        self.view.setSpacing(1)
        self.view.setAlternatingRowColors(True)
        self.problems_label = problems_label = QLabel("&Problems to fix:")
        problems_label.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(problems_label)
        layout.addWidget(self.view, 1)
        layout.addStretch(0)

    def initializePage(self) -> None:
        loaded, cmap = self._state.loaded, self._state.cmap
        assert loaded is not None
        self._state.plan = None
        self.problems.setStringList([])
        self.problems_label.hide()
        self.view.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setStyleSheet("")
        self.summary.setText(f"Checking every row of {loaded.name}…")
        importer = self._services.importer

        def work(handle: TaskHandle) -> Any:
            try:
                return importer.preview(loaded, cmap, progress=handle.report)
            except CareLogError as exc:
                return exc

        self.handle = handle = self._runner.submit(work)
        handle.progressed.connect(lambda percent, _message: self.progress.setValue(percent))
        handle.finished.connect(lambda result, h=handle: self._on_task_finished(h, result))
        handle.failed.connect(lambda message: show_message(self.summary, message, ok=False))
        self.completeChanged.emit()

    def cleanupPage(self) -> None:  # Back while checking: the check is not wanted any more
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None
        super().cleanupPage()

    def _on_task_finished(self, handle: TaskHandle, result: object) -> None:
        if handle is not self.handle:  # an earlier check, overtaken by going Back and Next again
            return
        self.progress.hide()
        loaded = self._state.loaded
        assert loaded is not None
        if isinstance(result, CareLogError):
            show_message(self.summary, str(result), ok=False)
            return
        plan = cast("ImportPlan", result)
        self._state.plan = plan
        self.problems.setStringList([str(p) for p in plan.problems])
        self.problems_label.setVisible(bool(plan.problems))
        self.view.setVisible(bool(plan.problems))
        created = sorted(plan.missing_services) + sorted(f"{loc} ({svc})" for svc, loc in plan.missing_locations)
        extra = f" It will also add: {', '.join(created)}." if created and not plan.problems else ""
        ignored = f" Columns left out: {', '.join(plan.unknown_columns)}." if plan.unknown_columns else ""
        if plan.problems:
            show_message(
                self.summary,
                f"{len(plan.problems):,} problem(s) in {loaded.name}; nothing will be imported until they are fixed. "
                "Fix them in the file and choose it again, or go Back to change the columns or values.",
                ok=False,
            )
        else:
            show_message(
                self.summary,
                f"{len(plan.items):,} incidents are ready to import from {loaded.name}, all in one go.{extra}{ignored}",
                ok=True,
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self._state.plan
        return plan is not None and not plan.problems and bool(plan.items)

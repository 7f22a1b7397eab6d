"""Page 4: the preview. Every row's problems, with line (or sheet row), column and what to fix; the import can go
ahead only when there are none (fix the file, or go back and change the columns or values)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWizardPage

from carelog.core.errors import CareLogError
from carelog.ui.import_wizard.state import WizardState
from carelog.ui.style import show_message

if TYPE_CHECKING:
    from carelog.services.registry import Services


class PreviewPage(QWizardPage):
    def __init__(self, services: Services, state: WizardState) -> None:
        super().__init__()
        self._services = services
        self._state = state
        self.setTitle("Check before importing")
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
        problems_label = QLabel("&Problems to fix:")
        problems_label.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(problems_label)
        layout.addWidget(self.view, 1)

    def initializePage(self) -> None:
        loaded = self._state.loaded
        assert loaded is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._state.plan = plan = self._services.importer.preview(loaded, self._state.cmap)
        except CareLogError as exc:
            self._state.plan = None
            self.problems.setStringList([])
            show_message(self.summary, str(exc), ok=False)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.problems.setStringList([str(p) for p in plan.problems])
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
        self.setSubTitle("Nothing has been written yet.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self._state.plan
        return plan is not None and not plan.problems and bool(plan.items)

"""The import wizard's frame: the pages in order and the state they share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from carelog.ui.import_wizard.columns_page import ColumnsPage
from carelog.ui.import_wizard.file_page import FilePage
from carelog.ui.import_wizard.preview_page import PreviewPage
from carelog.ui.import_wizard.run_page import ResultPage, RunPage
from carelog.ui.import_wizard.state import WizardState
from carelog.ui.import_wizard.values_page import ValuesPage
from carelog.ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from carelog.services.registry import Services


class ImportWizard(QWizard):
    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import incidents")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.state = WizardState()
        self.file_page = FilePage(services, self.state)
        self.columns_page = ColumnsPage(self.state)
        self.values_page = ValuesPage(services, self.state)
        self.preview_page = PreviewPage(services, runner, self.state)
        self.run_page = RunPage(services, runner, self.state)
        self.result_page = ResultPage(services, self.state)
        for page in (
            self.file_page, self.columns_page, self.values_page, self.preview_page, self.run_page, self.result_page,
        ):  # fmt: skip
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Back")
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, "&Import")
        self.resize(820, 560)

    def reject(self) -> None:
        if self.run_page.busy():  # closing mid-import: cancel it (nothing is written), then close
            assert self.run_page.handle is not None
            self.run_page.handle.cancel()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reject()
        event.accept()

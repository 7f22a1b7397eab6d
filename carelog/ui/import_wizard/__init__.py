"""The import wizard (administrators): choose a CSV file or a workbook, map its columns, match its values,
preview every problem, import in the background, and undo the import if it was the wrong file."""

from carelog.ui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]

"""The text box of an editable combo box, typed (PySide6 types QComboBox.lineEdit() as optional)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit


def combo_line_edit(combo: QComboBox) -> QLineEdit:
    """`combo`'s line edit; it has one once setEditable(True) was called, so a missing one is a programming error."""
    edit = combo.lineEdit()
    if edit is None:
        raise TypeError("This combo box is not editable: call setEditable(True) before asking for its line edit.")
    return edit

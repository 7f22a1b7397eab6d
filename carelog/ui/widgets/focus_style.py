"""A focus ring that can be seen (not only a caret): a thick blue border on the input that has the keyboard."""

FOCUS_RING = (
    "QLineEdit { border: 1px solid #7d838c; border-radius: 3px; padding: 4px; background: white; }"
    "QLineEdit:focus { border: 2px solid #1a5fb4; padding: 3px; }"
    "QPushButton:focus { border: 2px solid #1a5fb4; border-radius: 3px; padding: 4px 12px; }"
)

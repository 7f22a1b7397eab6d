"""All PySide6 code: main window, pages, dialogs, table models and widgets. Never imports sqlalchemy."""

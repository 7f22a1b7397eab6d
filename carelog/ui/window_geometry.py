"""Where the main window opens: where it was last closed on this PC, else maximised on the screen's free area.

The geometry is per PC (a shared database may be used on screens of every size), so it lives in a small
settings file in CareLog's data folder, not in the database's settings registry.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

GEOMETRY_KEY = "main_window/geometry"


def _settings() -> QSettings:
    from carelog.paths import data_dir

    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def available_area(window: QMainWindow) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def place_window(window: QMainWindow) -> bool:
    """Size the window before it is shown. Returns True when it should open maximised (no saved geometry)."""
    area = available_area(window)
    saved = _settings().value(GEOMETRY_KEY)
    if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
        if area.contains(window.frameGeometry()) or window.isMaximized():
            return False
    window.setGeometry(area)  # also right where no window manager honours "maximised" (a bare X server)
    return True


def show_fitted(window: QMainWindow) -> None:
    if place_window(window):
        window.showMaximized()
    else:
        window.show()


def remember_geometry(window: QMainWindow) -> None:
    settings = _settings()
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.sync()

"""App-level change signals. After a write, the writer emits; pages refresh themselves."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    incidents_changed = Signal()
    reviews_changed = Signal()
    actions_changed = Signal()
    users_changed = Signal()
    reference_data_changed = Signal()
    identity_changed = Signal()
    settings_changed = Signal()

"""App-level change signals. Services publish what each committed write changed (core.changes); `apply` is the one
place that turns it into these signals, and pages refresh themselves from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from carelog.core.changes import Aggregate, Changes

if TYPE_CHECKING:
    from carelog.services.context import ServiceContext


RELAYED = (
    "incidents_changed",
    "reviews_changed",
    "actions_changed",
    "users_changed",
    "reference_data_changed",
    "identity_changed",
    "settings_changed",
    "meetings_changed",
)


class AppEvents(QObject):
    incidents_changed = Signal()
    reviews_changed = Signal()
    actions_changed = Signal()
    users_changed = Signal()
    reference_data_changed = Signal()
    identity_changed = Signal()
    settings_changed = Signal()
    thread_changed = Signal()  # complaints, safeguarding, Duty of Candour, debriefs, audits
    meetings_changed = Signal()  # governance meetings
    _changes_arrived = Signal(object)  # Changes; queued to the GUI thread when a worker thread wrote

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: AppEvents | None = None  # set on a relay
        self._changes_arrived.connect(self._emit_for)
        self._signals = {
            Aggregate.INCIDENTS: self.incidents_changed,
            Aggregate.REVIEWS: self.reviews_changed,
            Aggregate.ACTIONS: self.actions_changed,
            Aggregate.USERS: self.users_changed,
            Aggregate.REFERENCE_DATA: self.reference_data_changed,
            Aggregate.SETTINGS: self.settings_changed,
            Aggregate.THREAD: self.thread_changed,
            Aggregate.MEETINGS: self.meetings_changed,
        }

    def relay(self) -> AppEvents:
        """A child that re-emits every change signal of this one until it is deleted or `detach`ed: the pages of
        one session listen to it, so a page being torn down hears nothing more (and calls no service)."""
        child = AppEvents(self)
        child._source = self
        for name in RELAYED:
            getattr(self, name).connect(getattr(child, name))
        return child

    def detach(self) -> None:
        """Stop re-emitting the parent's signals (see relay)."""
        source, self._source = self._source, None
        if source is not None:
            for name in RELAYED:
                getattr(source, name).disconnect(getattr(self, name))

    def listen_to(self, ctx: ServiceContext) -> AppEvents:
        """Hear every committed change of these services (once, however often it is called)."""
        if self.apply not in ctx.listeners:
            ctx.subscribe(self.apply)
        return self

    def apply(self, changes: Changes) -> None:
        """Listener for ServiceContext.subscribe: safe to call from any thread."""
        self._changes_arrived.emit(changes)

    def _emit_for(self, changes: Changes) -> None:
        for aggregate in Aggregate:  # a fixed order: incidents before the reviews and actions that show them
            if aggregate in changes:
                self._signals[aggregate].emit()

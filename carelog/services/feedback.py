"""Feedback to reporters: "My reports" says what happened to each of the signed-in person's reports, and
which of those things are new since they last looked."""

from __future__ import annotations

from carelog.core.permissions import Permission, allowed
from carelog.core.report_news import MyReport, with_news
from carelog.db.repositories import feedback as repo
from carelog.db.repositories import users as users_repo
from carelog.services.context import ServiceContext

MY_REPORTS_LIMIT = 200
NO_ACCOUNT = -1  # no account has this id: compiling a query with it reads no one's record


class FeedbackService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def warm_up(self) -> None:
        """Compile the queries of My reports (for an id no account has), so the first sign-in's first tab does not
        wait for it. Reads no record and changes nothing."""
        with self._ctx.read() as session:
            users_repo.reports_seen_at(session, NO_ACCOUNT)
            repo.warm_up(session, NO_ACCOUNT, MY_REPORTS_LIMIT)

    def _user_id(self) -> int | None:
        """The signed-in reporter, or None (nobody signed in, or a role that reports nothing)."""
        actor = self._ctx.actor
        if actor.user_id is None or not allowed(actor, Permission.VIEW_OWN_INCIDENTS):
            return None
        return actor.user_id

    def my_reports(self, limit: int = MY_REPORTS_LIMIT) -> list[MyReport]:
        """The person's own newest reports, each with its news in plain words (newest first)."""
        user_id = self._user_id()
        if user_id is None:
            return []
        with self._ctx.unit() as session:
            seen_at = users_repo.reports_seen_at(session, user_id)
            return [with_news(f, seen_at) for f in repo.facts_for_reporter(session, user_id, limit)]

    def news_count(self) -> int:
        """How many of the person's reports have news since they last looked at My reports."""
        return sum(1 for r in self.my_reports() if r.is_new)

    def mark_seen(self) -> None:
        """The person has looked at My reports: what is there now is no longer news to them."""
        user_id = self._user_id()
        if user_id is None:
            return
        with self._ctx.unit() as session:
            users_repo.set_reports_seen_at(session, user_id, self._ctx.clock())

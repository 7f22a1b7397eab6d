"""The demo writes its records as someone (the system, or the demo manager) at a moment of its choosing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from carelog.core.dto import SYSTEM_ACTOR, Actor
from carelog.services.context import ServiceContext


@contextmanager
def acting(
    ctx: ServiceContext, actor: Actor = SYSTEM_ACTOR, clock: Callable[[], datetime] | None = None
) -> Iterator[None]:
    """Sign the services in as `actor` (and on `clock`, if given) for the block; who was signed in and the clock
    they ran on are put back afterwards, also when the block fails."""
    previous_actor, previous_clock = ctx.identity.actor, ctx.clock
    ctx.identity.actor = actor
    if clock is not None:
        ctx.clock = clock
    try:
        yield
    finally:
        ctx.identity.actor, ctx.clock = previous_actor, previous_clock

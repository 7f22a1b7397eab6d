"""Cyclic garbage collection paused while a read or a chart builds many small objects at once.

Building tens of thousands of objects in one go (pattern detection reads 16,000 incidents in 90 days at 100,000;
a chart Figure is thousands of artists) makes Python run its cycle collector again and again over every object the
process holds (the Qt widgets, Matplotlib, SQLAlchemy): nearly half of pattern detection's read, a tenth of a
chart. The collector is paused until the block ends and then left as it was found; reference counting still frees
memory as usual, and any cycles made meanwhile are collected by the next ordinary collection.

Usable as a context manager (`with gc_paused():`) or a decorator (`@gc_paused()`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""Cyclic garbage collection paused while a read builds many small objects at once.

Building tens of thousands of tuples in one go (pattern detection reads 16,000 incidents in 90 days at 100,000)
makes Python run its cycle collector again and again over every object the process holds (the Qt widgets,
Matplotlib, SQLAlchemy): nearly half of the read's time. Nothing built there forms a cycle, so the collector is
paused until the block ends and then left as it was found. Reference counting still frees memory as usual.
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

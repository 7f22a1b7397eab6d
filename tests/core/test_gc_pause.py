"""gc_paused: the cycle collector is off inside the block and left as it was found afterwards, errors or not."""

from __future__ import annotations

import gc

import pytest

from carelog.core.gc_pause import gc_paused


def test_paused_inside_and_enabled_again_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_enabled_again_after_an_error() -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_one_in_force() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()  # the outer block is still running
    assert gc.isenabled()


def test_left_off_when_it_was_off_before() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator_it_pauses_each_call() -> None:
    @gc_paused()
    def during() -> bool:
        return gc.isenabled()

    assert during() is False and during() is False
    assert gc.isenabled()

"""The PIN check kept from before Return: used once, only for the same name, secret and stored hash, waited for
while it runs, and never an answer when its check failed."""

from __future__ import annotations

import threading

from carelog.core.verify_ahead import VerifyAhead


def test_an_answer_is_given_once_for_the_same_name_secret_and_hash() -> None:
    ahead = VerifyAhead()
    ahead.check("sam", "hash-1", "1357", lambda: True)
    assert ahead.take("sam", "hash-1", "1358") is None  # another PIN
    assert ahead.take("jo", "hash-1", "1357") is None  # another person
    assert ahead.take("sam", "hash-2", "1357") is None  # the PIN was changed meanwhile
    assert ahead.take("sam", "hash-1", "1357") is True
    assert ahead.take("sam", "hash-1", "1357") is None  # only once


def test_the_newest_check_replaces_the_one_before() -> None:
    ahead = VerifyAhead()
    ahead.check("sam", "h", "135", lambda: False)
    ahead.check("sam", "h", "1357", lambda: True)
    assert ahead.take("sam", "h", "135") is None
    assert ahead.take("sam", "h", "1357") is True


def test_the_same_check_again_is_not_run_twice() -> None:
    ahead = VerifyAhead()
    runs: list[int] = []
    for _ in range(3):
        ahead.check("sam", "h", "1357", lambda: runs.append(1) or True)
    assert runs == [1]


def test_a_sign_in_waits_for_a_check_still_running() -> None:
    ahead = VerifyAhead()
    started, release = threading.Event(), threading.Event()

    def slow() -> bool:
        started.set()
        release.wait(5)
        return True

    worker = threading.Thread(target=ahead.check, args=("sam", "h", "1357", slow))
    worker.start()
    assert started.wait(5)
    answers: list[bool | None] = []
    taker = threading.Thread(target=lambda: answers.append(ahead.take("sam", "h", "1357")))
    taker.start()
    taker.join(0.2)
    assert taker.is_alive() and answers == []  # still waiting for the check
    release.set()
    taker.join(5)
    worker.join(5)
    assert answers == [True]


def test_a_check_that_failed_gives_no_answer() -> None:
    ahead = VerifyAhead()

    def broken() -> bool:
        raise OSError("disk gone")

    ahead.check("sam", "h", "1357", broken)
    assert ahead.take("sam", "h", "1357") is None

"""The recovery key: written as 14 groups of four, typed back forgivingly, typing mistakes named as such."""

from __future__ import annotations

import pytest

from carelog.core.errors import ValidationError
from carelog.core.recovery_key import format_recovery_key, parse_recovery_key

KEY = bytes(range(32))


def test_round_trip_forgives_case_spaces_dashes_and_lookalike_digits() -> None:
    text = format_recovery_key(KEY)
    groups = text.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert parse_recovery_key(text) == KEY
    assert parse_recovery_key(" ".join(groups).lower()) == KEY
    assert parse_recovery_key(text.replace("O", "0").replace("I", "1").replace("B", "8")) == KEY


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ABCD-EFGH", "has 56 letters and digits"),
        (format_recovery_key(KEY)[:-1] + "Q", "typing mistake"),
        (format_recovery_key(KEY)[:-1] + "@", "only the letters A-Z and the digits 2-7"),
    ],
)
def test_mistakes_say_what_to_fix(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_recovery_key(typed)
    assert message in info.value.errors["recovery_key"]

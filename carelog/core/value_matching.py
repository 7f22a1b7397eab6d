"""Match the words of a file to CareLog's lists: tolerant of case, spaces, plurals, synonyms and harm wording.

"Falls" finds "Fall", "Medication error" finds "Medication" (through its synonyms or the first word), "No harm" is
harm none. Where nothing fits, the nearest names are offered (difflib) and the person may choose to create it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carelog.core.dto import CategoryRef
from carelog.core.enums import Kind, PhysicalHarm

HARM_WORDS: dict[str, PhysicalHarm] = {
    "none": PhysicalHarm.NONE,
    "no": PhysicalHarm.NONE,
    "nil": PhysicalHarm.NONE,
    "no harm": PhysicalHarm.NONE,
    "no injury": PhysicalHarm.NONE,
    "low": PhysicalHarm.LOW,
    "minor": PhysicalHarm.LOW,
    "low harm": PhysicalHarm.LOW,
    "minor harm": PhysicalHarm.LOW,
    "moderate": PhysicalHarm.MODERATE,
    "moderate harm": PhysicalHarm.MODERATE,
    "medium": PhysicalHarm.MODERATE,
    "severe": PhysicalHarm.SEVERE,
    "severe harm": PhysicalHarm.SEVERE,
    "major": PhysicalHarm.SEVERE,
    "major harm": PhysicalHarm.SEVERE,
    "serious": PhysicalHarm.SEVERE,
    "serious harm": PhysicalHarm.SEVERE,
    "fatal": PhysicalHarm.FATAL,
    "death": PhysicalHarm.FATAL,
    "died": PhysicalHarm.FATAL,
    "catastrophic": PhysicalHarm.FATAL,
}
KIND_WORDS: dict[str, Kind] = {
    "incidents": Kind.INCIDENT,
    "near misses": Kind.NEAR_MISS,
    "nearmiss": Kind.NEAR_MISS,
    "concern": Kind.LOW_LEVEL_CONCERN,
    "llc": Kind.LOW_LEVEL_CONCERN,
    "low level concerns": Kind.LOW_LEVEL_CONCERN,
    "hazards": Kind.HAZARD,
    "complaints": Kind.COMPLAINT,
    "compliments": Kind.COMPLIMENT,
}


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: 'Slip,  trip ' -> 'slip trip'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def singular(key: str) -> str:
    """Each word's plural ending dropped, roughly: 'falls' -> 'fall', 'injuries' -> 'injury'."""
    out = []
    for word in key.split():
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class Match:
    raw: str
    target: str | None  # the CareLog name/value it matches, or None
    suggestions: tuple[str, ...] = ()


class NameMatcher:
    """Finds one of a list of names from a word people wrote; synonyms map extra words to a name."""

    def __init__(self, names: Iterable[str], synonyms: dict[str, str] | None = None) -> None:
        self.names = list(dict.fromkeys(names))
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        for name in self.names:
            self._exact.setdefault(normalise(name), name)
            self._loose.setdefault(singular(normalise(name)), name)
        for word, name in (synonyms or {}).items():
            self._loose.setdefault(singular(normalise(word)), name)
        self._cache: dict[str, Match] = {}

    def find(self, raw: str) -> Match:
        hit = self._cache.get(raw)
        if hit is None:
            hit = self._cache[raw] = self._find(raw)
        return hit

    def _find(self, raw: str) -> Match:
        key = normalise(raw)
        if not key:
            return Match(raw, None)
        name = self._exact.get(key) or self._loose.get(singular(key))
        if name is None:
            words = singular(key).split()
            # "Medication error" -> "Medication": the longest leading words that name one entry
            for n in range(len(words) - 1, 0, -1):
                name = self._loose.get(" ".join(words[:n]))
                if name:
                    break
        if name is not None:
            return Match(raw, name)
        return Match(raw, None, self.suggest(raw))

    def suggest(self, raw: str, n: int = 3) -> tuple[str, ...]:
        key = singular(normalise(raw))
        pool = {singular(normalise(nm)): nm for nm in self.names}
        pool.update((k, v) for k, v in self._loose.items() if k not in pool)
        close = difflib.get_close_matches(key, list(pool), n=n * 2, cutoff=0.5)
        return tuple(dict.fromkeys(pool[c] for c in close))[:n]


def category_matcher(categories: Sequence[CategoryRef]) -> NameMatcher:
    active = [c for c in categories if c.active]
    synonyms = {word: c.name for c in active for word in c.synonyms}
    synonyms.update({c.code.replace("_", " "): c.name for c in active if c.code})
    return NameMatcher([c.name for c in active], synonyms)


def harm_matcher() -> NameMatcher:
    words = {w: h.label for w, h in HARM_WORDS.items()}
    return NameMatcher([h.label for h in PhysicalHarm], words)


def kind_matcher() -> NameMatcher:
    words = {w: k.label for w, k in KIND_WORDS.items()}
    words.update({k.value.replace("_", " "): k.label for k in Kind})
    return NameMatcher([k.label for k in Kind], words)


def harm_of(label: str) -> PhysicalHarm:
    return next(h for h in PhysicalHarm if h.label == label)


def kind_of(label: str) -> Kind:
    return next(k for k in Kind if k.label == label)

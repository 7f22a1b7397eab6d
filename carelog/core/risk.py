"""NPSA 5x5 risk matrix (2008): score = consequence x likelihood, banded low/moderate/high/extreme."""

from __future__ import annotations

from dataclasses import dataclass

CONSEQUENCES = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}
LIKELIHOODS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}


@dataclass(frozen=True)
class RiskBand:
    name: str
    colour: str


LOW = RiskBand("Low", "#5cb85c")
MODERATE = RiskBand("Moderate", "#f0d000")
HIGH = RiskBand("High", "#f0a030")
EXTREME = RiskBand("Extreme", "#d9534f")


def risk_score(consequence: int, likelihood: int) -> int:
    if consequence not in CONSEQUENCES or likelihood not in LIKELIHOODS:
        raise ValueError("consequence and likelihood must each be 1 to 5")
    return consequence * likelihood


def risk_band(score: int) -> RiskBand:
    """Bands: 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme (the products 7, 13, 14 cannot occur)."""
    if score < 1 or score > 25:
        raise ValueError("a risk score is 1 to 25")
    if score <= 3:
        return LOW
    if score <= 6:
        return MODERATE
    if score <= 12:
        return HIGH
    return EXTREME

"""Action strength (VA hierarchy, DOMAIN.md section 4) and the "weaker actions only" flag for a plan.

Stronger actions change the system so the error is hard to make; weaker ones rely on people remembering.
"""

from __future__ import annotations

from collections.abc import Iterable

from carelog.core.enums import LabelledEnum


class ActionStrength(LabelledEnum):
    STRONGER = "stronger"
    INTERMEDIATE = "intermediate"
    WEAKER = "weaker"


EXAMPLES: dict[ActionStrength, tuple[str, ...]] = {
    ActionStrength.STRONGER: (
        "physical or architectural change (e.g. move the call bell, fit a sensor mat, remove a trip hazard)",
        "forcing function (equipment that cannot be used the wrong way)",
        "simplify or standardise the process (one medicines round order for every floor)",
        "new device, tested with staff before use",
        "visible leadership action (manager on the floor at handover)",
    ),
    ActionStrength.INTERMEDIATE: (
        "more staff or less workload at the risky time",
        "checklist or cognitive aid",
        "software change (e.g. an eMAR prompt)",
        "read-back or structured handover",
        "fewer distractions (do-not-disturb tabard on the medicines round)",
        "better documentation (care plan or risk assessment rewritten)",
    ),
    ActionStrength.WEAKER: (
        "double check",
        "warning or sign",
        "new policy, procedure or memo",
        "training or supervision",
        "further study or audit",
    ),
}

# Words that suggest a strength when someone types an action title. Only a hint: the manager chooses.
_KEYWORDS: tuple[tuple[ActionStrength, tuple[str, ...]], ...] = (
    (
        ActionStrength.STRONGER,
        (
            "sensor",
            "install",
            "fit ",
            "fitted",
            "replace",
            "remove",
            "move ",
            "relocate",
            "redesign",
            "standardis",
            "simplif",
            "forcing",
            "lock",
            "rail",
            "lighting",
            "new device",
            "equipment",
            "alarm mat",
        ),
    ),
    (
        ActionStrength.INTERMEDIATE,
        (
            "checklist",
            "staffing",
            "extra staff",
            "rota",
            "workload",
            "emar",
            "software",
            "read-back",
            "read back",
            "handover",
            "distraction",
            "tabard",
            "care plan",
            "risk assessment",
            "documentation",
        ),
    ),
    (
        ActionStrength.WEAKER,
        (
            "training",
            "train ",
            "double check",
            "double-check",
            "remind",
            "memo",
            "policy",
            "poster",
            "sign ",
            "warning",
            "supervision",
            "audit",
            "study",
            "review the",
            "toolbox talk",
        ),
    ),
)


def suggest_strength(title: str) -> ActionStrength | None:
    """A strength suggested by the words of an action title, or None if nothing matches."""
    text = f" {title.lower()} "
    for strength, words in _KEYWORDS:
        if any(w in text for w in words):
            return strength
    return None


def only_weaker(strengths: Iterable[ActionStrength]) -> bool:
    """True for a plan (e.g. the actions of one review) that has actions and all of them are weaker."""
    items = list(strengths)
    return bool(items) and all(s == ActionStrength.WEAKER for s in items)


def weak_plans(actions: Iterable[tuple[int | None, ActionStrength]]) -> set[int]:
    """Ids of the plans (review ids) whose actions are all weaker. Actions without a plan are ignored."""
    by_plan: dict[int, list[ActionStrength]] = {}
    for plan_id, strength in actions:
        if plan_id is not None:
            by_plan.setdefault(plan_id, []).append(strength)
    return {plan for plan, strengths in by_plan.items() if only_weaker(strengths)}

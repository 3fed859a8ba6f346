"""Tiers and reasons: every posting lands in one tier, with every reason that put it there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

import msgspec

Tier = Literal["eligible", "needs_approval", "excluded"]
TIERS: tuple[Tier, ...] = get_args(Tier)  # best first: the one list of tier names
TIER_RANK: dict[str, int] = {tier: rank for rank, tier in enumerate(TIERS)}


class Reason(msgspec.Struct, frozen=True):
    """One plain sentence with a stable code, the tier it puts the posting in, and its source.

    `kind` orders reasons for a case manager: "bar" (sets the tier), "fit" (why it ranks where it
    does), "todo" (something the participant can do on the way in: a quick credential to get),
    "check" (something unknown to ask about), "bonus" (what the employer gains).
    """

    code: str
    tier: Tier
    text: str
    source: str = ""
    kind: str = "bar"


def worst_tier(reasons: Iterable[Reason]) -> Tier:
    """The tier set by the strictest reason (eligible when there is none)."""
    rank = max((TIER_RANK[reason.tier] for reason in reasons), default=0)
    return TIERS[rank]


_KIND_ORDER = {"bar": 0, "fit": 1, "todo": 2, "check": 3, "bonus": 4}


def reason_order(reason: Reason) -> tuple[int, int]:
    """Sort key: the reasons that set the tier first (excluded before approval), then fit, to-dos,
    checks, employer bonuses."""
    return (-TIER_RANK[reason.tier], _KIND_ORDER.get(reason.kind, 5))

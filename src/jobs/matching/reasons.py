"""Tiers and reasons: every posting lands in one tier, with every reason that put it there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

import msgspec
from msgspec import UNSET, UnsetType

Tier = Literal["eligible", "needs_approval", "excluded"]
TIERS: tuple[Tier, ...] = get_args(Tier)  # best first: the one list of tier names
TIER_RANK: dict[str, int] = {tier: rank for rank, tier in enumerate(TIERS)}


class ReasonParams(msgspec.Struct, frozen=True, omit_defaults=True):
    """The facts a reason's sentence is made of, so that a page can say it in the reader's
    language (``text`` is the English sentence). Only the fields a code uses are stored.

    A credential to get (``credential_to_get``): ``credential`` in the posting's words; ``when``
    it is had (``WHEN``), with ``within`` ``unit``s of hire or ``during`` training, orientation,
    onboarding or the new job's trial period, and ``posted_words``, the posting's own words for
    when; ``how`` getting it goes (``credential_effort``'s words); whether the employer pays or
    trains for it. A check on credentials asked for some positions (``credential_some_positions``,
    ``cdl_some_positions``): ``credentials``, each in the posting's words.
    """

    credential: str = ""
    when: str = ""  # one of WHEN
    within: int = 0
    unit: str = ""  # day | week | month | year
    during: str = ""  # training | orientation | onboarding | trial_period
    posted_words: str = ""
    how: str = ""
    employer_pays: bool = False
    employer_trains: bool = False
    credentials: tuple[str, ...] = ()


# When a credential to get is had: before applying; within some days, weeks or months of hire;
# during training; after hire (no time said); as the posting says it (words we cannot read).
WHEN = ("before_applying", "within", "during", "after_hire", "as_posted")


class Reason(msgspec.Struct, frozen=True):
    """One plain sentence with a stable code, the tier it puts the posting in, and its source.

    `kind` orders reasons for a case manager: "bar" (sets the tier), "fit" (why it ranks where it
    does), "todo" (something the participant can do on the way in: a quick credential to get),
    "check" (something unknown to ask about), "bonus" (what the employer gains). `params`, when
    set, holds the facts of `text` for pages in other languages (left out of the JSON otherwise).
    """

    code: str
    tier: Tier
    text: str
    source: str = ""
    kind: str = "bar"
    params: ReasonParams | UnsetType = UNSET


def worst_tier(reasons: Iterable[Reason]) -> Tier:
    """The tier set by the strictest reason (eligible when there is none)."""
    rank = max((TIER_RANK[reason.tier] for reason in reasons), default=0)
    return TIERS[rank]


# How a job fits the person (RANKING.md): the code of the reason that says it.
FitBand = Literal["fits_experience", "entry_level", "stretch", "open"]
FIT_BANDS: tuple[FitBand, ...] = get_args(FitBand)

_KIND_ORDER = {"bar": 0, "fit": 1, "todo": 2, "check": 3, "bonus": 4}


def reason_order(reason: Reason) -> tuple[int, int]:
    """Sort key: the reasons that set the tier first (excluded before approval), then the fit
    band (what decided the rank within the tier), then other fit, to-dos, checks, employer
    bonuses."""
    if reason.code in FIT_BANDS:
        return (-TIER_RANK[reason.tier], -1)
    return (-TIER_RANK[reason.tier], _KIND_ORDER.get(reason.kind, 5))


def fit_band(reasons: Iterable[Reason | dict[str, object]]) -> FitBand | None:
    """The fit band among a match's reasons (stored reasons are dicts), or None."""
    for reason in reasons:
        code = reason.get("code") if isinstance(reason, dict) else reason.code
        band = band_of(code)
        if band is not None:
            return band
    return None


def band_of(code: object) -> FitBand | None:
    """The fit band a reason's code names, or None (most codes name none)."""
    return _BAND_OF.get(str(code))


_BAND_OF: dict[str, FitBand] = {band: band for band in FIT_BANDS}

"""A page's match views (services/review.py ``_built_views``) are the ones the old path built,
field for field, for any stored match, posting and reading: the match's reasons are read in
one pass instead of four, and the participant's home once per page instead of once per match."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching.pay import hourly_pay
from jobs.matching.reasons import fit_band
from jobs.services import review
from jobs.services.review import (
    CLOSING_SOON_DAYS,
    NEAREST_CHILD_PLACE,
    MatchView,
    _needs,
    _place,
    distance_km,
)
from jobs.store import Participant
from jobs.transit.directions import trip_of

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


# The old path, as it was: each field read on its own.
def _old_nearest_child_place(reasons: list[dict[str, Any]]) -> str | None:
    for reason in reasons:
        if reason.get("code") == NEAREST_CHILD_PLACE:
            return str(reason.get("text") or "") or None
    return None


def _old_to_dos(reasons: list[dict[str, Any]]) -> list[str]:
    return [r.get("text", "") for r in reasons if r.get("kind") == "todo" and r.get("text")]


def old_views(participant: Any, rows: list[Any], extractions: dict[int, Any], trips: bool) -> list:
    views = []
    soon = NOW + dt.timedelta(days=CLOSING_SOON_DAYS)
    for (
        (match_id, participant_id, posting_id, tier, score, components, reasons, transit,
         review_status, dismissal_reason),
        (title, employer, employer_id, locations, pmin, pmax, unit, apply, verified, closes,
         interested, referral_status, *_),
    ) in rows:  # fmt: skip
        reasons = reasons or []
        transit = transit or {}
        place, lat, lon = _place(locations, transit)
        hourly = hourly_pay(pmin, pmax, unit)
        extraction = extractions.get(posting_id, {})
        needs = _needs(extraction)
        views.append(
            MatchView(
                match_id=match_id, participant_id=participant_id, posting_id=posting_id,
                title=title, employer=employer or "Employer not stated",
                employer_stated=bool(employer), employer_id=employer_id, tier=tier,
                score=round(score, 1), components=components or {}, reasons=reasons,
                transit=transit, review_status=review_status, dismissal_reason=dismissal_reason,
                place=place, lat=lat, lon=lon, pay_min=pmin, pay_max=pmax, pay_unit=unit,
                hourly_min=None if hourly is None else round(hourly.low, 2),
                hourly_max=None if hourly is None else round(hourly.high, 2),
                shifts=list(extraction.get("shifts", [])),
                needs=[need.label for need in needs], need_items=needs,
                to_dos=_old_to_dos(reasons), fit_band=fit_band(reasons),
                trip_there=trip_of(transit.get("to_work")) if trips else None,
                trip_home=trip_of(transit.get("way_home")) if trips else None,
                approvals=[
                    {"code": str(r.get("code", "")), "text": str(r.get("text", ""))}
                    for r in reasons
                    if r.get("tier") == "needs_approval" and r.get("text")
                ],
                interested=interested is not None, referral_status=referral_status,
                distance_km=distance_km(participant.home_lat, participant.home_lon, lat, lon),
                fair_chance_verified=bool(verified), apply_url=apply or "",
                nearest_child_place=_old_nearest_child_place(reasons),
                closes_on=closes.date() if closes else None,
                closing_soon=bool(closes and closes <= soon),
            )
        )  # fmt: skip
    return views


words = st.text(alphabet=st.sampled_from("ab <>&é9:"), max_size=8)
codes = st.sampled_from([NEAREST_CHILD_PLACE, "entry_level", "stretch", "open", "curfew"])
reasons = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "code": st.none() | codes,
            "tier": st.sampled_from(["eligible", "needs_approval", "excluded"]),
            "kind": st.sampled_from(["todo", "fit", "rule"]),
            "text": st.none() | st.just("") | words,
        },
    ),
    max_size=8,
)
WALK = {
    "mode": "walk", "route": None, "from": "origin", "to": "Main St", "from_stop": None,
    "to_stop": None, "depart": "2026-12-07T06:27:40", "arrive": "2026-12-07T06:35:00",
}  # fmt: skip
RIDE = {
    **WALK, "mode": "transit", "route": "35", "from": "Main St", "to": "Troost",
    "depart": "2026-12-07T06:40:00", "arrive": "2026-12-07T06:58:00",
}  # fmt: skip
LAST = {**WALK, "from": "Troost", "to": "destination", "depart": "2026-12-07T06:58:00"}
JOURNEY = {
    "reachable": True, "minutes": 33.3, "depart": "2026-12-07T06:27:40",
    "arrive": "2026-12-07T07:01:00", "transfers": 0, "walk_meters": 900,
    "legs": [WALK, RIDE, {**LAST, "arrive": "2026-12-07T07:01:00"}],
}  # fmt: skip
journeys = st.sampled_from([None, {}, {**JOURNEY, "reachable": False}, JOURNEY])
transits = st.none() | st.fixed_dictionaries(
    {},
    optional={
        "minutes": st.none() | st.floats(0, 200),
        "to_work": journeys,
        "way_home": journeys,
        "site": st.fixed_dictionaries({"text": words, "lat": st.just(39.1), "lon": st.just(-94.5)}),
    },
)
places = st.lists(
    st.fixed_dictionaries(
        {"text": words}, optional={"lat": st.floats(38, 40), "lon": st.floats(-95, -94)}
    ),
    max_size=2,
)
matches = st.tuples(
    st.integers(1, 10**6),  # match id
    st.just(1),
    st.integers(1, 4),  # posting id
    st.sampled_from(["eligible", "needs_approval", "excluded"]),
    st.floats(0, 100),
    st.none() | st.fixed_dictionaries({}, optional={"skills": st.floats(0, 100)}),
    st.none() | reasons,
    transits,
    st.sampled_from(["new", "dismissed"]),
    st.none() | words,
)
postings = st.tuples(
    words,
    st.none() | words,
    st.none() | st.integers(1, 9),
    places,
    st.none() | st.floats(0, 90000),
    st.none() | st.floats(0, 90000),
    st.none() | st.sampled_from(["hour", "year", "fortnight"]),
    st.none() | words,
    st.none() | st.booleans(),
    st.none() | st.sampled_from([NOW + dt.timedelta(days=d) for d in (-1, 3, 7, 8, 30)]),
    st.none() | st.integers(1, 4),  # interested
    st.none() | st.sampled_from(["referred", "hired"]),
)
asks = st.lists(
    st.fixed_dictionaries(
        {"label": words}, optional={"id": st.none() | words, "required": st.booleans()}
    ),
    max_size=4,
)
readings = st.fixed_dictionaries(
    {},
    optional={
        "credentials": asks,
        "skills": asks,
        "entry_level": st.booleans(),
        "drivers_license": st.sampled_from(["required", "preferred"]),
        "shifts": st.lists(st.fixed_dictionaries({"label": words}), max_size=2),
    },
)


@given(
    st.lists(st.tuples(matches, postings), max_size=6),
    st.dictionaries(st.integers(1, 4), readings),
    st.none() | st.tuples(st.floats(38, 40), st.floats(-95, -94)),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)  # a loaded machine is not a failure
def test_match_views_are_the_old_paths_field_for_field(rows, extractions, home, trips):
    participant = Participant(id=1, home_lat=home and home[0], home_lon=home and home[1])

    async def readings_of(_session: Any, _ids: Any) -> dict[int, Any]:
        return extractions

    async def built() -> list[MatchView]:
        return await review._built_views(None, participant, rows, trips=trips)  # type: ignore[arg-type]

    before = (review.current_extractions, review.utcnow)
    review.current_extractions, review.utcnow = readings_of, lambda: NOW  # type: ignore[assignment]
    try:
        views = asyncio.run(built())
    finally:
        review.current_extractions, review.utcnow = before  # type: ignore[assignment]
    expected = old_views(participant, rows, extractions, trips)
    assert views == expected
    assert msgspec.to_builtins(views) == msgspec.to_builtins(expected)

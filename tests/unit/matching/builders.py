"""Builders for participants, postings and transit answers used by the matching tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from jobs.matching import (
    PostingFacts,
    Reach,
    TripHome,
    TripToWork,
)
from jobs.participant_format import ParticipantIn, parse_participant

TODAY = dt.date(2026, 11, 28)

# A Kansas City, Missouri site (Jackson County) and one in Kansas City, Kansas (Wyandotte).
KCMO = {
    "text": "1800 Grand Blvd, Kansas City, MO",
    "city": "Kansas City",
    "region": "MO",
    "postal_code": "64108",
    "county": "Jackson",
    "lat": 39.0911,
    "lon": -94.5812,
}
KCK = {
    "text": "1200 Kansas Ave, Kansas City, KS",
    "city": "Kansas City",
    "region": "KS",
    "postal_code": "66105",
    "county": "Wyandotte",
    "lat": 39.0872,
    "lon": -94.6365,
}


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def person(**changes: Any) -> ParticipantIn:
    """A participant with no supervision and no record unless changed (nested dicts merge)."""
    base = {
        "external_ref": "T-1",
        "name": "Test Person",
        "home": {"postal_code": "64130", "lat": 39.035, "lon": -94.547},
        "skills": ["forklift operation", "inventory control"],
        "credentials": ["forklift certification", "osha 10"],
        "work_history": [{"title": "warehouse associate", "years": 2.0}],
        "desired_titles": ["warehouse associate"],
        "max_commute_minutes": 60,
        "min_hourly_wage": 15.0,
        "supervision": {"agency": "none"},
        "record": {"felony": False},
    }
    return parse_participant(_merge(base, changes))


def posting(**changes: Any) -> PostingFacts:
    """A plain on-site day job in Kansas City, Missouri, unless changed."""
    base: dict[str, Any] = {
        "id": "P-1",
        "title": "Warehouse Associate",
        "employer": "Example Co.",
        "policy": {"industry": "warehousing", "naics": "493110"},
        "locations": [KCMO],
        "workplace": "on_site",
        "pay": {"min": 18.0, "unit": "hour"},
        "requirements": {
            "shifts": [
                {
                    "label": "day",
                    "start": "08:00",
                    "end": "16:30",
                    "days": ["mon", "tue", "wed", "thu", "fri"],
                }
            ]
        },
    }
    data = _merge(base, changes)
    return msgspec.convert(data, PostingFacts)


def reach(
    minutes: float = 30,
    home_arrive: str | None = None,
    home: bool = True,
    leave_home: str | None = None,
    transfers: int = 1,
) -> Reach:
    """A transit answer: to work in `minutes`, home arriving at `home_arrive`."""
    return Reach(
        to_work=TripToWork(
            reachable=True,
            minutes=minutes,
            transfers=transfers,
            walk_meters=300,
            routes=["Prospect MAX"],
            leave_home=leave_home,
        ),
        home=TripHome(reachable=home, minutes=minutes if home else None, arrive=home_arrive),
        home_after_shift=home,
    )

"""A participant read once for matching: times as weekly intervals, names normalised."""

from __future__ import annotations

import datetime as dt

import msgspec

from jobs.matching.clock import (
    ALL_DAYS,
    DAY_MINUTES,
    Interval,
    day_indexes,
    duration,
    minutes_of,
    weekly,
)
from jobs.matching.places import county_key
from jobs.participant_format import ParticipantIn


class Duty(msgspec.Struct, frozen=True):
    """A required appointment as weekly intervals."""

    label: str
    spans: tuple[Interval, ...]
    when: str  # "Thu 18:00-20:00"
    movable: bool
    where: tuple[float, float] | None = None  # (lat, lon) where it meets, when recorded


class Situation(msgspec.Struct, frozen=True):
    """What the rules need to know about one participant, computed once per participant."""

    participant: ParticipantIn
    agency: str
    approved_states: frozenset[str]
    approved_counties: frozenset[str]
    permits: frozenset[str]  # standing permits, lower-case
    conditions: frozenset[str]
    curfew: tuple[Interval, ...]  # one interval per day; empty when there is no curfew
    curfew_text: str
    electronic_monitoring: bool
    duties: tuple[Duty, ...]
    availability: tuple[Interval, ...]
    felony: bool
    offenses: frozenset[str]
    conviction_date: dt.date | None
    release_date: dt.date | None
    registrant: bool
    supervised: bool


def _when(days: list[str], start: str, end: str) -> str:
    names = ", ".join(day[:3].capitalize() for day in days) or "every day"
    return f"{names} {start}-{end}"


def situation_of(participant: ParticipantIn) -> Situation:
    """Prepare a participant for the rules."""
    sup = participant.supervision
    curfew: tuple[Interval, ...] = ()
    curfew_text = ""
    if sup.curfew is not None:
        start, end = minutes_of(sup.curfew.start), minutes_of(sup.curfew.end)
        curfew = tuple(weekly(ALL_DAYS, start, duration(start, end)))
        curfew_text = f"{sup.curfew.start}-{sup.curfew.end}"
    duties = []
    for obligation in sup.obligations:
        start, end = minutes_of(obligation.start), minutes_of(obligation.end)
        days = day_indexes(obligation.days)
        duties.append(
            Duty(
                obligation.label,
                tuple(weekly(days, start, duration(start, end))),
                _when(list(obligation.days), obligation.start, obligation.end),
                obligation.movable,
                None
                if obligation.lat is None or obligation.lon is None
                else (obligation.lat, obligation.lon),
            )
        )
    windows: list[Interval] = []
    for window in participant.availability:
        start, end = minutes_of(window.start), minutes_of(window.end)
        length = duration(start, end) if end != start else DAY_MINUTES
        windows.extend(weekly(day_indexes(window.days), start, length))
    approved_states = {state.upper() for state in sup.approved_states}
    if not approved_states and sup.agency == "missouri_pp":
        approved_states = {"MO"}
    if not approved_states and sup.agency == "kansas_doc":
        approved_states = {"KS"}
    record = participant.record
    return Situation(
        participant=participant,
        agency=sup.agency,
        approved_states=frozenset(approved_states),
        approved_counties=frozenset(county_key(c) for c in sup.approved_counties),
        permits=frozenset(permit.strip().lower() for permit in sup.standing_permits),
        conditions=frozenset(sup.conditions),
        curfew=curfew,
        curfew_text=curfew_text,
        electronic_monitoring=sup.electronic_monitoring,
        duties=tuple(duties),
        availability=tuple(windows),
        felony=record.felony,
        offenses=frozenset(record.offense_categories),
        conviction_date=record.conviction_date,
        release_date=record.release_date,
        registrant=record.registrant,
        supervised=sup.agency != "none",
    )

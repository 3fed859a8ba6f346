"""DESIGN's participant format as msgspec Structs: the shape of import files and of the API.

Pure: no database. ``parse_participants`` validates a whole file and names the record and field of
every problem, so an import can refuse the file without writing anything.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal, get_args

import msgspec

from jobs.days import Day
from jobs.errors import ImportRejected

Agency = Literal["none", "missouri_pp", "federal", "kansas_doc"]
Condition = Literal[
    "no_alcohol_venues",
    "no_minors",
    "no_computer",
    "no_cash_handling",
    "occupational_restriction",
    "no_employment_without_approval",
]
OffenseCategory = Literal[
    "violent",
    "sex",
    "drug_possession",
    "drug_distribution",
    "theft_fraud",
    "dui",
    "weapons",
    "other",
]
CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
ClockTime = Annotated[str, msgspec.Meta(pattern=CLOCK_PATTERN)]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
Text = Annotated[str, msgspec.Meta(max_length=500)]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]

CONDITIONS: tuple[str, ...] = get_args(Condition)
AGENCIES: tuple[str, ...] = get_args(Agency)
OFFENSE_CATEGORIES: tuple[str, ...] = get_args(OffenseCategory)


class Strict(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=False):
    """Input shapes refuse fields they do not know (no silent typos, no mass assignment)."""


class Home(Strict):
    address: Text = ""
    postal_code: Annotated[str, msgspec.Meta(pattern=r"^(\d{5}(-\d{4})?)?$")] = ""
    lat: Latitude | None = None
    lon: Longitude | None = None


class WorkHistoryEntry(Strict):
    title: Label
    years: Annotated[float, msgspec.Meta(ge=0, le=60)] = 0.0


class Availability(Strict):
    days: list[Day]
    start: ClockTime
    end: ClockTime


class Curfew(Strict):
    start: ClockTime
    end: ClockTime


class RestrictedSite(Strict):
    label: Label
    lat: Latitude
    lon: Longitude
    radius_m: Annotated[float, msgspec.Meta(gt=0, le=50_000)]


class Training(Strict):
    """A credential the participant is training for, and when they expect to hold it."""

    credential: Label
    expected: date | None = None


class Obligation(Strict):
    label: Label
    days: list[Day]
    start: ClockTime
    end: ClockTime
    lat: Latitude | None = None
    lon: Longitude | None = None
    movable: bool = False


class SupervisionTerms(Strict):
    agency: Agency = "none"
    approved_states: list[Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]] = []
    approved_counties: list[Label] = []
    standing_permits: list[Label] = []
    curfew: Curfew | None = None
    electronic_monitoring: bool = False
    conditions: list[Condition] = []
    restricted_occupations: list[Label] = []
    restricted_sites: list[RestrictedSite] = []
    obligations: list[Obligation] = []


class RecordFacts(Strict):
    felony: bool = False
    offense_categories: list[OffenseCategory] = []
    conviction_date: date | None = None
    release_date: date | None = None
    registrant: bool = False


class ParticipantIn(Strict):
    """One participant as imported or sent to the API."""

    external_ref: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    name: Label
    home: Home = msgspec.field(default_factory=Home)
    skills: list[Label] = []
    credentials: list[Label] = []
    training: list[Training] = []  # credentials in progress ("CDL class A", expected 2027-03-15)
    work_history: list[WorkHistoryEntry] = []
    desired_titles: list[Label] = []
    drivers_license: bool = False
    has_vehicle: bool = False
    max_commute_minutes: Annotated[int, msgspec.Meta(ge=5, le=240)] = 60
    min_hourly_wage: Annotated[float, msgspec.Meta(ge=0, le=500)] | None = None
    availability: list[Availability] = []
    supervision: SupervisionTerms = msgspec.field(default_factory=SupervisionTerms)
    record: RecordFacts = msgspec.field(default_factory=RecordFacts)


def _check_meaning(item: ParticipantIn) -> list[str]:
    """Rules the types cannot say: pairs of fields that must agree."""
    problems = []
    if (item.home.lat is None) != (item.home.lon is None):
        problems.append("home: give both lat and lon, or neither")
    sup = item.supervision
    if "occupational_restriction" in sup.conditions and not sup.restricted_occupations:
        problems.append(
            "supervision.restricted_occupations: required with occupational_restriction"
        )
    for i, obligation in enumerate(sup.obligations):
        if (obligation.lat is None) != (obligation.lon is None):
            problems.append(f"supervision.obligations[{i}]: give both lat and lon, or neither")
    rec = item.record
    if rec.conviction_date and rec.release_date and rec.release_date < rec.conviction_date:
        problems.append("record.release_date: before conviction_date")
    return problems


def parse_participant(obj: Any) -> ParticipantIn:
    """Validate one participant object; raises msgspec.ValidationError or ValueError."""
    item = msgspec.convert(obj, ParticipantIn)
    problems = _check_meaning(item)
    if problems:
        raise ValueError("; ".join(problems))
    return item


def parse_participants(raw: bytes | str, source: str = "input") -> list[ParticipantIn]:
    """Parse a JSON array of participants; any bad record rejects the whole file.

    The error lists every bad record by position and external_ref, with the field at fault.
    """
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportRejected(f"{source}: not valid JSON ({exc})", [str(exc)]) from None
    if not isinstance(document, list):
        raise ImportRejected(f"{source}: expected a JSON array of participants", [])
    problems: list[str] = []
    parsed: list[ParticipantIn] = []
    seen: dict[str, int] = {}
    for index, obj in enumerate(document, start=1):
        ref = obj.get("external_ref") if isinstance(obj, dict) else None
        where = f"record {index}" + (f" ({ref})" if isinstance(ref, str) and ref else "")
        try:
            item = parse_participant(obj)
        except msgspec.ValidationError as exc:
            problems.append(f"{where}: {_readable(str(exc))}")
            continue
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if item.external_ref in seen:
            first = seen[item.external_ref]
            problems.append(f"{where}: external_ref {item.external_ref!r} repeats record {first}")
            continue
        seen[item.external_ref] = index
        parsed.append(item)
    if problems:
        count = len(problems)
        raise ImportRejected(
            f"{source}: {count} bad record{'s' if count > 1 else ''}; nothing was imported",
            problems,
        )
    return parsed


def _readable(message: str) -> str:
    # msgspec says "... - at `$.supervision.curfew.start`"; lead with the field instead.
    text, sep, path = message.rpartition(" - at `")
    if not sep:
        return message
    field = path.rstrip("`").removeprefix("$").lstrip(".") or "(record)"
    if "matching regex" in text and CLOCK_PATTERN in text.replace("\\\\", "\\"):
        text = "expected a time of day HH:MM between 00:00 and 23:59"
    return f"{field}: {text}"

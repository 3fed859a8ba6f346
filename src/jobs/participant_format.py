"""DESIGN's participant format as msgspec Structs: the shape of import files and of the API.

Pure: no database. ``parse_participants`` validates a whole file and names the record and field of
every problem, so an import can refuse the file without writing anything.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

import msgspec
import phonenumbers

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


class ContactIn(Strict):
    """How the participant may be reached, and the channels they agreed to (nothing is sent on
    any other). Phone in E.164 ("+18165550123")."""

    phone: Annotated[str, msgspec.Meta(max_length=20)] | None = None
    email: Annotated[str, msgspec.Meta(max_length=254)] | None = None
    channels: list[Literal["sms", "email"]] = []
    language: Literal["en", "es"] = "en"


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` is not a valid E.164 number (None when it is)."""
    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return "expected a phone number in E.164 form, such as +18165550123"
    if not phonenumbers.is_valid_number(parsed):
        return "not a valid phone number"
    if phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) != phone:
        return "write the number in E.164 form, such as +18165550123"
    return None


EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def contact_problems(contact: ContactIn) -> list[str]:
    """Rules the contact types cannot say."""
    problems = []
    if contact.phone is not None:
        problem = phone_problem(contact.phone)
        if problem:
            problems.append(f"contact.phone: {problem}")
    if contact.email is not None and not EMAIL_PATTERN.match(contact.email):
        problems.append("contact.email: not an email address")
    if "sms" in contact.channels and not contact.phone:
        problems.append("contact.channels: sms needs contact.phone")
    if "email" in contact.channels and not contact.email:
        problems.append("contact.channels: email needs contact.email")
    return problems


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
    contact: ContactIn | None = None  # None: leave what is stored as it is


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
    if item.contact is not None:
        problems.extend(contact_problems(item.contact))
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

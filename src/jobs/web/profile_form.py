"""The participant profile form on the specialist's pages (intake and editing): the posted form
as DESIGN's participant document, a stored participant as the form's values, and each problem
next to the form field it belongs to.

Every field is read in one pass, each with a plain message saying how to fix it ("Enter a curfew
start time like 22:00"), so one submit shows every problem. Lists are typed one item a line: work
history as "title, years", availability as "mon tue 07:00-15:00", restricted sites as
"label; lat, lon; radius_m", obligations as "label; thu; 18:00-20:00", training as
"credential, YYYY-MM-DD"; states and counties may also be separated by commas.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from jobs.days import DAYS
from jobs.participant_format import AGENCIES, CONDITIONS, OFFENSE_CATEGORIES
from jobs.services.participants import to_participant_format
from jobs.services.profiles import Problem
from jobs.store import Participant

FIELD_ORDER = (
    "external_ref",
    "name",
    "home_address",
    "home_postal_code",
    "home_lat",
    "home_lon",
    "skills",
    "credentials",
    "training",
    "work_history",
    "desired_titles",
    "max_commute_minutes",
    "min_hourly_wage",
    "availability",
    "agency",
    "approved_states",
    "approved_counties",
    "curfew_start",
    "curfew_end",
    "conditions",
    "restricted_occupations",
    "restricted_sites",
    "obligations",
    "offense_categories",
    "conviction_date",
    "release_date",
)
# Where a field's message links to: checkbox groups link to their first box.
FIELD_ANCHORS = {
    "conditions": "cond-" + CONDITIONS[0],
    "offense_categories": "off-" + OFFENSE_CATEGORIES[0],
}
CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# Day codes, and the longer spellings people type ("tues", "thurs"); any word is read by its
# first three letters too ("Tuesday").
LONGER_DAY_WORDS = {"tues": "tue", "weds": "wed", "thur": "thu", "thurs": "thu"}
DAY_WORDS = {day: day for day in DAYS} | LONGER_DAY_WORDS
LABEL_MAX = 200


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _bool(data: Any, name: str) -> bool:
    return str(data.get(name, "")) in ("1", "on", "true")


def _getall(data: Any, name: str) -> list[str]:
    if hasattr(data, "getall"):
        return [str(v) for v in data.getall(name)] if name in data else []
    value = data.get(name, [])
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def _clock(text: str) -> str | None:
    """'7:00' or '07:00' as '07:00'; None when it is not a time of day."""
    found = CLOCK.match(text.strip())
    return f"{int(found.group(1)):02d}:{found.group(2)}" if found else None


def _days(words: list[str]) -> list[str] | None:
    """Day words ('mon', 'Tuesday', 'thu') as day codes; None when one is not a day."""
    days = []
    for word in words:
        key = word.strip().lower().rstrip(".")
        day = DAY_WORDS.get(key) or DAY_WORDS.get(key[:3]) if len(key) >= 3 else None
        if day is None:
            return None
        days.append(day)
    return days


def _hours(text: str) -> tuple[str, str] | None:
    """'07:00-15:00' as ('07:00', '15:00'); None when it is not two times."""
    start, sep, end = text.replace("–", "-").partition("-")
    first, last = _clock(start), _clock(end)
    return (first, last) if sep and first and last else None


def _date(text: str) -> str | bool | None:
    """A date typed as YYYY-MM-DD: the text, None when empty, False when not a date."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return False


def _number(text: str) -> float | bool | None:
    """A number as typed (a leading $ is fine): None when empty, False when not a number."""
    text = text.strip().lstrip("$").replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return False
    return value if math.isfinite(value) else False


class FormReading:
    """The form read field by field: the participant document and a plain message for each
    field that needs a fix (every field, in one pass)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: dict[str, str] = {}

    def text(self, name: str) -> str:
        return str(self.data.get(name, "") or "")

    def problem(self, name: str, message: str) -> None:
        self.problems.setdefault(name, message)

    def labels(self, name: str, what: str, *, split_commas: bool = False) -> list[str]:
        raw = self.text(name)
        items = _lines(raw.replace(",", "\n") if split_commas else raw)
        for number, item in enumerate(items, 1):
            if len(item) > LABEL_MAX:
                self.problem(
                    name, f"Each {what} must be {LABEL_MAX} characters or fewer (line {number})"
                )
        return [item for item in items if len(item) <= LABEL_MAX]

    def coordinate(self, name: str, what: str, limit: float, example: str) -> float | None:
        value = _number(self.text(name))
        if value is False or (isinstance(value, float) and abs(value) > limit):
            self.problem(
                name,
                f"Enter the {what} as a number between -{limit:g} and {limit:g}, like {example}",
            )
            return None
        return value if isinstance(value, float) else None


def read_form(data: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """DESIGN's participant document from the profile form, and a plain message for every field
    that needs a fix (all of them at once). Lists are typed one item a line."""
    form = FormReading(data)
    document: dict[str, Any] = {}

    ref = form.text("external_ref").strip()
    if "external_ref" in data:
        if not ref:
            form.problem("external_ref", "Enter the program reference, like KC-0042")
        elif len(ref) > 64:
            form.problem("external_ref", "The program reference must be 64 characters or fewer")
    document["external_ref"] = ref or "-"
    name = " ".join(form.text("name").split())
    if not name:
        form.problem("name", "Enter the participant's full name")
    elif len(name) > LABEL_MAX:
        form.problem("name", f"The full name must be {LABEL_MAX} characters or fewer")
    document["name"] = name[:LABEL_MAX] or "-"

    address = form.text("home_address").strip()
    if len(address) > LABEL_MAX:
        form.problem("home_address", f"The address must be {LABEL_MAX} characters or fewer")
    postal = form.text("home_postal_code").strip()
    if postal and not re.fullmatch(r"\d{5}(-\d{4})?", postal):
        form.problem("home_postal_code", "Enter a ZIP code like 64130 or 64130-1234")
        postal = ""
    lat = form.coordinate("home_lat", "latitude", 90, "39.05")
    lon = form.coordinate("home_lon", "longitude", 180, "-94.55")
    if (lat is None) != (lon is None) and not {"home_lat", "home_lon"} & set(form.problems):
        missing = "home_lat" if lat is None else "home_lon"
        form.problem(missing, "Enter both latitude and longitude, or leave both empty")
        lat = lon = None
    document["home"] = {
        "address": address[:LABEL_MAX],
        "postal_code": postal,
        "lat": lat if lon is not None else None,
        "lon": lon if lat is not None else None,
    }

    document["skills"] = form.labels("skills", "skill")
    document["credentials"] = form.labels("credentials", "credential")
    document["desired_titles"] = form.labels("desired_titles", "job wanted")
    training = []
    for number, line in enumerate(_lines(form.text("training")), 1):
        # "CDL class A, 2027-03-15" (the date is optional)
        credential, _, expected = line.rpartition(",")
        if credential.strip() and any(ch.isdigit() for ch in expected):
            when = _date(expected)
            if when is False:
                form.problem(
                    "training",
                    f"Enter the expected date like 2027-03-15, after a comma (line {number})",
                )
                continue
            training.append({"credential": credential.strip()[:LABEL_MAX], "expected": when})
        else:
            training.append({"credential": line[:LABEL_MAX]})
    document["training"] = training
    history = []
    for number, line in enumerate(_lines(form.text("work_history")), 1):
        title, sep, years_text = line.rpartition(",")
        years = _number(years_text) if sep else None
        if not sep or not title.strip():
            history.append({"title": line[:LABEL_MAX], "years": 0.0})
        elif years is False or not isinstance(years, float) or not 0 <= years <= 60:
            form.problem(
                "work_history",
                f"Enter each job as title, then years from 0 to 60, like line cook, 2 "
                f"(line {number})",
            )
        else:
            history.append({"title": title.strip()[:LABEL_MAX], "years": years})
    document["work_history"] = history
    document["drivers_license"] = _bool(data, "drivers_license")
    document["has_vehicle"] = _bool(data, "has_vehicle")
    commute = _number(form.text("max_commute_minutes"))
    if commute is None:
        document["max_commute_minutes"] = 60
    elif commute is False or not 5 <= commute <= 240 or commute != int(commute):
        form.problem(
            "max_commute_minutes", "Enter the longest commute in whole minutes, from 5 to 240"
        )
        document["max_commute_minutes"] = 60
    else:
        document["max_commute_minutes"] = int(commute)
    wage = _number(form.text("min_hourly_wage"))
    if wage is False or (isinstance(wage, float) and not 0 <= wage <= 500):
        form.problem("min_hourly_wage", "Enter the lowest hourly wage in dollars, like 15.50")
        wage = None
    document["min_hourly_wage"] = wage
    availability = []
    for number, line in enumerate(_lines(form.text("availability")), 1):
        parts = line.replace(",", " ").split()
        days = _days(parts[:-1]) if len(parts) > 1 else None
        hours = _hours(parts[-1]) if parts else None
        if not days or hours is None:
            form.problem(
                "availability",
                f"Enter each block as days then hours, like mon tue wed 07:00-15:00 "
                f"(line {number})",
            )
            continue
        availability.append({"days": days, "start": hours[0], "end": hours[1]})
    document["availability"] = availability
    document["supervision"] = _supervision(form, data)
    document["record"] = _record(form, data)
    return document, form.problems


def _supervision(form: FormReading, data: Any) -> dict[str, Any]:
    agency = form.text("agency") or "none"
    if agency not in AGENCIES:
        form.problem("agency", "Choose the supervising agency from the list")
        agency = "none"
    states = [s.upper() for s in _lines(form.text("approved_states").replace(",", "\n"))]
    if any(not re.fullmatch(r"[A-Z]{2}", state) for state in states):
        form.problem("approved_states", "Enter states as two-letter codes, like MO, KS")
        states = [state for state in states if re.fullmatch(r"[A-Z]{2}", state)]
    counties = form.labels("approved_counties", "county", split_commas=True)
    start_text, end_text = form.text("curfew_start").strip(), form.text("curfew_end").strip()
    start, end = _clock(start_text), _clock(end_text)
    if start_text and start is None:
        form.problem("curfew_start", "Enter a curfew start time like 22:00")
    if end_text and end is None:
        form.problem("curfew_end", "Enter a curfew end time like 06:00")
    if start_text and not end_text:
        form.problem("curfew_end", "Enter when the curfew ends, like 06:00")
    if end_text and not start_text:
        form.problem("curfew_start", "Enter when the curfew starts, like 22:00")
    conditions = _getall(data, "conditions")
    if any(c not in CONDITIONS for c in conditions):
        form.problem("conditions", "Choose conditions from the list")
        conditions = [c for c in conditions if c in CONDITIONS]
    occupations = form.labels("restricted_occupations", "occupation")
    if "occupational_restriction" in conditions and not occupations:
        form.problem(
            "restricted_occupations",
            "Enter the occupations the participant may not work in, one per line",
        )
    sites = []
    for number, line in enumerate(_lines(form.text("restricted_sites")), 1):
        parts = [p.strip() for p in line.split(";")]
        where = parts[1].split(",") if len(parts) > 1 else []
        lat = _number(where[0]) if len(where) == 2 else False
        lon = _number(where[1]) if len(where) == 2 else False
        radius = _number(parts[2]) if len(parts) > 2 else False
        if (
            len(parts) != 3
            or not parts[0]
            or not isinstance(lat, float)
            or not isinstance(lon, float)
            or not isinstance(radius, float)
            or abs(lat) > 90
            or abs(lon) > 180
            or not 0 < radius <= 50_000
        ):
            form.problem(
                "restricted_sites",
                "Enter each site as label; latitude, longitude; radius in metres, like "
                f"victim residence; 39.10, -94.58; 800 (line {number})",
            )
            continue
        sites.append({"label": parts[0][:LABEL_MAX], "lat": lat, "lon": lon, "radius_m": radius})
    obligations = []
    for number, line in enumerate(_lines(form.text("obligations")), 1):
        parts = [p.strip() for p in line.split(";")]
        days = _days(parts[1].replace(",", " ").split()) if len(parts) == 3 else None
        hours = _hours(parts[2]) if len(parts) == 3 else None
        if not parts[0] or not days or hours is None:
            form.problem(
                "obligations",
                "Enter each appointment as label; days; hours, like cognitive group; thu; "
                f"18:00-20:00 (line {number})",
            )
            continue
        obligations.append(
            {"label": parts[0][:LABEL_MAX], "days": days, "start": hours[0], "end": hours[1]}
        )
    return {
        "agency": agency,
        "approved_states": states,
        "approved_counties": counties,
        "curfew": {"start": start, "end": end} if start and end else None,
        "electronic_monitoring": _bool(data, "electronic_monitoring"),
        "conditions": conditions,
        "restricted_occupations": occupations,
        "restricted_sites": sites,
        "obligations": obligations,
    }


def _record(form: FormReading, data: Any) -> dict[str, Any]:
    offenses = _getall(data, "offense_categories")
    if any(c not in OFFENSE_CATEGORIES for c in offenses):
        form.problem("offense_categories", "Choose offence kinds from the list")
        offenses = [c for c in offenses if c in OFFENSE_CATEGORIES]
    dates: dict[str, str | None] = {}
    for name, what, example in (
        ("conviction_date", "conviction date", "2023-04-11"),
        ("release_date", "release date", "2026-10-01"),
    ):
        value = _date(form.text(name))
        if value is False:
            form.problem(name, f"Enter the {what} as a date, like {example}")
            value = None
        dates[name] = value if isinstance(value, str) else None
    convicted, released = dates["conviction_date"], dates["release_date"]
    if convicted and released and released < convicted:
        form.problem("release_date", "The release date must be on or after the conviction date")
        dates["release_date"] = None
    return {
        "felony": _bool(data, "felony"),
        "offense_categories": offenses,
        "conviction_date": dates["conviction_date"],
        "release_date": dates["release_date"],
        "registrant": _bool(data, "registrant"),
    }


def document_from_form(data: Any) -> dict[str, Any]:
    """DESIGN's participant document from the profile form (what ``read_form`` reads)."""
    return read_form(data)[0]


# The form field each document path is shown next to (problems the service finds).
_FIELD_OF = {
    "home.lat": "home_lat",
    "home.lon": "home_lon",
    "home": "home_lat",
    "home.postal_code": "home_postal_code",
    "home.address": "home_address",
    "supervision.curfew": "curfew_start",
    "supervision.approved_states": "approved_states",
    "supervision.approved_counties": "approved_counties",
    "supervision.restricted_sites": "restricted_sites",
    "supervision.obligations": "obligations",
    "supervision.restricted_occupations": "restricted_occupations",
    "supervision.conditions": "conditions",
    "supervision.agency": "agency",
    "record.conviction_date": "conviction_date",
    "record.release_date": "release_date",
    "record.offense_categories": "offense_categories",
}


def _field_for(path: str) -> str:
    base = path.split("[")[0]
    for key in sorted(_FIELD_OF, key=len, reverse=True):
        if path.startswith(key) or base == key:
            return _FIELD_OF[key]
    return base.split(".")[0]


def problems_by_field(problems: list[Problem]) -> dict[str, str]:
    """The service's problems as sentences, keyed by the form field they are shown next to."""
    by_field: dict[str, str] = {}
    for path, message in problems:
        field = _field_for(path)
        by_field.setdefault(field, message[:1].upper() + message[1:] + ".")
    return by_field


def in_form_order(errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """The problems as (anchor, field, message), in the order the fields appear on the form."""
    order = {name: i for i, name in enumerate(FIELD_ORDER)}
    fields = sorted(errors, key=lambda name: order.get(name, len(order)))
    return [(FIELD_ANCHORS.get(f, f), f, errors[f]) for f in fields]


def form_values(participant: Participant) -> dict[str, Any]:
    """The profile form filled from a stored participant."""
    item = to_participant_format(participant)
    sup, rec = item.supervision, item.record
    return {
        "external_ref": item.external_ref,
        "name": item.name,
        "home_address": item.home.address,
        "home_postal_code": item.home.postal_code,
        "home_lat": "" if item.home.lat is None else item.home.lat,
        "home_lon": "" if item.home.lon is None else item.home.lon,
        "skills": "\n".join(item.skills),
        "credentials": "\n".join(item.credentials),
        "training": "\n".join(
            t.credential + (f", {t.expected.isoformat()}" if t.expected else "")
            for t in item.training
        ),
        "work_history": "\n".join(f"{w.title}, {w.years:g}" for w in item.work_history),
        "desired_titles": "\n".join(item.desired_titles),
        "drivers_license": item.drivers_license,
        "has_vehicle": item.has_vehicle,
        "max_commute_minutes": item.max_commute_minutes,
        "min_hourly_wage": "" if item.min_hourly_wage is None else item.min_hourly_wage,
        "availability": "\n".join(
            f"{' '.join(a.days)} {a.start}-{a.end}" for a in item.availability
        ),
        "agency": sup.agency,
        "approved_states": ", ".join(sup.approved_states),
        "approved_counties": ", ".join(sup.approved_counties),
        "curfew_start": sup.curfew.start if sup.curfew else "",
        "curfew_end": sup.curfew.end if sup.curfew else "",
        "electronic_monitoring": sup.electronic_monitoring,
        "conditions": list(sup.conditions),
        "restricted_occupations": "\n".join(sup.restricted_occupations),
        "restricted_sites": "\n".join(
            f"{s.label}; {s.lat}, {s.lon}; {s.radius_m:g}" for s in sup.restricted_sites
        ),
        "obligations": "\n".join(
            f"{o.label}; {' '.join(o.days)}; {o.start}-{o.end}" for o in sup.obligations
        ),
        "felony": rec.felony,
        "offense_categories": list(rec.offense_categories),
        "conviction_date": rec.conviction_date.isoformat() if rec.conviction_date else "",
        "release_date": rec.release_date.isoformat() if rec.release_date else "",
        "registrant": rec.registrant,
    }


def echo_values(form: Any) -> dict[str, Any]:
    """The posted form as values to show again, next to its problems."""
    values: dict[str, Any] = {key: form.get(key) for key in form}
    for name in ("conditions", "offense_categories"):
        values[name] = form.getall(name) if name in form else []
    for name in ("drivers_license", "has_vehicle", "electronic_monitoring", "felony", "registrant"):
        values[name] = form.get(name) in ("1", "on")
    return values

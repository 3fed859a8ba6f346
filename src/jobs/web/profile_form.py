"""The participant profile form on the specialist's pages (intake and editing): the posted form
as DESIGN's participant document, a stored participant as the form's values, and each problem
next to the form field it belongs to.

Lists are typed one item a line: work history as "title, years", availability as
"mon tue 07:00-15:00", restricted sites as "label; lat, lon; radius_m", obligations as
"label; thu; 18:00-20:00", training as "credential, YYYY-MM-DD"; states and counties may also
be separated by commas.
"""

from __future__ import annotations

from typing import Any

from jobs.services.participants import to_participant_format
from jobs.services.profiles import Problem
from jobs.store import Participant


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _bool(data: Any, name: str) -> bool:
    return str(data.get(name, "")) in ("1", "on", "true")


def _getall(data: Any, name: str) -> list[str]:
    if hasattr(data, "getall"):
        return [str(v) for v in data.getall(name)] if name in data else []
    value = data.get(name, [])
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def document_from_form(data: Any) -> dict[str, Any]:
    """DESIGN's participant document from the profile form (lists one item per line)."""

    def num(name: str) -> Any:
        raw = str(data.get(name, "")).strip()
        if not raw:
            return None
        try:
            return float(raw)
        except ValueError:
            return raw  # the schema check names the field

    def history() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("work_history", ""))):
            title, _, years = line.rpartition(",")
            try:
                items.append({"title": title.strip() or line, "years": float(years)})
            except ValueError:
                items.append({"title": line, "years": 0.0})
        return items

    def training() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("training", ""))):
            # "CDL class A, 2027-03-15" (the date is optional)
            name, _, expected = line.rpartition(",")
            if name.strip() and any(ch.isdigit() for ch in expected):
                items.append({"credential": name.strip(), "expected": expected.strip()})
            else:
                items.append({"credential": line})
        return items

    def availability() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("availability", ""))):
            # "mon tue wed 07:00-15:00"
            parts = line.replace(",", " ").split()
            times = parts[-1] if parts else ""
            start, _, end = times.partition("-")
            items.append({"days": [p.lower()[:3] for p in parts[:-1]], "start": start, "end": end})
        return items

    def sites() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("restricted_sites", ""))):
            # "label; lat, lon; radius_m"
            parts = [p.strip() for p in line.split(";")]
            lat, _, lon = (parts[1] if len(parts) > 1 else "").partition(",")
            items.append(
                {
                    "label": parts[0],
                    "lat": _float_or_text(lat),
                    "lon": _float_or_text(lon),
                    "radius_m": _float_or_text(parts[2] if len(parts) > 2 else ""),
                }
            )
        return items

    def obligations() -> list[dict[str, Any]]:
        items = []
        for line in _lines(str(data.get("obligations", ""))):
            # "label; thu; 18:00-20:00"
            parts = [p.strip() for p in line.split(";")]
            start, _, end = (parts[2] if len(parts) > 2 else "").partition("-")
            days = (parts[1] if len(parts) > 1 else "").replace(",", " ").split()
            items.append(
                {
                    "label": parts[0],
                    "days": [d.lower()[:3] for d in days],
                    "start": start,
                    "end": end,
                }
            )
        return items

    curfew_start = str(data.get("curfew_start", "")).strip()
    curfew_end = str(data.get("curfew_end", "")).strip()
    lat, lon = num("home_lat"), num("home_lon")
    commute = num("max_commute_minutes")
    document = {
        "external_ref": str(data.get("external_ref", "")).strip(),
        "name": str(data.get("name", "")).strip(),
        "home": {
            "address": str(data.get("home_address", "")).strip(),
            "postal_code": str(data.get("home_postal_code", "")).strip(),
            "lat": lat,
            "lon": lon,
        },
        "skills": _lines(str(data.get("skills", ""))),
        "credentials": _lines(str(data.get("credentials", ""))),
        "training": training(),
        "work_history": history(),
        "desired_titles": _lines(str(data.get("desired_titles", ""))),
        "drivers_license": _bool(data, "drivers_license"),
        "has_vehicle": _bool(data, "has_vehicle"),
        "max_commute_minutes": int(commute) if isinstance(commute, float) else (commute or 60),
        "min_hourly_wage": num("min_hourly_wage"),
        "availability": availability(),
        "supervision": {
            "agency": str(data.get("agency", "none")),
            "approved_states": [
                s.upper() for s in _lines(str(data.get("approved_states", "")).replace(",", "\n"))
            ],
            "approved_counties": _lines(str(data.get("approved_counties", "")).replace(",", "\n")),
            "curfew": {"start": curfew_start, "end": curfew_end}
            if curfew_start or curfew_end
            else None,
            "electronic_monitoring": _bool(data, "electronic_monitoring"),
            "conditions": _getall(data, "conditions"),
            "restricted_occupations": _lines(str(data.get("restricted_occupations", ""))),
            "restricted_sites": sites(),
            "obligations": obligations(),
        },
        "record": {
            "felony": _bool(data, "felony"),
            "offense_categories": _getall(data, "offense_categories"),
            "conviction_date": str(data.get("conviction_date", "")).strip() or None,
            "release_date": str(data.get("release_date", "")).strip() or None,
            "registrant": _bool(data, "registrant"),
        },
    }
    return document


def _float_or_text(raw: str) -> Any:
    try:
        return float(raw)
    except ValueError:
        return raw.strip()


# The form field each document path is shown next to.
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
    """Each problem as a sentence, keyed by the form field it is shown next to."""
    by_field: dict[str, str] = {}
    for path, message in problems:
        by_field[_field_for(path)] = message[:1].upper() + message[1:] + "."
    return by_field


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

"""Places and workplace from sources: free-text places, US state and country codes, coordinates,
on-site/hybrid/remote words."""

from __future__ import annotations

import re

from jobs.connectors.posting import Location, Workplace
from jobs.text_cleaning import clean_text

US_STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "district of columbia": "DC",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "puerto rico": "PR",
    "guam": "GU",
    "virgin islands": "VI",
    "american samoa": "AS",
    "northern mariana islands": "MP",
}
_STATE_CODES = set(US_STATES.values())
_COUNTRIES = {
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "america": "US",
    "canada": "CA",
    "mexico": "MX",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "germany": "DE",
    "france": "FR",
    "ireland": "IE",
    "spain": "ES",
    "italy": "IT",
    "netherlands": "NL",
    "sweden": "SE",
    "india": "IN",
    "australia": "AU",
    "japan": "JP",
    "brazil": "BR",
    "poland": "PL",
}
_REMOTE_WORDS = re.compile(r"\b(remote|anywhere|work from home|wfh|telecommute|telework)\b", re.I)
_HYBRID_WORDS = re.compile(r"\bhybrid\b", re.I)
_ON_SITE_WORDS = re.compile(r"\b(on[- ]?site|in[- ]office|office[- ]based|in[- ]person)\b", re.I)
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")


def country_code(value: object) -> str | None:
    """ISO 3166 alpha-2 code for a country name or code; other names are kept as given."""
    text = clean_text(value)
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return _COUNTRIES.get(text.lower().rstrip("."), text)


def region_code(value: object) -> str | None:
    """Two-letter code for a US state name; other regions are kept as given."""
    text = clean_text(value)
    if not text:
        return None
    return US_STATES.get(text.lower(), text.upper() if text.upper() in _STATE_CODES else text)


def workplace_of(*texts: object) -> Workplace:
    """Workplace from words in location or type texts (remote, hybrid, on-site)."""
    joined = " ".join(clean_text(t) for t in texts if t)
    if _HYBRID_WORDS.search(joined):
        return "hybrid"
    if _REMOTE_WORDS.search(joined):
        return "remote"
    if _ON_SITE_WORDS.search(joined):
        return "on_site"
    return "unknown"


def workplace_word(value: object) -> Workplace:
    """Workplace from an ATS enum such as 'onsite', 'OnSite', 'HYBRID', 'remote'."""
    word = re.sub(r"[^a-z]", "", clean_text(value).lower())
    words: dict[str, Workplace] = {
        "onsite": "on_site",
        "inoffice": "on_site",
        "office": "on_site",
        "hybrid": "hybrid",
        "remote": "remote",
        "telecommute": "remote",
    }
    return words.get(word, "unknown")


def parse_place(text: object) -> Location:
    """A Location from free text such as 'Kansas City, MO 64106' or 'Hybrid - London'."""
    raw = clean_text(text)
    body = re.sub(r"^(hybrid|remote|on[- ]?site|office)\s*[-–:/|]\s*", "", raw, flags=re.I)
    body = re.sub(r"\s*\((remote|hybrid|on[- ]?site)\)\s*$", "", body, flags=re.I)
    location = Location(text=raw)
    if not body or (_REMOTE_WORDS.search(body) and "," not in body):
        return location  # "Remote", "Remote (US)", "Anywhere in the World": no place to map
    postal = _ZIP.search(body)
    if postal:
        location.postal_code = postal.group(1)
        body = (body[: postal.start()] + body[postal.end() :]).strip(" ,")
    parts = [p.strip() for p in body.split(",") if p.strip()]
    if not parts:
        return location
    tail = parts[-1]
    if len(parts) >= 2 and country_code(tail) != tail:
        location.country = country_code(tail)
        parts = parts[:-1]
        tail = parts[-1]
    if len(parts) >= 2:
        location.region = region_code(tail)
        location.city = parts[0]
    elif region_code(tail) in _STATE_CODES and len(tail) <= 2:
        location.region = region_code(tail)
    else:
        location.city = parts[0]
    state_hit = re.fullmatch(r"(.+?)\s+([A-Z]{2})", location.city or "")
    if state_hit and state_hit.group(2) in _STATE_CODES and location.region is None:
        location.city, location.region = state_hit.group(1), state_hit.group(2)
    if location.region in _STATE_CODES and location.country is None:
        location.country = "US"
    return location


def to_float(value: object, *, label: str, notes: list[str]) -> float | None:
    """A number from a source value (coordinates arrive as strings), else None with a note."""
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]  # any source value: refusals caught below
    except (TypeError, ValueError):
        notes.append(f"{label}: not a number {value!r}; dropped")
        return None
    if number != number or number in (float("inf"), float("-inf")):
        notes.append(f"{label}: not a number {value!r}; dropped")
        return None
    return number


def coordinates(lat: object, lon: object, *, notes: list[str]) -> tuple[float | None, float | None]:
    """A valid (lat, lon) pair or (None, None) with a note."""
    y = to_float(lat, label="latitude", notes=notes)
    x = to_float(lon, label="longitude", notes=notes)
    if y is None or x is None:
        return None, None
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        notes.append(f"coordinates out of range ({y}, {x}); dropped")
        return None, None
    return y, x

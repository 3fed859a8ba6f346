"""Shared normalisation: HTML, text, dates, pay, places, workplace and employment types."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3

from jobs.connectors.posting import Location, Pay, PayUnit, Workplace

# ---------------------------------------------------------------- HTML and text

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "section",
    "article",
    "header",
    "footer",
}


def sanitise_html(markup: str) -> str:
    """Clean description HTML: no scripts, styles, event handlers or javascript: links."""
    if not markup:
        return ""
    return nh3.clean(
        markup,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _tag_as_text(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name == "li" and not match.group(1):
        return "\n• "
    return "\n" if name in _BLOCK_TAGS else ""


def html_to_text(markup: str) -> str:
    """Readable plain text of an HTML fragment: blocks become lines, list items bullets."""
    if not markup:
        return ""
    text = html.unescape(_TAG.sub(_tag_as_text, _HIDDEN.sub("", markup)))
    lines = (clean_text(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line and line != "•")


_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean_text(value: object) -> str:
    """Collapse runs of spaces (incl. non-breaking ones) and trim; None becomes ''."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def text_or_none(value: object) -> str | None:
    """Cleaned text, or None when nothing is left."""
    return clean_text(value) or None


_MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)


def repair_mojibake(value: str) -> str:
    """Undo UTF-8 text that was decoded as Windows-1252 ("â€™" → "’"); else leave it alone."""
    for _ in range(2):
        if not _MOJIBAKE.search(value):
            break
        try:
            fixed = value.encode("cp1252").decode("utf-8")
        except UnicodeError:
            try:
                fixed = value.encode("latin-1").decode("utf-8")
            except UnicodeError:
                break
        if fixed == value:
            break
        value = fixed
    return value


# ---------------------------------------------------------------- dates

_US_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone for a name, or None for no name; unknown names are an error."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_when(
    value: object,
    *,
    label: str,
    notes: list[str],
    zone: ZoneInfo | None = None,
    end_of_day: bool = False,
) -> datetime | None:
    """Read a date or time from a source into an aware datetime.

    Accepts ISO 8601, RFC 822, US m/d/Y and epoch seconds or milliseconds. A value without a
    zone is read in ``zone`` (the source's) or UTC and a note says so. A bare date is midnight,
    or the last second of the day when ``end_of_day`` (closing dates). An unreadable value is
    dropped with a note; it never fails the record.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        notes.append(f"{label}: unreadable date {value!r} dropped")
        return None
    parsed: datetime | None = None
    date_only = False
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    text = clean_text(value)
    if text.isdigit() and len(text) >= 9:
        return parse_when(int(text), label=label, notes=notes, zone=zone)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            parsed = datetime.combine(date.fromisoformat(text), time())
            date_only = True
        else:
            parsed = datetime.fromisoformat(
                text.replace("Z", "+00:00").replace("+00:00+00:00", "+00:00")
            )
    except ValueError:
        parsed = None
    if parsed is None:
        match = _US_DATE.match(text)
        if match:
            month, day, year, hour, minute, second, ampm = match.groups()
            hour_n = int(hour or 0)
            if ampm:
                hour_n = hour_n % 12 + (12 if ampm.lower() == "pm" else 0)
            try:
                parsed = datetime(
                    int(year), int(month), int(day), hour_n, int(minute or 0), int(second or 0)
                )
            except ValueError:
                parsed = None
            date_only = hour is None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        notes.append(f"{label}: unreadable date {text!r} dropped")
        return None
    if date_only and end_of_day:
        parsed = parsed + timedelta(days=1, microseconds=-1)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone or UTC)
        where = zone.key if zone else "UTC"
        notes.append(f"{label}: {text!r} has no time zone; read as {where}")
    return parsed


# ---------------------------------------------------------------- pay

_UNIT_WORDS: dict[str, PayUnit] = {
    "hour": "hour",
    "hr": "hour",
    "hourly": "hour",
    "h": "hour",
    "ph": "hour",
    "day": "day",
    "daily": "day",
    "pd": "day",
    "diem": "day",
    "week": "week",
    "wk": "week",
    "weekly": "week",
    "pw": "week",
    "month": "month",
    "mo": "month",
    "monthly": "month",
    "pm": "month",
    "year": "year",
    "yr": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "pa": "year",
    "salary": "year",
    "salaried": "year",
    "sy": "year",
}
_CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_AMOUNT = re.compile(r"(?P<sign>[$£€¥₹])?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<k>[kK]\b)?")
_UNIT_PHRASE = re.compile(
    r"(?:\bper|\ban|\ba|/)\s*([a-z]+)|\b(hourly|daily|weekly|monthly|yearly|annually|annual)\b"
)
_CURRENCY_CODE = re.compile(r"\b(USD|CAD|GBP|EUR|AUD|NZD|INR|JPY|CHF|SEK|MXN)\b")


def pay_unit(word: object) -> PayUnit | None:
    """The pay unit for a word such as 'hourly', 'per-year-salary', 'PA' or '1 YEAR'."""
    text = clean_text(word).lower()
    if not text:
        return None
    if text in ("bw", "biweekly", "bi-weekly"):
        return None
    for token in re.findall(r"[a-z]+", text):
        if token in _UNIT_WORDS:
            return _UNIT_WORDS[token]
    return None


def guess_unit(amount: float) -> PayUnit:
    """A unit from the size of an amount, for sources that state none (US wages)."""
    if amount < 200:
        return "hour"
    if amount < 2000:
        return "week"
    if amount < 20000:
        return "month"
    return "year"


def pay_range(
    low: object,
    high: object,
    *,
    currency: object = None,
    unit: object = None,
    label: str = "pay",
    notes: list[str] | None = None,
) -> Pay | None:
    """A Pay from two amounts (numbers or text), a currency and a unit word; None when empty."""
    amounts: list[float | None] = []
    for value in (low, high):
        if value is None or value == "":
            amounts.append(None)
            continue
        try:
            amounts.append(float(str(value).replace(",", "").replace("$", "").strip()))
        except ValueError:
            if notes is not None:
                notes.append(f"{label}: unreadable amount {value!r} dropped")
            amounts.append(None)
    lo, hi = amounts
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    unit_text = clean_text(unit).lower()
    resolved = pay_unit(unit_text)
    if unit_text in ("bw", "biweekly", "bi-weekly"):
        lo = lo / 2 if lo is not None else None
        hi = hi / 2 if hi is not None else None
        resolved = "week"
    if resolved is None:
        # Not both None: that returned above.
        resolved = guess_unit(lo if lo is not None else hi)  # type: ignore[arg-type]
        if notes is not None:
            notes.append(f"{label}: no pay unit given; {resolved} assumed from the amount")
    code = clean_text(currency).upper() or "USD"
    return Pay(min=lo, max=hi, currency=code, unit=resolved)


def parse_pay_text(
    text: object, *, unit: object = None, notes: list[str] | None = None
) -> Pay | None:
    """Pay from free text such as '$15 - $18 per hour' or '$130,000 USD - $200,000 USD'.

    ``unit`` (a word such as 'hourly') is used when the text itself names none.
    """
    value = clean_text(text)
    if not value or not re.search(r"\d", value):
        return None
    amounts: list[float] = []
    currency = None
    for match in _AMOUNT.finditer(value):
        number = float(match["num"].replace(",", ""))
        if match["k"]:
            number *= 1000
        if match["sign"]:
            currency = currency or _CURRENCY_SIGNS[match["sign"]]
        amounts.append(number)
        if len(amounts) == 2:
            break
    if not amounts:
        return None
    code = _CURRENCY_CODE.search(value)
    found = None
    for phrase in _UNIT_PHRASE.findall(value.lower()):
        found = pay_unit(phrase[0] or phrase[1])
        if found:
            break
    return pay_range(
        amounts[0],
        amounts[1] if len(amounts) > 1 else None,
        currency=code.group(1) if code else currency,
        unit=found or unit,
        notes=notes,
    )


# ---------------------------------------------------------------- places

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


# ---------------------------------------------------------------- employment types

_EMPLOYMENT = {
    "fulltime": "full_time",
    "full": "full_time",
    "permanent": "full_time",
    "regular": "full_time",
    "parttime": "part_time",
    "part": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "term": "temporary",
    "temporary": "temporary",
    "temp": "temporary",
    "seasonal": "seasonal",
    "intern": "intern",
    "internship": "intern",
    "internships": "intern",
    "perdiem": "per_diem",
    "prn": "per_diem",
    "volunteer": "volunteer",
    "intermittent": "intermittent",
    "apprentice": "apprenticeship",
    "apprenticeship": "apprenticeship",
    "f": "full_time",
    "p": "part_time",
}


def employment_types(values: Iterable[object] | object) -> list[str]:
    """Canonical employment types (full_time, part_time, contract, temporary, intern...).

    Several may be listed in one value ("Full-time, Part-time"). A value that is none of them
    is kept as given, so nothing the source said is lost.
    """
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        values = [values]
    result: list[str] = []
    for value in values:
        text = clean_text(value)
        if not text:
            continue
        pieces = re.split(r"\s*(?:,|/|;|\bor\b|&)\s*", text)
        found = []
        for piece in pieces:
            key = re.sub(r"[^a-z]", "", piece.lower().replace("time", ""))
            if key in _EMPLOYMENT:
                found.append(_EMPLOYMENT[key])
        if not found:
            found = [text]
        for item in found:
            if item not in result:
                result.append(item)
    return result


# ---------------------------------------------------------------- URLs


def rebase(url: str, base_url: str | None) -> str:
    """Replace the scheme, host (and path prefix) of a URL by ``base_url``, for mirrors."""
    if not base_url:
        return url
    parts = urlsplit(url)
    base = urlsplit(base_url)
    path = base.path.rstrip("/") + (parts.path if parts.path.startswith("/") else "/" + parts.path)
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


def api_url(default_base: str, path: str, base_url: str | None) -> str:
    """An API address: ``base_url`` (or the kind's default) plus the path."""
    return (base_url or default_base).rstrip("/") + path


def unescape_twice(markup: str) -> str:
    """Greenhouse ``content`` is HTML whose markup was escaped once more as entities."""
    return html.unescape(markup or "")

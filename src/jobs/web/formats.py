"""Days, times, dates, money and the program's codes, written for a language with Babel.

Every page gets these through ``render.page`` (bound to the viewer's language), so a template
never prints "mon", "06:10", "2027-06-04" or "drug_distribution" as they are stored.
Code words are marked with ``N_`` so ``pybabel extract -k N_`` finds them for the catalogues.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time, get_day_names
from babel.numbers import format_currency, format_decimal

from jobs.days import DAY_INDEX

# The Babel locale of each page language: Spanish as written in the United States (dollars).
LOCALES = {"en": "en_US", "es": "es_US"}


def N_(text: str) -> str:  # the gettext name for "translate later"
    """Mark ``text`` for extraction; it is translated where it is shown."""
    return text


LABELS: dict[str, str] = {
    # offence kinds
    "violent": N_("violent offence"),
    "sex": N_("sex offence"),
    "drug_possession": N_("drug possession"),
    "drug_distribution": N_("drug distribution"),
    "theft_fraud": N_("theft or fraud"),
    "dui": N_("driving under the influence"),
    "weapons": N_("weapons offence"),
    "other": N_("other offence"),
    # supervision
    "none": N_("none"),
    "missouri_pp": N_("Missouri Probation and Parole"),
    "federal": N_("federal probation"),
    "kansas_doc": N_("Kansas Department of Corrections"),
    "no_alcohol_venues": N_("no places that serve alcohol"),
    "no_minors": N_("no contact with minors"),
    "no_computer": N_("no computer or internet use"),
    "no_cash_handling": N_("no handling cash"),
    "occupational_restriction": N_("limits on the kind of work"),
    "no_employment_without_approval": N_("a new job needs the officer's approval"),
    # referral progress
    "referred": N_("referred"),
    "interviewing": N_("interviewing"),
    "offered": N_("offered a job"),
    "hired": N_("hired"),
    "declined": N_("not going ahead"),
    # a job's state
    "open": N_("open"),
    "closed": N_("closed"),
    # consent and match states
    "active": N_("sharing"),
    "revoked": N_("stopped"),
    "expired": N_("ended"),
    "eligible": N_("you can apply"),
    "needs_approval": N_("your officer must agree first"),
    # shift kinds
    "day": N_("day shift"),
    "evening": N_("evening shift"),
    "night": N_("night shift"),
    # what a participant may share
    "address": N_("home address"),
    "record": N_("criminal record"),
    "supervision": N_("supervision terms"),
    "treatment": N_("treatment and program appointments"),
}


_REFERRAL_PURPOSE = re.compile(r"Referral for (.+?)(?: \(posting \d+\))?")

# The names the extractor gives a shift with no clock times (``jobs.skills.shifts``); any other
# name is the posting's own words.
SHIFT_NAMES: dict[str, str] = {
    "1st shift": N_("1st shift"),
    "2nd shift": N_("2nd shift"),
    "3rd shift": N_("3rd shift"),
    "day shift": N_("day shift"),
    "morning shift": N_("morning shift"),
    "evening shift": N_("evening shift"),
    "night shift": N_("night shift"),
    "overnight": N_("overnight shift"),
    "weekends": N_("weekends"),
    # Postings' most common names for a shift, worth saying in the reader's words.
    "nights": N_("nights"),
    "evenings": N_("evenings"),
    "weekend shifts": N_("weekend shifts"),
}
# "days: mon, tue": the extractor's name for days with no shift name or times.
_DAYS_ONLY = "days: "

# Titles the app passes to pages in English (translated where they are shown).
PAGE_TITLES = (N_("Something is not right"),)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _as_time(value: Any) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip()[:5])
        except ValueError:
            return None
    return None


@functools.cache
def _parsed(name: str) -> Locale:
    return Locale.parse(name)


# A page writes the same few clock times and dates many times over (every trip step says two),
# and Babel takes a good part of a millisecond for each: the texts are kept, per locale.
@functools.lru_cache(maxsize=4096)
def _short_time(moment: dt.time, locale: Locale) -> str:
    return format_time(moment, "short", locale=locale)


@functools.lru_cache(maxsize=4096)
def _written_date(day: dt.date, form: str, locale: Locale) -> str:
    return format_date(day, form, locale=locale)


@functools.cache
def _day_names(locale: Locale) -> tuple[str, ...]:
    names = get_day_names("wide", locale=locale)
    return tuple(str(names[index]) for index in range(7))


class Formats:
    """The formatters of one language; each returns text ready for a page."""

    def __init__(
        self, language: str, catalogue: gettext.NullTranslations, zone: dt.tzinfo | None = None
    ) -> None:
        self.language = language
        # A parsed Locale, not its name: Babel parses a name again (and looks its data up) on
        # every call, and a page formats dozens of days and times.
        self.locale = _parsed(LOCALES.get(language, "en_US"))
        self.zone = zone
        self._ = catalogue.gettext

    def _local(self, value: Any) -> Any:
        """An aware date-time in the program's zone (naive ones are already local)."""
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, dt.datetime) and value.tzinfo is not None and self.zone is not None:
            return value.astimezone(self.zone)
        return value

    def day_name(self, day: str) -> str:
        """'mon' → 'Monday' / 'lunes'."""
        index = DAY_INDEX.get(str(day)[:3].lower())
        if index is None:
            return str(day)
        return _day_names(self.locale)[index]

    def days(self, days: Iterable[str]) -> str:
        """A list of days, written out and joined."""
        return ", ".join(self.day_name(d) for d in days)

    def clock(self, value: Any) -> str:
        """'06:10' → '6:10 AM' / '6:10 a.m.'."""
        moment = _as_time(value)
        if moment is None:
            return str(value or "")
        if moment.tzinfo is not None:  # aware times equal in UTC are equal keys: not kept
            return format_time(moment, "short", locale=self.locale)
        return _short_time(moment, self.locale)

    def hours(self, start: Any, end: Any) -> str:
        """A span of clock times: '6:00 AM – 2:30 PM'."""
        return f"{self.clock(start)} – {self.clock(end)}"

    def date(self, value: Any) -> str:
        """'2027-06-04' → 'June 4, 2027' / '4 de junio de 2027'."""
        day = _as_date(self._local(value))
        return _written_date(day, "long", self.locale) if day else str(value or "")

    def weekday_date(self, value: Any) -> str:
        """'2027-06-04' → 'Friday, June 4, 2027'."""
        day = _as_date(value)
        return _written_date(day, "full", self.locale) if day else str(value or "")

    def moment(self, value: Any) -> str:
        """A date and time of day: 'Friday, June 4, 2027, 10:00 AM' (in the program's zone)."""
        value = self._local(value)
        if not isinstance(value, dt.datetime):
            return str(value or "")
        return f"{self.weekday_date(value)}, {self.clock(value.time())}"

    def money(self, amount: Any) -> str:
        """Dollars: '$19.00'."""
        if amount is None:
            return ""
        return format_currency(float(amount), "USD", locale=self.locale)

    def number(self, amount: Any) -> str:
        """A plain number in the language's way of writing it."""
        return format_decimal(amount, locale=self.locale)

    def label(self, code: Any) -> str:
        """Human words for a stored code (unknown codes: underscores become spaces)."""
        text = str(code or "")
        known = LABELS.get(text)
        return self._(known) if known else text.replace("_", " ")

    def labels(self, codes: Iterable[Any]) -> str:
        return ", ".join(self.label(c) for c in codes)

    def shift(self, shift: Mapping[str, Any]) -> str:
        """When a shift is worked, in the reader's words: its clock times, else its name (the
        extractor's names translated, the posting's own quoted on a page not in English), and
        its days in brackets ("6:00 a.m. – 2:30 p.m. (lunes, martes)")."""
        label = str(shift.get("label") or "")
        days = list(shift.get("days") or [])
        if shift.get("start"):
            when = self.hours(shift.get("start"), shift.get("end"))
        elif label.startswith(_DAYS_ONLY) and days:
            return self.days(days)
        elif label in SHIFT_NAMES:
            when = self._(SHIFT_NAMES[label])
        elif label in LABELS:
            when = self.label(label)
        else:
            when = label if self.language == "en" or not label else f"«{label}»"
        return f"{when} ({self.days(days)})" if days and when else when or self.days(days)

    def one_stop(self, sentence: str) -> str:
        """A sentence with one full stop at its end: a time written "p.m." that ends it is its
        own stop ("llega a las 5:30 p.m.", not "p.m..")."""
        return sentence[:-1] if sentence.endswith("..") else sentence

    def purpose(self, text: str) -> str:
        """A consent's stored purpose in plain words ("posting 35" is our jargon)."""
        found = _REFERRAL_PURPOSE.fullmatch(text or "")
        if found:
            return self._("Referral for the job %(job)s") % {"job": found.group(1)}
        return text

    def context(self) -> dict[str, Callable[..., str]]:
        """The names templates use."""
        return {
            "day_name": self.day_name,
            "days_text": self.days,
            "clock": self.clock,
            "hours_text": self.hours,
            "date_text": self.date,
            "weekday_date": self.weekday_date,
            "moment_text": self.moment,
            "money": self.money,
            "number_text": self.number,
            "label": self.label,
            "labels_text": self.labels,
            "purpose_text": self.purpose,
            "shift_text": self.shift,
            "one_stop": self.one_stop,
        }

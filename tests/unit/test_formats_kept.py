"""Clock times and dates are written from a per-locale store of texts: the same words Babel
writes for each value, in each language, whatever was asked before."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.web.formats import LOCALES, Formats
from jobs.web.i18n import translations

ZONES = st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])


@settings(deadline=None)  # no timed tests: a loaded machine is not a failure
@given(st.lists(st.tuples(st.sampled_from(["en", "es"]), st.times(timezones=ZONES)), max_size=30))
def test_clock_times_are_babel_s_in_each_language(asked):
    for language, moment in asked:
        words = Formats(language, translations(language)).clock(moment)
        assert words == format_time(moment, "short", locale=LOCALES[language])


@settings(deadline=None)  # no timed tests: a loaded machine is not a failure
@given(st.lists(st.tuples(st.sampled_from(["en", "es"]), st.dates()), max_size=30))
def test_dates_are_babel_s_in_each_language(asked):
    for language, day in asked:
        formats = Formats(language, translations(language))
        assert formats.date(day) == format_date(day, "long", locale=LOCALES[language])
        assert formats.weekday_date(day) == format_date(day, "full", locale=LOCALES[language])


def test_one_instant_in_two_zones_is_two_clock_times():
    english = Formats("en", translations("en"))
    utc = dt.time(18, 30, tzinfo=dt.UTC)
    central = dt.time(13, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert utc == central  # the same instant: one key, were they kept
    assert (english.clock(utc), english.clock(central)) == ("6:30\u202fPM", "1:30\u202fPM")

"""The participant's job card built in Python (web/job_card.py) says exactly what the list's
template loop said, in English and in Spanish: the same HTML, escaped the same way, for any
job, its shifts, pay, fit and bus ride."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.services.review import MatchView
from jobs.web.formats import Formats
from jobs.web.i18n import translations
from jobs.web.job_card import fit_words, hourly_pay, job_card

TEMPLATES_DIR = Path(__file__).parents[2] / "src" / "jobs" / "web" / "templates"
# The loop of participant/jobs.html, as it was before the card moved to Python.
LOOP = """{% from "participant/_pay.html" import hourly_pay with context %}
{%- from "participant/_band.html" import fit_band with context -%}
{% for j in jobs %}
  <li class="job-card tier-{{ j.tier }}">
    <h2><a href="/me/jobs/{{ j.posting_id }}">{{ j.title }}</a></h2>
    <p class="employer">{{ j.employer if j.employer_stated else _("Employer not stated") }}</p>
    {% if j.fit_band %}<p class="fit-band band-{{ j.fit_band }}">{{ fit_band(j) }}</p>{% endif %}
    {% if j.tier == "needs_approval" %}<p class="flag">{{ _("Your officer must say yes first.") }}</p>{% endif %}
    <dl class="facts">
      <dt>{{ _("Where") }}</dt><dd>{{ j.place }}</dd>
      <dt>{{ _("When") }}</dt><dd>{% for s in j.shifts %}{{ shift_text(s) }}{% if not loop.last %}; {% endif %}{% else %}{{ _("Ask the employer") }}{% endfor %}</dd>
      <dt>{{ _("By bus") }}</dt><dd>{% if j.transit.get('minutes') is not none %}{{ _("%(n)s minutes") % {"n": j.transit['minutes']|round|int} }}{% else %}{{ _("No bus route found") }}{% endif %}</dd>
      <dt>{{ _("Pay") }}</dt><dd>{{ hourly_pay(j) }}</dd>
    </dl>
    {% if j.interested %}<p class="done-note">✓ {{ _("You said you are interested.") }}</p>
    {% else %}
    <form method="post" action="/me/jobs/{{ j.posting_id }}/interest">
      <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
      <button type="submit" class="button big">{{ _("I'm interested") }}<span class="visually-hidden">: {{ j.title }}</span></button>
    </form>
    {% endif %}
  </li>
{% endfor %}"""  # noqa: E501
# The fit band and pay macros the list and the job page used before both moved to Python.
MACROS = {
    "participant/_band.html": """{# How a job fits the participant (RANKING.md), in their words #}
{% macro fit_band(job) %}{% if job.fit_band == "fits_experience" %}{{ _("Fits your experience") }}{% elif job.fit_band == "entry_level" %}{{ _("Entry-level: no experience needed") }}{% elif job.fit_band == "stretch" %}{{ _("A stretch: needs skills you don't list") }}{% elif job.fit_band == "open" %}{{ _("No special skills asked") }}{% endif %}{% endmacro %}""",  # noqa: E501
    "participant/_pay.html": """{#- A job's pay per hour for a participant: the whole range, bottom first ("$19.00–$22.00 an hour"). -#}
{% macro hourly_pay(job) -%}
{%- if job.hourly_min is none -%}
{{ _("Pay not stated: ask the employer") }}
{%- else -%}
{%- set low = '%.2f'|format(job.hourly_min) -%}
{%- set high = '%.2f'|format(job.hourly_max) -%}
{%- if low == high -%}
{{ _("$%(pay)s an hour") % {"pay": low} }}
{%- else -%}
{{ _("$%(low)s–$%(high)s an hour") % {"low": low, "high": high} }}
{%- endif -%}
{%- endif -%}
{%- endmacro %}""",  # noqa: E501
}
TEMPLATES = jinja2.Environment(
    autoescape=True,
    loader=jinja2.ChoiceLoader([jinja2.DictLoader(MACROS), jinja2.FileSystemLoader(TEMPLATES_DIR)]),
)
# The job page's fit band and pay lines, as they were with the macros and as they are now.
JOB_PAGE_BEFORE = """{% from "participant/_pay.html" import hourly_pay with context %}
{%- from "participant/_band.html" import fit_band with context -%}
{% if job.fit_band %}<p class="fit-band band-{{ job.fit_band }}">{{ fit_band(job) }}</p>{% endif %}
<dt>{{ _("Pay") }}</dt><dd>{{ hourly_pay(job) }}</dd>"""
JOB_PAGE_NOW = """{% if job.fit_band %}<p class="fit-band band-{{ job.fit_band }}">{{ fit_words(job, _) }}</p>{% endif %}
<dt>{{ _("Pay") }}</dt><dd>{{ hourly_pay(job, _) }}</dd>"""  # noqa: E501

words = st.text(alphabet=st.sampled_from("ab <>&\"'é9:"), max_size=12)
clock_times = st.sampled_from(["06:10", "14:00", "23:45", ""]) | words
shifts = st.fixed_dictionaries(
    {},
    optional={
        "label": st.none() | words | st.sampled_from(["day", "night", "weekend"]),
        "start": st.none() | clock_times,
        "end": clock_times,
        "days": st.lists(st.sampled_from(["mon", "tue", "sat", "<b>"]), max_size=3),
    },
)
pays = st.floats(0, 200).map(lambda p: round(p, 3))
jobs = st.fixed_dictionaries(
    {
        "match_id": st.integers(1, 10**9),
        "participant_id": st.integers(1, 10**6),
        "posting_id": st.integers(1, 10**9),
        "title": words,
        "employer": words,
        "employer_stated": st.booleans(),
        "tier": st.sampled_from(["eligible", "needs_approval", "<x>"]),
        "score": st.floats(0, 100),
        "transit": st.fixed_dictionaries(
            {}, optional={"minutes": st.none() | st.integers(0, 300) | st.floats(0, 300)}
        ),
        "review_status": st.just("new"),
        "reasons": st.just([]),
        "components": st.just({}),
        "place": words,
        "hourly_min": st.none() | pays,  # a range's top is known when its bottom is
        "hourly_max": pays,
        "shifts": st.lists(shifts, max_size=3),
        "fit_band": st.none()
        | st.sampled_from(["fits_experience", "entry_level", "stretch", "open"]),
        "interested": st.booleans(),
    }
)


def _view(j: dict) -> MatchView:
    unread = dict.fromkeys(
        ("employer_id", "dismissal_reason", "lat", "lon", "pay_min", "pay_max", "pay_unit")
    )
    return msgspec.convert(
        {**unread, **j, "hourly_max": None if j["hourly_min"] is None else j["hourly_max"]},
        MatchView,
    )


@given(st.lists(jobs, max_size=3), st.sampled_from(["en", "es"]), words)
@settings(max_examples=300, deadline=None)  # a loaded machine is not a failure
def test_job_cards_are_the_templates(found, language, token):
    views = [_view(j) for j in found]
    catalogue = translations(language)
    shift_text = Formats(language, catalogue, dt.UTC).shift
    expected = TEMPLATES.from_string(LOOP).render(
        jobs=views, _=catalogue.gettext, shift_text=shift_text, csrf_token=token
    )
    built = "".join(str(job_card(v, catalogue.gettext, shift_text, token)) for v in views)
    assert built == expected


@given(jobs, st.sampled_from(["en", "es"]))
@settings(max_examples=300, deadline=None)
def test_the_job_pages_fit_and_pay_words_are_the_macros(job, language):
    """The job page says the fit band and pay with the list's functions, as its macros did."""
    page = (TEMPLATES_DIR / "participant" / "job.html").read_text()
    assert all(line in page for line in JOB_PAGE_NOW.splitlines())  # the page's own lines
    view = _view(job)
    catalogue = translations(language)
    before = TEMPLATES.from_string(JOB_PAGE_BEFORE).render(job=view, _=catalogue.gettext)
    now = TEMPLATES.from_string(JOB_PAGE_NOW).render(
        job=view, _=catalogue.gettext, fit_words=fit_words, hourly_pay=hourly_pay
    )
    assert now == before

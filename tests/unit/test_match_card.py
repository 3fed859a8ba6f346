"""The match card built in Python (web/match_card.py) says exactly what the card's template
said: the same HTML, escaped the same way, for any match, its trips, reasons, interview requests
and title."""

from __future__ import annotations

import datetime as dt
import gettext

import jinja2
import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from jobs.matching.pay import pay_text
from jobs.matching.score import COMPONENTS
from jobs.services.review import MatchView
from jobs.transit.directions import Step, Trip
from jobs.web.formats import Formats
from jobs.web.html_text import html_text
from jobs.web.match_card import (
    card_actions,
    component_bars,
    match_card,
    match_row,
    reason_items,
    trip_steps,
)
from jobs.web.svg import bar_chart

# The template's own words for these parts, as they were before they moved to Python.
STEPS = (
    '{% macro steps(trip, end) %}<ol class="steps"><li>Leave at {{ trip.leave }}</li>{% for s in'
    ' trip.steps %}<li>{% if s.kind == "walk" %}Walk {{ s.minutes }} min to {{ end if s.to_door'
    " else s.to }}{% else %}{% if s.transfer %}Change: {% endif %}bus {{ s.route }} from"
    " {{ s.start }} at {{ s.depart }} to {{ s.to }}, arrive {{ s.arrive }}{% endif %}</li>"
    "{% endfor %}<li>Arrive {{ trip.arrive }}</li></ol>{% endmacro %}{{ steps(trip, end) }}"
)
REASONS = (
    "{% for r in m.reasons if r.get('code') != 'nearest_child_place' %}<li class=\"reason-"
    "{{ r.get('tier','') }}{{ ' deciding' if loop.first }}\">{{ r.get('text','') }}</li>"
    "{% endfor %}"
)
ACTIONS = """  <div class="actions">
    <form method="post" action="/participants/{{ person.id }}/matches/{{ m.match_id }}/review" class="inline">
      {{ csrf_field }}<input type="hidden" name="back" value="{{ back }}"><input type="hidden" name="action" value="shortlist">
      <button type="submit" class="button small">Shortlist<span class="visually-hidden"> {{ m.title }}</span></button>
    </form>
    {% if m.tier != "excluded" and not m.referral_status %}<a class="button small" href="/participants/{{ person.id }}/matches/{{ m.match_id }}/refer">Refer<span class="visually-hidden"> for {{ m.title }}</span></a>{% endif %}
    <a class="button small secondary" href="/participants/{{ person.id }}/matches/{{ m.match_id }}/packet">Officer packet<span class="visually-hidden"> for {{ m.title }}</span></a>
    <details class="more-actions"><summary>Dismiss or record progress<span class="visually-hidden"> for {{ m.title }}</span></summary>
      <form method="post" action="/participants/{{ person.id }}/matches/{{ m.match_id }}/review" class="stack">
        {{ csrf_field }}<input type="hidden" name="back" value="{{ back }}"><input type="hidden" name="action" value="dismiss">
        <label for="reason-{{ m.match_id }}">Reason for dismissing</label>
        <input id="reason-{{ m.match_id }}" name="reason" type="text" required>
        <button type="submit" class="button small danger">Dismiss</button>
      </form>
      <form method="post" action="/participants/{{ person.id }}/matches/{{ m.match_id }}/review" class="stack">
        {{ csrf_field }}<input type="hidden" name="back" value="{{ back }}">
        <label for="progress-{{ m.match_id }}">Progress</label>
        <select id="progress-{{ m.match_id }}" name="action">
          <option value="applied">Applied</option><option value="interviewing">Interview</option>
          <option value="offered">Offer</option><option value="reopen">Back to new</option>
        </select>
        <button type="submit" class="button small">Record</button>
      </form>
      <form method="post" action="/participants/{{ person.id }}/matches/{{ m.match_id }}/review" class="stack">
        {{ csrf_field }}<input type="hidden" name="back" value="{{ back }}"><input type="hidden" name="action" value="hired">
        <label for="start-{{ m.match_id }}">Hired: first day</label><input id="start-{{ m.match_id }}" name="start_date" type="date" required>
        <label for="wage-{{ m.match_id }}">Hourly wage ($)</label><input id="wage-{{ m.match_id }}" name="hourly_wage" inputmode="decimal" required>
        <label for="hours-{{ m.match_id }}">Hours a week</label><input id="hours-{{ m.match_id }}" name="hours_per_week" inputmode="decimal" required>
        <label for="shift-{{ m.match_id }}">Shift (optional)</label><input id="shift-{{ m.match_id }}" name="shift" type="text">
        <label for="offer-{{ m.match_id }}">Offer day (optional)</label><input id="offer-{{ m.match_id }}" name="offered_on" type="date">
        <button type="submit" class="button small">Record hire</button>
      </form>
    </details>
  </div>
"""  # noqa: E501
# The card's macro (templates/specialist/_match.html) and the row around it (the loop's body in
# specialist/matches.html), as they were before they moved to Python.
CARD = """{% from "_form.html" import csrf with context %}
{% from "_form.html" import csrf with context %}
{% set csrf_field = csrf() %}
{% set band = {"fits_experience": "Fits experience", "entry_level": "Entry-level: no experience needed", "stretch": "A stretch: needs skills not listed", "open": "No particular skills asked"} %}
{% macro card(m) %}<article class="match tier-{{ m.tier }}" id="match-{{ m.match_id }}" aria-labelledby="match-{{ m.match_id }}-h">
  <header>
    <h3 id="match-{{ m.match_id }}-h">{{ m.title }} <span class="muted">· {{ m.employer }}</span></h3>
    <p class="score">Score <strong>{{ '%.0f'|format(m.score) }}</strong>
      <span class="status status-{{ m.review_status }}">{{ m.review_status|replace('_',' ') }}</span>
      {% if m.interested %}<span class="badge">said "interested"</span>{% endif %}
      {% if m.referral_status %}<span class="badge">referral: {{ m.referral_status }}</span>{% endif %}
      {% if m.fair_chance_verified %}<span class="badge">verified fair-chance employer</span>{% endif %}
      {% if m.closing_soon %}<span class="badge closing">closing soon: {{ m.closes_on.strftime("%-d %B") }}</span>{% endif %}
    </p>
    {% for r in (interviews_by_posting.get(m.posting_id, []) if interviews_by_posting is defined else []) %}
    <p class="interview-asked notice" id="interview-asked-{{ r.id }}"><strong>Interview requested</strong> by {{ r.employer }} ({{ date_text(r.created_at) }}):
      {% for o in r.options %}{{ moment_text(o) }}{% if not loop.last %}; or {% endif %}{% endfor %}{% if r.note %}. “{{ r.note }}”{% endif %}</p>
    {% endfor %}
    {% if m.fit_band %}<p class="fit-band band-{{ m.fit_band }}">{{ band[m.fit_band] }}</p>{% endif %}
  </header>
  <div class="match-body">
    <div>
      <p>{{ m.place }}{% if m.distance_km is not none %} · {{ m.distance_km }} km from home{% endif %}<br>
         {{ pay_text(m.pay_min, m.pay_max, m.pay_unit) }}
         {% for s in m.shifts %}<br>Shift: {{ s['label'] }}{% if s['start'] %} {{ s['start'] }}–{{ s['end'] }}{% endif %}{% if s['days'] %} ({{ s['days']|join(', ') }}){% endif %}{% endfor %}</p>
      {% set t = m.transit %}
      <p class="commute">{% if t.get('minutes') is not none %}<strong>{{ t['minutes']|round|int }} min</strong> by transit{% if t.get('transfers') is not none %}, {{ t['transfers'] }} transfer{{ '' if t['transfers'] == 1 else 's' }}{% endif %}{% elif 'minutes' in t %}No transit route found{% else %}Commute not computed{% endif %}
      {% if t.get('home_after_shift') is not none %}<br>Ride home after the shift: {{ t['home_after_shift'] if t['home_after_shift'] is string else ('yes' if t['home_after_shift'] else 'no') }}{% endif %}</p>
      {% if m.trip_there or m.trip_home %}
      <details class="trip"><summary>Trip steps<span class="visually-hidden"> for {{ m.title }}</span></summary>
        {% if m.trip_there %}<p><strong>There</strong>{% if t.get('shift') %} (shift {{ t['shift']['start'] }}–{{ t['shift']['end'] }}){% endif %}</p>{{ trip_steps(m.trip_there, "the job") }}{% endif %}
        {% if m.trip_home %}<p><strong>Home</strong>: first way home leaves {{ m.trip_home.leave }}, home by {{ m.trip_home.arrive }}</p>{{ trip_steps(m.trip_home, "home") }}{% endif %}
      </details>
      {% endif %}
      {% if m.nearest_child_place %}<p class="nearest-child-place">{{ m.nearest_child_place }}</p>{% endif %}
      {% if m.reasons %}<ul class="reasons">{{ reason_items(m.reasons) }}</ul>{% endif %}
      {% if m.dismissal_reason %}<p class="muted">Dismissed because: {{ m.dismissal_reason }}</p>{% endif %}
    </div>
    <div class="chart">{{ bars(m.components)|safe }}</div>
  </div>
{{ actions(person.id, m, csrf_field, back) }}</article>{% endmacro %}
{% macro row(m) %}<li><details class="match-row" id="row-{{ m.match_id }}" {{ 'open' if m.match_id == opened }}>
      <summary><span class="row-title">{{ m.title }}</span> <span class="muted">{{ m.employer }}</span>
        <span class="row-facts">score {{ '%.0f'|format(m.score) }} ·
        {% if m.transit.get('minutes') is not none %}{{ m.transit['minutes']|round|int }} min{% elif m.transit.get('to_work') %}no bus in time{% else %}ride unknown{% endif %} ·
        {{ pay_text(m.pay_min, m.pay_max, m.pay_unit) }} ·
        <span class="status status-{{ m.review_status }}">{{ m.review_status|replace('_',' ') }}</span>{% if m.interested %} <span class="badge">interested</span>{% endif %}{% if m.closing_soon %} <span class="badge closing">closing soon</span>{% endif %}</span>
        {% if m.reasons %}<span class="row-reason reason-{{ m.reasons[0].get('tier','') }}">{{ m.reasons[0].get('text','') }}</span>{% endif %}
      </summary>
      {{ card(m) }}
    </details></li>{% endmacro %}
"""  # noqa: E501
FORM = (
    '{% macro csrf() %}<input type="hidden" name="csrf_token" value="{{ csrf_token }}">'
    "{% endmacro %}"
)
TEMPLATES = jinja2.Environment(autoescape=True, keep_trailing_newline=True)

words = st.text(alphabet=st.sampled_from("ab <>&\"'é9:"), max_size=12)
steps = st.builds(
    Step,
    kind=st.sampled_from(["walk", "ride"]),
    depart=words,
    arrive=words,
    minutes=st.integers(0, 300),
    to=words,
    start=words,
    route=st.none() | words,
    transfer=st.booleans(),
    to_door=st.booleans(),
)
trips = st.builds(
    Trip,
    leave=words,
    arrive=words,
    minutes=st.integers(0, 300),
    transfers=st.integers(0, 3),
    steps=st.lists(steps, max_size=6),
)
reasons = st.lists(
    st.fixed_dictionaries(
        {"code": st.sampled_from(["nearest_child_place", "pay", "curfew"])},
        optional={"tier": words, "text": words},
    ),
    max_size=5,
)


@given(trips, st.sampled_from(["the job", "home"]))
@settings(max_examples=200, deadline=None)  # a loaded machine is not a failure
def test_trip_steps_are_the_templates(trip, end):
    assert str(trip_steps(trip, end)) == TEMPLATES.from_string(STEPS).render(trip=trip, end=end)


@given(reasons)
@settings(max_examples=200, deadline=None)  # a loaded machine is not a failure
def test_reason_items_are_the_templates(found):
    assert str(reason_items(found)) == TEMPLATES.from_string(REASONS).render(m={"reasons": found})


@given(
    st.integers(1, 10**9),
    st.integers(1, 10**9),
    words,
    st.sampled_from(["eligible", "needs_approval", "excluded"]),
    st.none() | st.sampled_from(["", "referred"]),
    words,
)
@settings(max_examples=100, deadline=None)  # a loaded machine is not a failure
def test_card_actions_are_the_templates(person_id, match_id, title, tier, referral, back):
    view = msgspec.convert(
        {
            "match_id": match_id, "participant_id": person_id, "posting_id": 1, "title": title,
            "employer": "E", "employer_id": None, "tier": tier, "score": 1.0, "components": {},
            "reasons": [], "transit": {}, "review_status": "new", "dismissal_reason": None,
            "place": "", "lat": None, "lon": None, "pay_min": None, "pay_max": None,
            "pay_unit": None, "hourly_min": None, "hourly_max": None,
            "referral_status": referral,
        },
        MatchView,
    )  # fmt: skip
    csrf_field = Markup('<input type="hidden" name="csrf_token" value="t&amp;1">')
    expected = TEMPLATES.from_string(ACTIONS).render(
        person={"id": person_id}, m=view, csrf_field=csrf_field, back=back
    )
    assert str(card_actions(person_id, view, csrf_field, back)) == expected


CARD_TEMPLATES = jinja2.Environment(
    autoescape=True, loader=jinja2.DictLoader({"_form.html": FORM, "card.html": CARD})
)
FORMATS = Formats("en", gettext.NullTranslations(), dt.UTC)


class Asked(msgspec.Struct):
    """An employer's interview request, as the card reads it."""

    id: int
    employer: str
    created_at: dt.datetime
    options: list[str]
    note: str


clock_times = st.sampled_from(["06:10", "14:00", "23:45", ""]) | words
shifts = st.fixed_dictionaries(
    {},
    optional={
        "label": st.none() | words,
        "start": st.none() | clock_times,
        "end": clock_times,
        "days": st.lists(st.sampled_from(["mon", "tue", "sat", "<b>"]), max_size=3),
    },
)
transits = st.fixed_dictionaries(
    {},
    optional={
        "minutes": st.none() | st.integers(0, 300) | st.floats(0, 300),
        "transfers": st.none() | st.integers(0, 3),
        "home_after_shift": st.none() | st.booleans() | words,
        "shift": st.none() | st.fixed_dictionaries({"start": clock_times, "end": clock_times}),
        "to_work": st.none() | st.sampled_from([{}, {"reachable": False}]),
    },
)
moments = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 1, 1))
asked = st.builds(
    Asked,
    id=st.integers(1, 10**6),
    employer=words,
    created_at=moments.map(lambda m: m.replace(tzinfo=dt.UTC)),
    options=st.lists(moments.map(dt.datetime.isoformat), max_size=3),
    note=words,
)
matches = st.fixed_dictionaries(
    {
        "match_id": st.integers(1, 10**9),
        "posting_id": st.integers(1, 3),
        "title": words,
        "employer": words,
        "tier": st.sampled_from(["eligible", "needs_approval", "excluded"]),
        "score": st.floats(0, 100),
        "components": st.fixed_dictionaries(
            {}, optional={"skills": st.floats(0, 1), "commute": st.floats(0, 100)}
        ),
        "reasons": reasons,
        "transit": transits,
        "review_status": st.sampled_from(["new", "shortlisted", "not_now", "<x>"]),
        "dismissal_reason": st.none() | words,
        "place": words,
        "pay_min": st.none() | st.floats(0, 90000),
        "pay_max": st.none() | st.floats(0, 90000),
        "pay_unit": st.none() | st.sampled_from(["hour", "year", "week", "piece"]),
        "shifts": st.lists(shifts, max_size=3),
        "closes_on": st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1)),
        "fit_band": st.none() | st.sampled_from(["fits_experience", "entry_level", "stretch"]),
        "trip_there": st.none() | trips,
        "trip_home": st.none() | trips,
        "interested": st.booleans(),
        "referral_status": st.none() | st.sampled_from(["", "referred", "<i>"]),
        "distance_km": st.none() | st.floats(0, 200).map(lambda km: round(km, 1)),
        "fair_chance_verified": st.booleans(),
        "nearest_child_place": st.none() | words,
    }
)


@given(
    matches, st.booleans(), st.integers(1, 10**6), words, st.lists(asked, max_size=2), st.booleans()
)
@settings(max_examples=300, deadline=None)  # a loaded machine is not a failure
def test_match_card_and_row_are_the_templates(fields, soon, person_id, back, requests, unfolded):
    view = msgspec.convert(
        {
            **fields, "participant_id": person_id, "employer_id": None, "lat": None,
            "lon": None, "hourly_min": None, "hourly_max": None,
            "closing_soon": soon and fields["closes_on"] is not None,
        },
        MatchView,
    )  # fmt: skip
    by_posting = {1: requests, 2: requests[:1]}
    opened = view.match_id if unfolded else None
    page = CARD_TEMPLATES.get_template("card.html").make_module(
        {
            "person": {"id": person_id},
            "back": back,
            "opened": opened,
            "csrf_token": "t&1",
            "interviews_by_posting": by_posting,
            "date_text": FORMATS.date,
            "moment_text": FORMATS.moment,
            "pay_text": pay_text,
            "bars": component_bars,
            "actions": card_actions,
            "trip_steps": trip_steps,
            "reason_items": reason_items,
        }
    )
    csrf_field = Markup('<input type="hidden" name="csrf_token" value="t&amp;1">')
    card = match_card(
        view, csrf_field, FORMATS.date, FORMATS.moment,
        person_id=person_id, back=back, interviews_by_posting=by_posting,
    )  # fmt: skip
    assert str(card) == str(page.card(view))
    row = match_row(
        view, csrf_field, FORMATS.date, FORMATS.moment,
        person_id=person_id, back=back, interviews_by_posting=by_posting, opened=opened,
    )  # fmt: skip
    assert str(row) == str(page.row(view))


@given(st.text() | st.integers() | st.floats() | st.none() | st.booleans() | st.text().map(Markup))
def test_a_cards_values_are_escaped_as_markupsafe_escapes_them(value):
    assert html_text(value) == str(escape(value))


@given(
    st.dictionaries(
        st.sampled_from(COMPONENTS),
        st.none() | st.integers(-5, 500) | st.floats(-2, 300, allow_nan=False),
    )
)
def test_the_score_parts_chart_is_bar_charts(components):
    values = [(name.replace("_", " "), float(components.get(name) or 0)) for name in COMPONENTS]
    if max(v for _, v in values) <= 1.0:
        values = [(label, v * 100) for label, v in values]
    assert component_bars(components) == bar_chart(values, title="Score parts")

"""The match card's parts formatted in Python (web/specialist.py) say exactly what the card's
template said for them: the same HTML, escaped the same way, for any trip, reasons and title."""

from __future__ import annotations

import jinja2
import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from jobs.services.review import MatchView
from jobs.transit.directions import Step, Trip
from jobs.web.specialist import card_actions, reason_items, trip_steps

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

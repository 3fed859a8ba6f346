"""A match card on the specialist's matches page, as HTML built in Python: the job, its score,
status and badges, employers' interview requests, the fit, place, pay and shifts, the commute
with its trip steps, the reasons, the score parts and the actions.

A long matches page holds dozens of cards of some fifty values each; as a Jinja macro every
value cost an attribute lookup, an escape and often a call. Here each value is escaped once,
the pieces joined as plain text and the card marked safe once. The HTML is the macro's, byte
for byte (tests/unit/test_match_card.py renders the macro's words beside it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from jobs.matching.pay import pay_text
from jobs.matching.score import COMPONENTS
from jobs.services.review import NEAREST_CHILD_PLACE, MatchView
from jobs.transit.directions import Trip
from jobs.web.html_text import html_text, whole_minutes
from jobs.web.svg import bar_chart

# What each fit band says on a card (RANKING.md).
BAND_WORDS = {
    "fits_experience": "Fits experience",
    "entry_level": "Entry-level: no experience needed",
    "stretch": "A stretch: needs skills not listed",
    "open": "No particular skills asked",
}


_ABSENT = object()


@functools.lru_cache(maxsize=4096)
def _pay(low: float | None, high: float | None, unit: str | None) -> str:
    """A posting's pay in words, escaped (kept: postings' pay is not about anyone, and each
    card says it twice)."""
    return html_text(pay_text(low, high, unit))


def _item(mapping: Mapping[str, Any], key: str) -> str:
    """``mapping[key]`` escaped, '' when it has no such key (as a template prints it)."""
    value = mapping.get(key, _ABSENT)
    return "" if value is _ABSENT else html_text(value)


def _bar_pieces() -> tuple[tuple[tuple[str, str], ...], str]:
    """``bar_chart``'s picture of the score parts cut around the two numbers of each bar (its
    length and its figure): the same for every card, so drawn once."""
    marks = [(name.replace("_", " "), 1000.0 + number) for number, name in enumerate(COMPONENTS)]
    picture = bar_chart(marks, maximum=0.0, title="Score parts")
    pieces = []
    rest = picture
    for number in range(len(COMPONENTS)):
        before, rest = rest.split('width="0.0" height="12" fill="#0b5cad"/>', 1)
        label, rest = rest.split(f">{1000 + number}</text>", 1)
        pieces.append((before + 'width="', '" height="12" fill="#0b5cad"/>' + label + ">"))
    return tuple(pieces), "</text>" + rest


_BARS, _BARS_TAIL = _bar_pieces()


def component_bars(components: dict[str, Any]) -> str:
    """The score parts as a small SVG bar chart (0–100): ``bar_chart``'s, byte for byte."""
    values = [float(components.get(name) or 0) for name in COMPONENTS]
    if max(values) <= 1.0:
        values = [v * 100 for v in values]
    bars = "</text>".join(  # 100: the chart's maximum; 120: its bars' whole length in pixels
        f"{before}{max(0.0, min(1.0, value / 100.0)) * 120:.1f}{middle}{value:.0f}"
        for (before, middle), value in zip(_BARS, values, strict=True)
    )
    return bars + _BARS_TAIL


# A match card's actions, the same for every card but for its ids and title.
_CARD_ACTIONS = (
    '  <div class="actions">\n'
    '    <form method="post" action="/participants/{pid}/matches/{mid}/review"'
    ' class="inline">\n'
    '      {hidden}<input type="hidden" name="action" value="shortlist">\n'
    '      <button type="submit" class="button small">Shortlist<span'
    ' class="visually-hidden"> {title}</span></button>\n'
    "    </form>\n"
    "    {refer}\n"
    '    <a class="button small secondary" href="/participants/{pid}/matches/{mid}/pa'
    'cket">Officer packet<span class="visually-hidden"> for {title}</span></a>\n'
    '    <details class="more-actions"><summary>Dismiss or record progress<span'
    ' class="visually-hidden"> for {title}</span></summary>\n'
    '      <form method="post" action="/participants/{pid}/matches/{mid}/review"'
    ' class="stack">\n'
    '        {hidden}<input type="hidden" name="action" value="dismiss">\n'
    '        <label for="reason-{mid}">Reason for dismissing</label>\n'
    '        <input id="reason-{mid}" name="reason" type="text" required>\n'
    '        <button type="submit" class="button small danger">Dismiss</button>\n'
    "      </form>\n"
    '      <form method="post" action="/participants/{pid}/matches/{mid}/review"'
    ' class="stack">\n'
    "        {hidden}\n"
    '        <label for="progress-{mid}">Progress</label>\n'
    '        <select id="progress-{mid}" name="action">\n'
    '          <option value="applied">Applied</option><option'
    ' value="interviewing">Interview</option>\n'
    '          <option value="offered">Offer</option><option value="reopen">Back to'
    " new</option>\n"
    "        </select>\n"
    '        <button type="submit" class="button small">Record</button>\n'
    "      </form>\n"
    '      <form method="post" action="/participants/{pid}/matches/{mid}/review"'
    ' class="stack">\n'
    '        {hidden}<input type="hidden" name="action" value="hired">\n'
    '        <label for="start-{mid}">Hired: first day</label><input'
    ' id="start-{mid}" name="start_date" type="date" required>\n'
    '        <label for="wage-{mid}">Hourly wage ($)</label><input id="wage-{mid}"'
    ' name="hourly_wage" inputmode="decimal" required>\n'
    '        <label for="hours-{mid}">Hours a week</label><input id="hours-{mid}"'
    ' name="hours_per_week" inputmode="decimal" required>\n'
    '        <label for="shift-{mid}">Shift (optional)</label><input'
    ' id="shift-{mid}" name="shift" type="text">\n'
    '        <label for="offer-{mid}">Offer day (optional)</label><input'
    ' id="offer-{mid}" name="offered_on" type="date">\n'
    '        <button type="submit" class="button small">Record hire</button>\n'
    "      </form>\n"
    "    </details>\n"
    "  </div>\n"
)
_CARD_REFER = (
    '<a class="button small" href="/participants/{pid}/matches/{mid}/refer">Refer<spa'
    'n class="visually-hidden"> for {title}</span></a>'
)


def card_actions(person_id: int, match: MatchView, csrf_field: str, back: str) -> Markup:
    """The actions under a match card (shortlist, refer, packet, dismiss, progress, hire)."""
    ids = {"pid": int(person_id), "mid": int(match.match_id), "title": html_text(match.title)}
    refer = ""
    if match.tier != "excluded" and not match.referral_status:
        refer = _CARD_REFER.format(**ids)
    hidden = f'{csrf_field}<input type="hidden" name="back" value="{html_text(back)}">'
    return Markup(_CARD_ACTIONS.format(refer=refer, hidden=hidden, **ids))


# ``Markup.format`` would give the same HTML through string.Formatter, a Python call per
# field: the parts below are f-strings of escaped values instead (``_text``).
def trip_steps(trip: Trip, end: str) -> Markup:
    """A trip as the card's ordered list of steps (``end``: what the last walk reaches)."""
    items = [f'<ol class="steps"><li>Leave at {html_text(trip.leave)}</li>']
    for s in trip.steps:
        if s.kind == "walk":
            items.append(
                f"<li>Walk {html_text(s.minutes)} min to "
                f"{html_text(end if s.to_door else s.to)}</li>"
            )
        else:
            change = "Change: " if s.transfer else ""
            items.append(
                f"<li>{change}bus {html_text(s.route)} from {html_text(s.start)} at "
                f"{html_text(s.depart)}"
                f" to {html_text(s.to)}, arrive {html_text(s.arrive)}</li>"
            )
    items.append(f"<li>Arrive {html_text(trip.arrive)}</li></ol>")
    return Markup("".join(items))


def reason_items(reasons: list[dict[str, Any]]) -> Markup:
    """A card's reasons as list items, the deciding one first (the nearest child place is said
    apart, above them)."""
    shown = [r for r in reasons if r.get("code") != NEAREST_CHILD_PLACE]
    return Markup(
        "".join(
            f'<li class="reason-{html_text(r.get("tier", ""))}'
            f'{" deciding" if number == 0 else ""}">'
            f"{html_text(r.get('text', ''))}</li>"
            for number, r in enumerate(shown)
        )
    )


def _interview(asked: Any, date_text: Callable[[Any], str], moment_text: Callable[..., str]) -> str:
    options = "; or ".join(html_text(moment_text(o)) for o in asked.options)
    note = f". “{html_text(asked.note)}”" if asked.note else ""
    return (
        f'\n    <p class="interview-asked notice" id="interview-asked-{html_text(asked.id)}">'
        f"<strong>Interview requested</strong> by {html_text(asked.employer)}"
        f" ({html_text(date_text(asked.created_at))}):\n      {options}{note}</p>\n    "
    )


def _shift(shift: Mapping[str, Any]) -> str:
    start = f" {_item(shift, 'start')}–{_item(shift, 'end')}" if shift.get("start") else ""
    days = shift.get("days")
    listed = f" ({html_text(', '.join(str(d) for d in days))})" if days else ""
    return f"<br>Shift: {_item(shift, 'label')}{start}{listed}"


def _commute(transit: Mapping[str, Any]) -> str:
    minutes = transit.get("minutes")
    if minutes is not None:
        text = f"<strong>{whole_minutes(minutes)} min</strong> by transit"
        transfers = transit.get("transfers")
        if transfers is not None:
            text += f", {html_text(transfers)} transfer{'' if transfers == 1 else 's'}"
    elif "minutes" in transit:
        text = "No transit route found"
    else:
        text = "Commute not computed"
    home = transit.get("home_after_shift")
    if home is not None:
        said = home if isinstance(home, str) else ("yes" if home else "no")
        text += f"\n      <br>Ride home after the shift: {html_text(said)}"
    else:
        text += "\n      "
    return f'<p class="commute">{text}</p>'


def _trips(m: MatchView, transit: Mapping[str, Any]) -> str:
    there = home = ""
    if m.trip_there:
        shift = transit.get("shift")
        when = f" (shift {_item(shift, 'start')}–{_item(shift, 'end')})" if shift else ""
        there = f"<p><strong>There</strong>{when}</p>{trip_steps(m.trip_there, 'the job')}"
    if m.trip_home:
        home = (
            f"<p><strong>Home</strong>: first way home leaves {html_text(m.trip_home.leave)},"
            f" home by {html_text(m.trip_home.arrive)}</p>{trip_steps(m.trip_home, 'home')}"
        )
    return (
        '\n      <details class="trip"><summary>Trip steps<span class="visually-hidden"> for'
        f" {html_text(m.title)}</span></summary>\n        {there}\n        {home}\n"
        "      </details>\n      "
    )


def match_card(
    m: MatchView,
    csrf_field: str,
    date_text: Callable[[Any], str],
    moment_text: Callable[[Any], str],
    *,
    person_id: int,
    back: str,
    interviews_by_posting: Mapping[int, Sequence[Any]],
) -> Markup:
    """One match's card (``csrf_field``: the page's hidden token input; ``date_text`` and
    ``moment_text``: the page's formats, for the interview requests)."""
    mid = int(m.match_id)
    transit = m.transit
    badges = (
        '<span class="badge">said "interested"</span>' if m.interested else "",
        f'<span class="badge">referral: {html_text(m.referral_status)}</span>'
        if m.referral_status
        else "",
        '<span class="badge">verified fair-chance employer</span>'
        if m.fair_chance_verified
        else "",
        f'<span class="badge closing">closing soon: '
        f"{html_text(m.closes_on.strftime('%-d %B'))}</span>"
        if m.closing_soon and m.closes_on is not None
        else "",
    )
    asked = "".join(
        _interview(r, date_text, moment_text) for r in interviews_by_posting.get(m.posting_id, ())
    )
    band = (
        f'<p class="fit-band band-{html_text(m.fit_band)}">{html_text(BAND_WORDS[m.fit_band])}</p>'
        if m.fit_band
        else ""
    )
    away = f" · {html_text(m.distance_km)} km from home" if m.distance_km is not None else ""
    shifts = "".join(_shift(s) for s in m.shifts)
    status = html_text(m.review_status)
    parts = [
        f'<article class="match tier-{html_text(m.tier)}" id="match-{mid}"'
        f' aria-labelledby="match-{mid}-h">\n  <header>\n'
        f'    <h3 id="match-{mid}-h">{html_text(m.title)} <span class="muted">·'
        f" {html_text(m.employer)}</span></h3>\n"
        f'    <p class="score">Score <strong>{m.score:.0f}</strong>\n'
        f'      <span class="status status-{status}">{status.replace("_", " ")}</span>\n'
        f"      {badges[0]}\n      {badges[1]}\n      {badges[2]}\n      {badges[3]}\n"
        f"    </p>\n    {asked}\n    {band}\n  </header>\n"
        '  <div class="match-body">\n    <div>\n'
        f"      <p>{html_text(m.place)}{away}<br>\n"
        f"         {_pay(m.pay_min, m.pay_max, m.pay_unit)}\n"
        f"         {shifts}</p>\n      \n      {_commute(transit)}\n      ",
        _trips(m, transit) if m.trip_there or m.trip_home else "",
        "\n      ",
        f'<p class="nearest-child-place">{html_text(m.nearest_child_place)}</p>'
        if m.nearest_child_place
        else "",
        "\n      ",
        f'<ul class="reasons">{reason_items(m.reasons)}</ul>' if m.reasons else "",
        "\n      ",
        f'<p class="muted">Dismissed because: {html_text(m.dismissal_reason)}</p>'
        if m.dismissal_reason
        else "",
        f'\n    </div>\n    <div class="chart">{component_bars(m.components)}</div>\n  </div>\n',
        card_actions(person_id, m, csrf_field, back),
        "</article>",
    ]
    return Markup("".join(parts))


def _ride(transit: Mapping[str, Any]) -> str:
    minutes = transit.get("minutes")
    if minutes is not None:
        return f"{whole_minutes(minutes)} min"
    return "no bus in time" if transit.get("to_work") else "ride unknown"


def match_row(
    m: MatchView,
    csrf_field: str,
    date_text: Callable[[Any], str],
    moment_text: Callable[[Any], str],
    *,
    person_id: int,
    back: str,
    interviews_by_posting: Mapping[int, Sequence[Any]],
    opened: int | None,
) -> Markup:
    """One match's row in its tier's list: the line that sums it up (title, employer, score,
    ride, pay, status, the deciding reason) folding its card (``opened``: the match shown
    unfolded)."""
    mid = int(m.match_id)
    status = html_text(m.review_status)
    badges = (' <span class="badge">interested</span>' if m.interested else "") + (
        ' <span class="badge closing">closing soon</span>' if m.closing_soon else ""
    )
    reason = ""
    if m.reasons:
        first = m.reasons[0]
        reason = (
            f'<span class="row-reason reason-{html_text(first.get("tier", ""))}">'
            f"{html_text(first.get('text', ''))}</span>"
        )
    card = match_card(
        m,
        csrf_field,
        date_text,
        moment_text,
        person_id=person_id,
        back=back,
        interviews_by_posting=interviews_by_posting,
    )
    return Markup(
        f'<li><details class="match-row" id="row-{mid}" {"open" if m.match_id == opened else ""}>'
        f'\n      <summary><span class="row-title">{html_text(m.title)}</span> <span class="muted">'
        f"{html_text(m.employer)}</span>\n"
        f'        <span class="row-facts">score {m.score:.0f} ·\n'
        f"        {_ride(m.transit)} ·\n"
        f"        {_pay(m.pay_min, m.pay_max, m.pay_unit)} ·\n"
        f'        <span class="status status-{status}">{status.replace("_", " ")}</span>{badges}'
        f"</span>\n        {reason}\n      </summary>\n      {card}\n    </details></li>"
    )

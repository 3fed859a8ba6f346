"""A job's card on the participant's own list (/me/jobs), as HTML built in Python: the job, its
employer, fit, the officer's say, where, when, the bus, the pay and "I'm interested". The fit
and pay words are the job page's too (``fit_words``, ``hourly_pay``).

The list holds some thirty cards; as a template loop every value cost a lookup, an escape and
often a macro call. Here each value is escaped once and the card marked safe once. The HTML is
the template's, byte for byte, in every language (tests/unit/test_job_card.py renders the
template's loop beside it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from jobs.services.review import MatchView
from jobs.web.formats import N_
from jobs.web.html_text import html_text, whole_minutes

# What each fit band says to the participant (RANKING.md), to translate.
FIT_WORDS = {
    "fits_experience": N_("Fits your experience"),
    "entry_level": N_("Entry-level: no experience needed"),
    "stretch": N_("A stretch: needs skills you don't list"),
    "open": N_("No special skills asked"),
}


def fit_words(j: MatchView, _: Callable[[str], str]) -> str:
    """What the job's fit band says to the participant ("" without a band we have words for)."""
    words = FIT_WORDS.get(j.fit_band) if j.fit_band else None
    return _(words) if words else ""


def hourly_pay(j: MatchView, _: Callable[[str], str]) -> str:
    """The job's pay per hour, the whole range, bottom first ("$19.00–$22.00 an hour")."""
    if j.hourly_min is None:
        return _("Pay not stated: ask the employer")
    low, high = f"{j.hourly_min:.2f}", f"{j.hourly_max:.2f}"
    if low == high:
        return _("$%(pay)s an hour") % {"pay": low}
    return _("$%(low)s–$%(high)s an hour") % {"low": low, "high": high}


def _when(j: MatchView, _: Callable[[str], str], shift_text: Callable[[Any], str]) -> str:
    if not j.shifts:
        return html_text(_("Ask the employer"))
    return "; ".join(html_text(shift_text(s)) for s in j.shifts)


def _bus(transit: Mapping[str, Any], _: Callable[[str], str]) -> str:
    minutes = transit.get("minutes")
    if minutes is None:
        return _("No bus route found")
    return _("%(n)s minutes") % {"n": whole_minutes(minutes)}


def job_card(
    j: MatchView, _: Callable[[str], str], shift_text: Callable[[Any], str], csrf_token: str
) -> Markup:
    """One job's card (``_``: the page's gettext; ``shift_text``: its shift words)."""
    title = html_text(j.title)
    employer = j.employer if j.employer_stated else _("Employer not stated")
    band = ""
    if j.fit_band:
        band = f'<p class="fit-band band-{html_text(j.fit_band)}">{html_text(fit_words(j, _))}</p>'
    flag = (
        f'<p class="flag">{html_text(_("Your officer must say yes first."))}</p>'
        if j.tier == "needs_approval"
        else ""
    )
    if j.interested:
        answer = f'<p class="done-note">✓ {html_text(_("You said you are interested."))}</p>\n    '
    else:
        said = html_text(_("I'm interested"))
        answer = (
            f'\n    <form method="post" action="/me/jobs/{html_text(j.posting_id)}/interest">\n'
            f'      <input type="hidden" name="csrf_token" value="{html_text(csrf_token)}">\n'
            f'      <button type="submit" class="button big">{said}'
            f'<span class="visually-hidden">: {title}</span></button>\n    </form>\n    '
        )
    return Markup(
        f'\n  <li class="job-card tier-{html_text(j.tier)}">\n'
        f'    <h2><a href="/me/jobs/{html_text(j.posting_id)}">{title}</a></h2>\n'
        f'    <p class="employer">{html_text(employer)}</p>\n'
        f"    {band}\n    {flag}\n"
        '    <dl class="facts">\n'
        f"      <dt>{html_text(_('Where'))}</dt><dd>{html_text(j.place)}</dd>\n"
        f"      <dt>{html_text(_('When'))}</dt><dd>{_when(j, _, shift_text)}</dd>\n"
        f"      <dt>{html_text(_('By bus'))}</dt><dd>{html_text(_bus(j.transit, _))}</dd>\n"
        f"      <dt>{html_text(_('Pay'))}</dt><dd>{html_text(hourly_pay(j, _))}</dd>\n"
        f"    </dl>\n    {answer}\n  </li>\n"
    )

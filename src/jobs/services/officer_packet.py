"""The officer-approval packet of one match: everything a probation or parole officer needs to
approve a job, in words, on one printed page.

The work address is the site the match is for (the one its commute was planned to and its card
shows; for a posting with several sites, the best one for the participant), never the employer's
head office. Every reason that needs approval is printed with the rule it rests on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.days import DAY_INDEX, DAY_NAMES, DAYS, Day
from jobs.errors import InvalidInput, NotFound
from jobs.services.review import NEAREST_CHILD_PLACE, MatchView, one_match
from jobs.services.visibility import audit
from jobs.services.web_sessions import Viewer
from jobs.store import Employer, Participant, User

AGENCY_NAMES = {
    "none": "Not under supervision",
    "missouri_pp": "Missouri Probation and Parole",
    "federal": "U.S. Probation (federal)",
    "kansas_doc": "Kansas Department of Corrections",
}
CONDITION_WORDS = {
    "no_alcohol_venues": "No places whose main business is alcohol",
    "no_minors": "No places where children are likely (schools, child care)",
    "no_computer": "No computer or internet use",
    "no_cash_handling": "No handling of cash",
    "occupational_restriction": "Restricted occupations",
    "no_employment_without_approval": "Any job needs the officer's approval",
}
# Where a reason carries no rule of its own, the rule its code rests on.
RULE_OF_CODE = {
    "curfew_exception": "Condition of supervision: curfew",
    "travel_permit": "Travel conditions of supervision",
    "travel_permit_state": "Travel conditions of supervision",
    "travel_permit_county": "Travel conditions of supervision",
    "federal_district": "Federal standard condition: stay in the judicial district",
}


class Trip(msgspec.Struct, kw_only=True):
    """One way of the commute, as printed: when to leave, when you get there, and each step."""

    leave: str
    arrive: str
    minutes: int | None
    steps: list[str]


class ApprovalReason(msgspec.Struct, kw_only=True):
    """A reason that needs the officer's approval, and the rule it rests on."""

    text: str
    rule: str


class Packet(msgspec.Struct, kw_only=True):
    """What an officer needs to approve a job: who, where, when, pay, the ride, and why."""

    participant_name: str
    participant_ref: str
    agency: str  # in words
    match: MatchView
    work_address: str
    employer_contact: str
    hiring_policy: str
    shift: str  # days and times, once
    shift_assumed: bool
    trip_there: Trip | None
    trip_home: Trip | None
    home_after_shift: str  # in words
    approval_reasons: list[ApprovalReason]
    conditions: list[str]  # the participant's supervision conditions that bear on work
    other_notes: list[str]
    prepared_by: str
    prepared_by_phone: str
    prepared_on: dt.date


def clock(value: Any) -> str:
    """'2026-12-07T06:10:00' or '06:10' as '06:10' ('' when unknown)."""
    if not value:
        return ""
    text = str(value)
    if "T" in text:
        text = text.split("T", 1)[1]
    return text[:5]


def day_span(days: list[str]) -> str:
    """Day codes as people say them: the five weekdays as 'Monday to Friday'; scattered days
    listed ('Monday, Wednesday and Friday')."""
    known = sorted({d for d in days if d in DAY_INDEX}, key=DAY_INDEX.__getitem__)
    if not known:
        return ""
    if len(known) == 7:
        return "Every day"
    first, last = DAY_INDEX[known[0]], DAY_INDEX[known[-1]]
    if len(known) > 2 and last - first + 1 == len(known):
        return f"{DAY_NAMES[DAYS[first]]} to {DAY_NAMES[DAYS[last]]}"
    names = [DAY_NAMES[cast(Day, d)] for d in known]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def shift_words(view: MatchView) -> tuple[str, bool]:
    """The shift the commute was planned for, once ('Monday to Friday, 14:00–22:30'), and
    whether it was assumed because the posting gives none."""
    used = view.transit.get("shift") if isinstance(view.transit, dict) else None
    if used and used.get("start") and not used.get("assumed"):
        days = day_span(list(used.get("days") or []))
        hours = f"{used['start']}–{used['end']}"
        return (f"{days}, {hours}" if days else hours), False
    seen: list[str] = []
    for shift in view.shifts:
        if shift.get("start") and shift.get("end"):
            days = day_span(list(shift.get("days") or []))
            line = f"{shift['start']}–{shift['end']}"
            line = f"{days}, {line}" if days else line
            if line not in seen:
                seen.append(line)
    if seen:
        return "; ".join(seen), False
    return "Not stated in the posting — ask the employer before approving", True


def _step(leg: dict[str, Any], end: str) -> str:
    at = clock(leg.get("depart"))
    to = leg.get("to") or end
    if to in ("destination", "origin"):
        to = end
    if leg.get("mode") == "walk":
        return f"{at} walk to {to}".strip()
    route = leg.get("route") or ""
    start = leg.get("from") or ""
    return f"{at} bus {route} from {start} to {to}, arriving {clock(leg.get('arrive'))}"


def _trip(journey: Any, end: str, leave: Any = None, arrive: Any = None) -> Trip | None:
    if not isinstance(journey, dict):
        return None
    legs = [leg for leg in journey.get("legs") or [] if isinstance(leg, dict)]
    if not legs and journey.get("minutes") is None:
        return None
    minutes = journey.get("minutes")
    return Trip(
        leave=clock(leave or journey.get("depart") or (legs[0].get("depart") if legs else "")),
        arrive=clock(arrive or journey.get("arrive") or (legs[-1].get("arrive") if legs else "")),
        minutes=None if minutes is None else round(float(minutes)),
        steps=[_step(leg, end) for leg in legs],
    )


def trips(transit: dict[str, Any]) -> tuple[Trip | None, Trip | None]:
    """The way to work and the way home, from the stored commute (older rows kept the legs to
    work at the top level)."""
    there = _trip(transit.get("to_work"), "the job site", transit.get("leave_home"))
    if there is None and transit.get("legs"):
        there = _trip({"legs": transit["legs"], "minutes": transit.get("minutes")}, "the job site")
    home = _trip(transit.get("way_home"), "home", None, transit.get("home_arrive"))
    return there, home


def home_words(transit: dict[str, Any]) -> str:
    """Whether a ride home after the shift exists, in words."""
    value = transit.get("home_after_shift")
    if value is None:
        return "Not worked out"
    if value is True:
        wait = transit.get("wait_after_shift_minutes")
        arrive = clock(transit.get("home_arrive"))
        words = "Yes"
        if arrive:
            words += f", home by {arrive}"
        if wait:
            words += f" (waits {round(float(wait))} minutes after the shift)"
        return words
    if value is False:
        return "No bus home after the shift — a ride must be arranged"
    return str(value)


def rule_words(reason: dict[str, Any]) -> str:
    """The rule a reason rests on, in words ('Condition of supervision: no handling of cash')."""
    source = str(reason.get("source") or "").strip()
    if not source:
        return RULE_OF_CODE.get(str(reason.get("code")), "Not recorded with this match")
    for code, words in CONDITION_WORDS.items():
        source = source.replace(code, words[:1].lower() + words[1:])
    if source == "posting requirement":
        return "What the posting requires"
    return source[:1].upper() + source[1:]


def condition_lines(participant: Participant) -> list[str]:
    """The participant's supervision conditions that bear on a job, one line each."""
    sup = participant.supervision
    if sup is None:
        return []
    lines = []
    if sup.curfew_start and sup.curfew_end:
        lines.append(f"Curfew {sup.curfew_start} to {sup.curfew_end}")
    if sup.electronic_monitoring:
        lines.append("Electronic monitoring")
    if sup.approved_states or sup.approved_counties:
        area = ", ".join([*(f"{c} County" for c in sup.approved_counties), *sup.approved_states])
        lines.append(f"Approved area: {area}")
    lines += [CONDITION_WORDS.get(c, str(c).replace("_", " ")) for c in sup.conditions]
    if sup.restricted_occupations:
        lines.append("Occupations not allowed: " + ", ".join(sup.restricted_occupations))
    for duty in sup.obligations or []:
        days = day_span(list(duty.get("days") or []))
        hours = f"{duty.get('start', '')}–{duty.get('end', '')}"
        lines.append(f"{duty.get('label', 'Appointment')}: {days} {hours}".replace("  ", " "))
    return lines


async def approval_packet(
    session: AsyncSession, viewer: Viewer, participant_id: int, match_id: int, today: dt.date
) -> Packet:
    """The printable officer-approval packet of one match, prepared by the viewer on ``today``."""
    participant, view = await one_match(session, viewer, participant_id, match_id)
    employer = await session.get(Employer, view.employer_id) if view.employer_id else None
    preparer = await session.get(User, viewer.user_id)
    await audit(session, viewer, "print_packet", "match", match_id, participant_id=participant.id)
    transit = view.transit if isinstance(view.transit, dict) else {}
    shift, assumed = shift_words(view)
    there, home = trips(transit)
    contact = ""
    if employer is not None:
        contact = ", ".join(p for p in (employer.contact_name, employer.contact_email) if p)
    agency = participant.supervision.agency if participant.supervision else "none"
    return Packet(
        participant_name=participant.name,
        participant_ref=participant.external_ref,
        agency=AGENCY_NAMES.get(agency, str(agency).replace("_", " ")),
        match=view,
        work_address=view.place,
        employer_contact=contact,
        hiring_policy=employer.hiring_policy if employer else "",
        shift=shift,
        shift_assumed=assumed,
        trip_there=there,
        trip_home=home,
        home_after_shift=home_words(transit),
        approval_reasons=[
            ApprovalReason(text=str(r.get("text", "")), rule=rule_words(r))
            for r in view.reasons
            if r.get("tier") == "needs_approval"
        ],
        conditions=condition_lines(participant),
        other_notes=[
            str(r.get("text", ""))
            for r in view.reasons
            if (r.get("tier") == "excluded" or r.get("kind") == "check")
            and r.get("code") != NEAREST_CHILD_PLACE  # its own line: ``match.nearest_child_place``
        ],
        prepared_by=(preparer.display_name or preparer.email) if preparer else "",
        prepared_by_phone=preparer.phone if preparer else "",
        prepared_on=today,
    )


async def save_phone(
    session: AsyncSession, viewer: Viewer, participant_id: int, match_id: int, phone: str
) -> None:
    """Keep the viewer's work phone as typed (tidied), from the packet of a match they may
    see; InvalidInput when it is not a phone."""
    await one_match(session, viewer, participant_id, match_id)
    phone = " ".join(phone.split())[:40]
    digits = sum(ch.isdigit() for ch in phone)
    if not 7 <= digits <= 15 or any(not (ch.isdigit() or ch in " +-().x") for ch in phone):
        raise InvalidInput("Enter a phone number like 816-555-0123")
    user = await session.get(User, viewer.user_id)
    if user is None:
        raise NotFound("no such account")
    user.phone = phone
    await audit(session, viewer, "phone_changed", "user", viewer.user_id)

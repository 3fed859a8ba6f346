"""The specialist's review of a participant's matches: tiers as sections, filters, actions
(shortlist, dismiss with a kept reason, application / interview / hire) and the officer packet.

Match rows are computed by the matching engine; this module reads and annotates them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection
from datetime import date, timedelta
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode

import msgspec
from sqlalchemy import Integer, and_, bindparam, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.matching.pay import hourly_pay
from jobs.matching.reasons import TIERS, FitBand, band_of
from jobs.services.applications import REVIEW_STEPS, add_step
from jobs.services.commutes import located, site_text
from jobs.services.extraction import current_extractions
from jobs.services.placements import PlacementIn, record_placement
from jobs.services.visibility import audit, require_participant
from jobs.services.web_sessions import Viewer
from jobs.store import (
    Employer,
    Interest,
    Match,
    MatchSummary,
    Participant,
    Placement,
    Posting,
    Referral,
)
from jobs.store.base import utcnow
from jobs.store.column_reads import read_columns
from jobs.store.encryption import key_ring_of, open_selected, open_value
from jobs.transit.directions import Trip, trip_of

TIER_TITLES = {
    "eligible": "Eligible",
    "needs_approval": "Needs the officer's approval",
    "excluded": "Excluded",
}
ACTIONS = {
    "shortlist": "shortlisted",
    "dismiss": "dismissed",
    "applied": "applied",
    "interviewing": "interviewing",
    "offered": "offered",
    "hired": "hired",
    "reopen": "new",
}
SHIFT_KINDS = ("day", "evening", "night")
CLOSING_SOON_DAYS = 7
NEAREST_CHILD_PLACE = "nearest_child_place"


class MatchFilters(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the specialist narrowed the list to."""

    tier: str | None = None
    max_minutes: int | None = None
    max_km: float | None = None
    min_pay: float | None = None  # per hour, against the bottom of the range (matching.pay)
    shift: str | None = None
    fair_chance: bool = False
    show_dismissed: bool = False
    status: str | None = None  # one of STATUS_FILTERS
    sort: str = "score"  # one of SORTS
    limit: int = 25


# The specialist's status filter: what each shows.
STATUS_FILTERS = ("new", "shortlisted", "interested", "referred", "dismissed")
REFERRED_STATUSES = ("referred", "applied", "interviewing", "offered", "hired")
SORTS = {"score": "Best score", "ride": "Shortest ride", "pay": "Highest pay", "newest": "Newest"}


DRIVERS_LICENSE = "driver's license"


class Need(msgspec.Struct, frozen=True, kw_only=True):
    """Something a job asks for, as "What you need" lists it: a credential or skill (``label``
    is the taxonomy's English label or, with no ``id``, the posting's own words) or the
    driver's license, which our code names (``what``)."""

    label: str
    id: str | None = None  # the taxonomy id, when the posting's words were linked to one
    what: str = "skill"  # credential | skill | drivers_license


class MatchView(msgspec.Struct, kw_only=True):
    """One match as the pages and the API show it."""

    match_id: int
    participant_id: int
    posting_id: int
    title: str
    employer: str
    employer_id: int | None
    employer_stated: bool = True  # False: ``employer`` is our "Employer not stated"
    tier: str
    score: float
    components: dict[str, Any]
    reasons: list[dict[str, Any]]
    transit: dict[str, Any]
    review_status: str
    dismissal_reason: str | None
    place: str
    lat: float | None
    lon: float | None
    pay_min: float | None
    pay_max: float | None
    pay_unit: str | None
    hourly_min: float | None  # the pay range per hour (matching.pay); None when unknown
    hourly_max: float | None
    shifts: list[dict[str, Any]] = []
    needs: list[str] = []  # what the job asks for, in English (the API's words)
    need_items: list[Need] = []  # the same, each with what it is, for the reader's language
    to_dos: list[str] = []  # quick or after-hire credentials to get ("todo" reasons), in words
    closes_on: date | None = None  # the posting's closing day, when it gives one
    closing_soon: bool = False  # closes within CLOSING_SOON_DAYS
    fit_band: FitBand | None = None  # RANKING.md: fits_experience | entry_level | stretch | open
    approvals: list[dict[str, str]] = []  # why the officer must agree: {code, text}
    trip_there: Trip | None = None  # the stored trip to the shift, as steps
    trip_home: Trip | None = None  # the first way home after it
    interested: bool = False
    referral_status: str | None = None
    distance_km: float | None = None
    fair_chance_verified: bool = False
    apply_url: str = ""
    nearest_child_place: str | None = None  # registrants: the nearest listed school or child care


def distance_km(
    lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None
) -> float | None:
    """Great-circle distance in km, or None when a point is missing."""
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(6371.0 * 2 * math.asin(math.sqrt(a)), 1)


def shift_kind(start: str | None) -> str | None:
    """day (05–14), evening (14–21) or night, from a start time 'HH:MM'."""
    if not start:
        return None
    hour = int(start[:2])
    if 5 <= hour < 14:
        return "day"
    if 14 <= hour < 21:
        return "evening"
    return "night"


def _place(
    locations: list[dict[str, Any]], transit: dict[str, Any]
) -> tuple[str, float | None, float | None]:
    """The site the match is for: the one its commute was planned to (for a posting with
    several sites, the best for the participant), else the first located one, else the first."""
    site = transit.get("site")
    if isinstance(site, dict) and site.get("text"):
        return str(site["text"]), site.get("lat"), site.get("lon")
    locations = locations or []
    chosen = next((loc for loc in locations if located(loc)), locations[0] if locations else None)
    if chosen is None:
        return "Place not stated", None, None
    return site_text(chosen) or "Place not stated", chosen.get("lat"), chosen.get("lon")


def _needs(extraction: dict[str, Any]) -> list[Need]:
    needs = [
        Need(label=c.get("label", ""), id=c.get("id"), what="credential")
        for c in extraction.get("credentials", [])
        if c.get("required")
    ]
    if not extraction.get("entry_level"):  # an entry-level job's duties are taught, not needed
        needs += [
            Need(label=s.get("label", ""), id=s.get("id"), what="skill")
            for s in extraction.get("skills", [])
            if s.get("required")
        ]
    if extraction.get("drivers_license") == "required":
        needs.append(Need(label=DRIVERS_LICENSE, what="drivers_license"))
    seen: dict[str, Need] = {}
    for need in needs:
        if need.label:
            seen.setdefault(need.label, need)
    return list(seen.values())[:8]


class _ReasonsSaid(NamedTuple):
    to_dos: list[str]
    fit_band: FitBand | None
    approvals: list[dict[str, str]]
    nearest_child_place: str | None


def _reasons_said(reasons: list[dict[str, Any]]) -> _ReasonsSaid:
    """What a match's stored reasons say for its view, read in one pass (a page of matches has
    some ten reasons each): what the participant can get on the way in (a food handler card
    within 30 days of hire), the fit band, why the officer must agree ({code, text}), and for a
    registrant the sentence naming the nearest listed school or child-care site (the first
    ``nearest_child_place`` reason)."""
    to_dos: list[str] = []
    approvals: list[dict[str, str]] = []
    band: FitBand | None = None
    nearest: str | None = None
    near_seen = False
    for reason in reasons:
        code, text = reason.get("code"), reason.get("text")
        if text:
            if reason.get("kind") == "todo":
                to_dos.append(text)
            if reason.get("tier") == "needs_approval":
                approvals.append({"code": str(reason.get("code", "")), "text": str(text)})
        if band is None:
            band = band_of(code)
        if not near_seen and code == NEAREST_CHILD_PLACE:
            near_seen = True
            nearest = str(text or "") or None
    return _ReasonsSaid(to_dos, band, approvals, nearest)


# The participant's own "interested" and referral of each match, joined in (each is unique per
# participant and posting); aliased, so a filter's subquery on ``Interest`` stays its own.
_INTEREST = aliased(Interest, name="own_interest")
_REFERRAL = aliased(Referral, name="own_referral")


# A match's own columns, in the order ``_row_views`` reads them: selected as columns, not as
# a ``Match`` entity, so a page of matches loads no ORM objects (the sealed reasons are opened
# here, once per row, instead of by the load event).
_MATCH_COLUMNS = (
    Match.id,
    Match.participant_id,
    Match.posting_id,
    Match.tier,
    Match.score,
    Match.components,
    Match.reasons,
    Match.transit,
    Match.review_status,
    Match.dismissal_reason,
)
_OWN = len(_MATCH_COLUMNS)


def _match_rows_query(participant_id: Any) -> Any:
    """A participant's matches of open postings, each with its posting's columns, the
    participant's interest and referral (``_row_views``); the participant: an id or a bound
    parameter."""
    return _joined(select(*_MATCH_COLUMNS), participant_id)


def _joined(query: Any, participant_id: Any) -> Any:
    return (
        query.add_columns(
            Posting.title,
            Posting.employer_name,
            Posting.employer_id,
            Posting.locations,
            Posting.pay_min,
            Posting.pay_max,
            Posting.pay_unit,
            Posting.apply_url,
            Employer.fair_chance_verified,
            Posting.closes_at,
            _INTEREST.posting_id.label("interested"),
            _REFERRAL.status.label("referral_status"),
        )
        .join(Posting, Posting.id == Match.posting_id)
        .outerjoin(Employer, Employer.id == Posting.employer_id)
        .outerjoin(
            _INTEREST,
            and_(
                _INTEREST.participant_id == Match.participant_id,
                _INTEREST.posting_id == Match.posting_id,
            ),
        )
        .outerjoin(
            _REFERRAL,
            and_(
                _REFERRAL.participant_id == Match.participant_id,
                _REFERRAL.posting_id == Match.posting_id,
            ),
        )
        .where(Match.participant_id == participant_id, Posting.status == "open")
    )


async def _row_views(
    session: AsyncSession, participant: Participant, rows: list[Any], *, trips: bool = True
) -> list[MatchView]:
    """The views of ``_match_rows_query``'s rows: their sealed reasons opened here.
    ``trips=False``: no trip_there or trip_home (the participant's pages never show them)."""
    ring = key_ring_of(session)
    reasons = Match.reasons.property.columns[0]
    own = []
    for row in rows:
        fields = tuple(row)
        match = list(fields[:_OWN])
        if match[6] is not None:
            match[6] = open_value(reasons.type, "matches", "reasons", str(match[0]), match[6], ring)
        own.append((tuple(match), fields[_OWN:]))
    return await _built_views(session, participant, own, trips=trips)


async def _built_views(
    session: AsyncSession,
    participant: Participant,
    rows: list[tuple[tuple[Any, ...], Any]],
    *,
    trips: bool = True,
) -> list[MatchView]:
    extractions = await current_extractions(session, [match[2] for match, _ in rows])
    views = []
    soon = utcnow() + timedelta(days=CLOSING_SOON_DAYS)
    home_lat, home_lon = participant.home_lat, participant.home_lon
    for (
        (match_id, participant_id, posting_id, tier, score, components, reasons, transit,
         review_status, dismissal_reason),
        (title, employer, employer_id, locations, pmin, pmax, unit, apply, verified, closes,
         interested, referral_status, *_),
    ) in rows:  # fmt: skip
        reasons = reasons or []
        transit = transit or {}
        place, lat, lon = _place(locations, transit)
        hourly = hourly_pay(pmin, pmax, unit)
        extraction = extractions.get(posting_id, {})
        needs = _needs(extraction)
        said = _reasons_said(reasons)
        views.append(
            MatchView(
                match_id=match_id,
                participant_id=participant_id,
                posting_id=posting_id,
                title=title,
                employer=employer or "Employer not stated",
                employer_stated=bool(employer),
                employer_id=employer_id,
                tier=tier,
                score=round(score, 1),
                components=components or {},
                reasons=reasons,
                transit=transit,
                review_status=review_status,
                dismissal_reason=dismissal_reason,
                place=place,
                lat=lat,
                lon=lon,
                pay_min=pmin,
                pay_max=pmax,
                pay_unit=unit,
                hourly_min=None if hourly is None else round(hourly.low, 2),
                hourly_max=None if hourly is None else round(hourly.high, 2),
                shifts=list(extraction.get("shifts", [])),
                needs=[need.label for need in needs],
                need_items=needs,
                to_dos=said.to_dos,
                fit_band=said.fit_band,
                trip_there=trip_of(transit.get("to_work")) if trips else None,
                trip_home=trip_of(transit.get("way_home")) if trips else None,
                approvals=said.approvals,
                interested=interested is not None,
                referral_status=referral_status,
                distance_km=distance_km(home_lat, home_lon, lat, lon),
                fair_chance_verified=bool(verified),
                apply_url=apply or "",
                nearest_child_place=said.nearest_child_place,
                closes_on=closes.date() if closes else None,
                closing_soon=bool(closes and closes <= soon),
            )
        )
    return views


def _pays_enough(row: Any, minimum: float | None) -> bool:
    """Whether a match row's posted pay per hour starts at ``minimum`` or more (unknown: no)."""
    if minimum is None:
        return True
    hourly = hourly_pay(row.pay_min, row.pay_max, row.pay_unit)
    return hourly is not None and hourly.low >= minimum


def _order(sort: str) -> list[Any]:
    """The ORDER BY that puts a sort first (score breaks ties; unknowns go last)."""
    if sort == "ride":
        minutes = Match.transit["minutes"].as_float()
        return [minutes.is_(None), minutes]
    if sort == "newest":
        return [Posting.posted_at.is_(None), Posting.posted_at.desc()]
    return []


def _hourly_low(row: Any) -> float:
    hourly = hourly_pay(row.pay_min, row.pay_max, row.pay_unit)
    return -1.0 if hourly is None else hourly.low


async def excluded_summary(
    session: AsyncSession, viewer: Viewer, participant_id: int
) -> list[tuple[str, int]]:
    """Why jobs are excluded for a participant: each reason that excludes (its words, with the
    job's particulars left in), grouped by its code, with how many jobs it excludes; most first."""
    participant = await require_participant(session, viewer, participant_id, protected=False)
    found: dict[str, list[str]] = {}
    for match_id, sealed in await session.execute(
        select(Match.id, Match.reasons)
        .join(Posting, Posting.id == Match.posting_id)
        .where(
            Match.participant_id == participant.id,
            Match.tier == "excluded",
            Posting.status == "open",
        )
    ):
        for reason in open_selected(session, Match.reasons, match_id, sealed) or []:
            if reason.get("tier") == "excluded":
                found.setdefault(str(reason.get("code")), []).append(str(reason.get("text", "")))
    grouped = [(texts[0], len(texts)) for texts in found.values()]
    return sorted(grouped, key=lambda pair: -pair[1])


FILTER_KEYS = (
    "status", "sort", "tier", "max_minutes", "max_km", "shift", "min_pay", "fair_chance",
    "show_dismissed", "limit",
)  # fmt: skip


def filter_query(pairs: Any) -> str:
    """The filter part of a query string (``pairs``: a mapping or "a=1&b=2"), to return to the
    same list after an action; anything else is dropped."""
    items = parse_qsl(pairs) if isinstance(pairs, str) else list(pairs.items())
    return urlencode([(k, str(v)) for k, v in items if k in FILTER_KEYS and str(v)])


# Per tier of a participant's open matches: how many are listed (not duplicates, as the whole
# ranking counts them) and how many are shortlisted (duplicates too, as ``shortlist_size``);
# beside each tier, the participant's last whole ranking summed up (``matching.whole_ranking``
# reads it: one statement, not two).
_SUMMARY_OF = MatchSummary.participant_id == bindparam("participant_id")
_LISTED_AND_SHORTLISTED = (
    select(
        Match.tier,
        func.count(case((Posting.duplicate_of.is_(None), 1))),
        func.count(case((Match.review_status == "shortlisted", 1))),
        select(MatchSummary.tiers).where(_SUMMARY_OF).scalar_subquery(),
        select(MatchSummary.computed_at).where(_SUMMARY_OF).scalar_subquery(),
    )
    .join(Posting, Posting.id == Match.posting_id)
    .where(Match.participant_id == bindparam("participant_id"), Posting.status == "open")
    .group_by(Match.tier)
)


class ListedCounts(NamedTuple):
    """``listed_and_shortlisted``'s figures, and the whole ranking's summary read beside them:
    its sealed tiers and computed_at (both None when there is none), or None when there was no
    row to read it beside."""

    listed: dict[str, int]
    shortlisted: int
    summary: tuple[Any, Any] | None


async def listed_shortlisted_and_summary(
    session: AsyncSession, participant_id: int
) -> ListedCounts:
    """The rows listed by tier (for ``matching.whole_ranking``), ``shortlist_size`` and the
    whole ranking's summary, in one statement (the caller checked access)."""
    listed: dict[str, int] = {}
    shortlisted = 0
    summary = None
    for tier, rows, short, tiers, computed_at in await read_columns(
        session, _LISTED_AND_SHORTLISTED, {"participant_id": participant_id}
    ):
        if rows:
            listed[tier] = int(rows)
        shortlisted += int(short or 0)
        summary = (tiers, computed_at)
    return ListedCounts(listed, shortlisted, summary)


async def listed_and_shortlisted(
    session: AsyncSession, participant_id: int
) -> tuple[dict[str, int], int]:
    """The rows listed by tier (for ``matching.whole_ranking``) and ``shortlist_size``, in one
    statement (the caller checked access)."""
    listed, shortlisted, _ = await listed_shortlisted_and_summary(session, participant_id)
    return listed, shortlisted


async def shortlist_size(session: AsyncSession, participant_id: int) -> int:
    """How many open matches of a participant are shortlisted (the caller checked access)."""
    query = (
        select(func.count())
        .select_from(Match)
        .join(Posting, Posting.id == Match.posting_id)
        .where(
            Match.participant_id == participant_id,
            Match.review_status == "shortlisted",
            Posting.status == "open",
        )
    )
    return await session.scalar(query) or 0


def _keep(view: MatchView, filters: MatchFilters) -> bool:
    return _within(view.distance_km, view.shifts, filters)


def _within(km: float | None, shifts: Collection[dict[str, Any]], filters: MatchFilters) -> bool:
    """Whether a match this far away (``distance_km``) with these shifts passes the distance
    and shift filters."""
    if filters.max_km is not None and (km is None or km > filters.max_km):
        return False
    if filters.shift:
        kinds = {shift_kind(s.get("start")) for s in shifts}
        if filters.shift not in kinds:
            return False
    return True


async def _count_kept(
    session: AsyncSession, participant: Participant, rows: list[Any], filters: MatchFilters
) -> int:
    """How many of a folded tier's rows pass the distance and shift filters, read from the
    rows (and the postings' shifts) as their views would have them, without building views."""
    shifts: dict[int, Any] = {}
    if filters.shift and rows:
        shifts = await current_extractions(session, [row.posting_id for row in rows])
    kept = 0
    for row in rows:
        _, lat, lon = _place(row.locations, row.transit or {})
        km = distance_km(participant.home_lat, participant.home_lon, lat, lon)
        if _within(km, shifts.get(row.posting_id, {}).get("shifts", []), filters):
            kept += 1
    return kept


def _conditions(filters: MatchFilters, participant_id: Any) -> list[Any]:
    """The WHERE conditions of the filters read in SQL (``participant_id``: a value or a bound
    parameter)."""
    conditions: list[Any] = []
    if filters.status == "dismissed":
        conditions.append(Match.review_status == "dismissed")
    elif not filters.show_dismissed:
        conditions.append(Match.review_status != "dismissed")
    if filters.status in ("new", "shortlisted"):
        conditions.append(Match.review_status == filters.status)
    elif filters.status == "referred":
        conditions.append(Match.review_status.in_(REFERRED_STATUSES))
    elif filters.status == "interested":
        conditions.append(
            select(Interest.posting_id)
            .where(
                Interest.participant_id == participant_id,
                Interest.posting_id == Match.posting_id,
            )
            .exists()
        )
    if filters.fair_chance:
        conditions.append(Employer.fair_chance_verified.is_(True))
    if filters.max_minutes is not None:
        minutes = Match.transit["minutes"].as_float()
        conditions.append(and_(minutes.is_not(None), minutes <= filters.max_minutes))
    return conditions


# The participant and the limit of ``_ranked_statement``, bound when it is executed.
_PARTICIPANT = bindparam("participant_id", type_=Integer)
_RANK_LIMIT = bindparam("rank_limit", type_=Integer)


@functools.lru_cache(maxsize=64)
def _ranked_statement(
    tiers: tuple[str, ...],
    status: str | None,
    show_dismissed: bool,
    fair_chance: bool,
    sort: str,
    max_minutes: int | None,
    folded: tuple[str, ...] = (),
) -> Any:
    """Each tier's first ``rank_limit`` rows by rank with the tier's whole count, in one
    statement: built and its cache key made once per shape of the filters, not per request
    (both cost more than running it). A ``folded`` tier gives only its first row (its count)."""
    filters = MatchFilters(
        status=status, show_dismissed=show_dismissed, fair_chance=fair_chance, sort=sort,
        max_minutes=max_minutes,
    )  # fmt: skip
    order = [*_order(sort), Match.score.desc(), Match.id]
    ranked = (
        select(
            Match.id.label("ranked_id"),
            func.row_number().over(partition_by=Match.tier, order_by=order).label("rank"),
            func.count().over(partition_by=Match.tier).label("in_tier"),
        )
        .join(Posting, Posting.id == Match.posting_id)
        .outerjoin(Employer, Employer.id == Posting.employer_id)
        .where(
            Match.participant_id == _PARTICIPANT,
            Posting.status == "open",
            Match.tier.in_(tiers),
            *_conditions(filters, _PARTICIPANT),
        )
        .subquery()
    )
    limit: Any = _RANK_LIMIT
    if folded:
        limit = case((Match.tier.in_(folded), 1), else_=_RANK_LIMIT)
    return (
        _match_rows_query(_PARTICIPANT)
        .join(ranked, ranked.c.ranked_id == Match.id)
        .where(ranked.c.rank <= limit)
        .add_columns(ranked.c.in_tier)
        .order_by(ranked.c.rank)
    )


async def review_matches(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    filters: MatchFilters,
    *,
    folded: Collection[str] = (),
) -> tuple[Participant, dict[str, list[MatchView]], dict[str, int]]:
    """A participant's matches by tier, best first, with the count of each tier after filters.

    Each tier shows at most ``filters.limit`` matches. A ``folded`` tier (one the page folds
    into its count) is counted but gets no views: its section is empty and not audited as shown.
    """
    participant = await require_participant(session, viewer, participant_id, protected=False)
    conditions = _conditions(filters, participant.id)
    tiers = [filters.tier] if filters.tier in TIERS else list(TIERS)
    folded = tuple(tier for tier in tiers if tier in folded)
    # Pay is compared in Python so that the one conversion (matching.pay) decides it.
    python_side = (
        filters.max_km is not None
        or bool(filters.shift)
        or filters.min_pay is not None
        or filters.sort == "pay"
    )
    sections: dict[str, list[MatchView]] = {}
    counts: dict[str, int] = {}
    limit = max(1, min(filters.limit, 500))
    # Each tier's rows, then the rows' views in one go (one read of the postings' readings,
    # interests and referrals for every tier, not one per tier).
    picked: dict[str, list[Any]] = {}
    filtered_by_view = filters.max_km is not None or bool(filters.shift)
    if not python_side:
        # One statement for every tier: each tier's first ``limit`` rows by rank, with the
        # tier's whole count beside them (built once per shape of the filters).
        statement = _ranked_statement(
            tuple(tiers), filters.status, filters.show_dismissed, filters.fair_chance,
            filters.sort, filters.max_minutes, folded,
        )  # fmt: skip
        found = await read_columns(
            session, statement, {"participant_id": participant.id, "rank_limit": limit}
        )
        counts = {str(tier): 0 for tier in tiers}
        picked = {str(tier): [] for tier in tiers}
        for row in found:
            counts[row.tier] = int(row[-1])
            if row.tier not in folded:
                picked[row.tier].append(tuple(row)[:-1])
    for tier in tiers if python_side else ():
        query = _match_rows_query(participant.id).where(Match.tier == tier, *conditions)
        ordered = query.order_by(*_order(filters.sort), Match.score.desc(), Match.id)
        rows = [r for r in await read_columns(session, ordered) if _pays_enough(r, filters.min_pay)]
        if filters.sort == "pay":
            rows.sort(key=_hourly_low, reverse=True)  # stable: score order among equals
        if not filtered_by_view:
            counts[tier] = len(rows)
            rows = [] if tier in folded else rows[:limit]
        picked[tier] = rows
    if filtered_by_view:
        # A folded tier is only counted: its rows are judged as they are, with no views.
        for only_counted in folded:
            rows = picked[only_counted]
            counts[only_counted] = await _count_kept(session, participant, rows, filters)
            picked[only_counted] = []
    views = await _row_views(session, participant, [row for tier in tiers for row in picked[tier]])
    start = 0
    for tier in tiers:
        these = views[start : start + len(picked[tier])]
        start += len(picked[tier])
        if filtered_by_view and tier not in folded:
            kept = [v for v in these if _keep(v, filters)]
            counts[tier], sections[tier] = len(kept), kept[:limit]
        else:
            sections[tier] = these
    await audit(
        session,
        viewer,
        "read_matches",
        "participant",
        participant.id,
        participant_id=participant.id,
        detail={"shown": sum(len(v) for v in sections.values())},
    )
    return participant, sections, counts


async def matched_jobs(
    session: AsyncSession, participant: Participant, limit: int = 100
) -> list[tuple[int, str, str]]:
    """(posting id, title, employer) of the participant's open, not excluded matches, best
    first: the job list of the profile's forms. The caller has already checked access to the
    participant; no reasons are read, so nothing is audited here."""
    params = {"participant_id": participant.id, "limit": limit}
    return [
        (posting_id, title, employer or "Employer not stated")
        for posting_id, title, employer in await read_columns(session, _MATCHED_JOBS, params)
    ]


# ``matched_jobs``' statement, built once (every specialist's profile page runs it).
_MATCHED_JOBS = (
    select(Match.posting_id, Posting.title, Posting.employer_name)
    .join(Posting, Posting.id == Match.posting_id)
    .where(
        Match.participant_id == bindparam("participant_id", type_=Integer),
        Posting.status == "open",
        Match.tier != "excluded",
    )
    .order_by(
        case({tier: rank for rank, tier in enumerate(TIERS)}, value=Match.tier),
        Match.score.desc(),
        Match.id,
    )
    .limit(bindparam("limit", type_=Integer))
)


async def one_match(
    session: AsyncSession, viewer: Viewer, participant_id: int, match_id: int
) -> tuple[Participant, MatchView]:
    """One match of a participant the viewer may see (NotFound otherwise)."""
    participant = await require_participant(session, viewer, participant_id)
    query = _match_rows_query(participant.id).where(Match.id == match_id)
    rows = list(await read_columns(session, query))
    if not rows:
        raise NotFound(f"no match {match_id} for this participant")
    await audit(session, viewer, "read_match", "match", match_id, participant_id=participant.id)
    return participant, (await _row_views(session, participant, rows))[0]


async def review(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    match_id: int,
    action: str,
    *,
    reason: str = "",
    hire: dict[str, str] | None = None,
    today: date,
) -> dict[str, str]:
    """Carry out one review action; returns problems by form field (empty when done). ``today``
    is the program's date, which dates the step on the road to hire.

    Dismissing needs a reason, which is kept on the match. Hiring records a placement through
    ``placements.record_placement`` (retention checks, quarter checks after exit, incentives).
    """
    await require_participant(session, viewer, participant_id, protected=False)
    if action not in ACTIONS:
        raise InvalidInput(f"action: choose one of {', '.join(ACTIONS)}, not {action!r}")
    match = await session.scalar(
        select(Match).where(Match.id == match_id, Match.participant_id == participant_id)
    )
    if match is None:
        raise NotFound(f"no match {match_id} for this participant")
    reason = " ".join(reason.split())[:1000]
    if action == "dismiss" and not reason:
        return {"reason": "Say why this job is dismissed; the reason is kept."}
    problems: dict[str, str] = {}
    placement_id = None
    if action == "hired":
        placement_id, problems = await _record_hire(session, viewer, match, hire or {})
        if problems:
            return problems
    match.review_status = ACTIONS[action]
    if action == "dismiss":
        match.dismissal_reason = reason
    match.reviewed_by = viewer.user_id
    match.reviewed_at = utcnow()
    referral = await session.scalar(
        select(Referral).where(
            Referral.participant_id == participant_id, Referral.posting_id == match.posting_id
        )
    )
    if referral is not None and action in ("interviewing", "offered", "hired"):
        referral.status = action
    if action in REVIEW_STEPS:
        await add_step(
            session, participant_id, match.posting_id, REVIEW_STEPS[action], today,
            viewer.user_id,
        )  # fmt: skip
    await audit(
        session,
        viewer,
        f"match_{action}",
        "match",
        match.id,
        participant_id=participant_id,
        detail={"posting_id": match.posting_id, "placement_id": placement_id}
        if placement_id
        else {"posting_id": match.posting_id},
    )
    return {}


def parse_hire(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The hire's fields from a form (first day, wage, hours, shift, offer day); problems by
    field. The offer day is optional: it dates the WOTC Form 8850 deadline."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        values["start_date"] = date.fromisoformat(form.get("start_date", "").strip())
    except ValueError:
        problems["start_date"] = "Give the first day of work as a date (YYYY-MM-DD)."
    for name, low, high, label in (
        ("hourly_wage", 0.0, 500.0, "hourly wage in dollars"),
        ("hours_per_week", 1.0, 80.0, "hours a week"),
    ):
        raw = form.get(name, "").strip().lstrip("$")
        try:
            number = float(raw)
            if not low <= number <= high or math.isnan(number):
                raise ValueError
            values[name] = number
        except ValueError:
            problems[name] = f"Give the {label} as a number between {low:g} and {high:g}."
    values["shift"] = form.get("shift", "").strip()[:100]
    offered = form.get("offered_on", "").strip()
    values["offered_on"] = None
    if offered:
        try:
            values["offered_on"] = date.fromisoformat(offered)
        except ValueError:
            problems["offered_on"] = "Give the day of the job offer as a date (YYYY-MM-DD)."
        else:
            start = values.get("start_date")
            if start is not None and values["offered_on"] > start:
                problems["offered_on"] = "The offer comes on or before the first day of work."
    return values, problems


async def record_hire(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    posting: Posting,
    form: dict[str, str],
) -> tuple[int | None, dict[str, str]]:
    """Record a hire for this posting through ``placements.record_placement``, so every hire,
    whoever records it, gets the same checkpoints (30/90/180 days, and the quarters after exit)
    and the same incentive deadlines. Returns the placement id, or problems by field."""
    values, problems = parse_hire(form)
    if problems:
        return None, problems
    if posting.employer_id is None:
        return None, {"hire": "This job is not linked to a known employer; add the employer first."}
    current = await session.scalar(
        select(Placement.start_date).where(
            Placement.participant_id == participant_id,
            Placement.posting_id == posting.id,
            Placement.separated_on.is_(None),
        )
    )
    if current is not None:
        return None, {
            "hire": f"This hire is already recorded: the job started {current.isoformat()}."
        }
    try:
        placement = await record_placement(
            session,
            PlacementIn(
                participant_id=participant_id,
                employer_id=posting.employer_id,
                posting_id=posting.id,
                job_title=posting.title,
                **values,
            ),
            recorded_by=viewer.user_id,
        )
    except Conflict:
        return None, {
            "start_date": f"This hire is already recorded, starting {values['start_date']}."
        }
    except InvalidInput as exc:
        return None, {"hire": exc.message[:1].upper() + exc.message[1:] + "."}
    return placement.id, {}


async def _record_hire(
    session: AsyncSession, viewer: Viewer, match: Match, form: dict[str, str]
) -> tuple[int | None, dict[str, str]]:
    posting = await session.get(Posting, match.posting_id)
    if posting is None:
        raise NotFound(f"no posting {match.posting_id}")
    return await record_hire(session, viewer, match.participant_id, posting, form)


def filters_from_query(params: Any) -> tuple[MatchFilters, dict[str, str]]:
    """Read the filter form (query string); bad values are reported by field and ignored."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}

    def number(name: str, kind: type, low: float, high: float, label: str) -> None:
        raw = (params.get(name) or "").strip()
        if not raw:
            return
        try:
            value = kind(raw)
            if not low <= value <= high:
                raise ValueError
            values[name] = value
        except ValueError:
            problems[name] = f"{label}: give a number from {low:g} to {high:g}."

    tier = (params.get("tier") or "").strip()
    if tier:
        if tier in TIERS:
            values["tier"] = tier
        else:
            problems["tier"] = "Tier: choose eligible, needs approval or excluded."
    number("max_minutes", int, 5, 240, "Longest ride")
    number("max_km", float, 0.5, 200, "Farthest distance")
    number("min_pay", float, 0, 500, "Lowest hourly pay")
    number("limit", int, 1, 500, "How many")
    shift = (params.get("shift") or "").strip()
    if shift:
        if shift in SHIFT_KINDS:
            values["shift"] = shift
        else:
            problems["shift"] = "Shift: choose day, evening or night."
    status = (params.get("status") or "").strip()
    if status:
        if status in STATUS_FILTERS:
            values["status"] = status
        else:
            problems["status"] = "Status: choose " + ", ".join(STATUS_FILTERS) + "."
    sort = (params.get("sort") or "").strip()
    if sort:
        if sort in SORTS:
            values["sort"] = sort
        else:
            problems["sort"] = "Sort: choose score, ride, pay or newest."
    values["fair_chance"] = params.get("fair_chance") in ("1", "on", "true")
    values["show_dismissed"] = params.get("show_dismissed") in ("1", "on", "true")
    return MatchFilters(**values), problems

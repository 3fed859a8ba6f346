"""The batch engine: rank open postings for participants and keep the results as Match rows.

Everything the pure ``matching`` package needs is read from the store once per run: participants
in DESIGN's format, open canonical postings with their employer policy and current extraction,
and transit reach from each home to the job sites a trip could still count for (within the
commute radius, ``matching.commute_reach``) at their shift times. The CPU work (reach and
ranking) runs in a worker thread so the event loop stays free.

What is kept: per participant, the best ``JOBS_MATCHES_KEPT_PER_TIER`` matches of each tier
(eligible, needs approval, excluded) as Match rows, and a ``MatchSummary`` of the whole ranking
(postings per tier, postings per reason code of the tiers a rule sets) for the review page.
Nothing a person acted on is lost: a match with a review (shortlisted, dismissed with a reason,
referred...), a printed officer packet, a referral, an application step, a placement, or the
participant's "I'm interested" is kept and recomputed whatever its rank (``acted_on``). Other
rows of postings that fell out of the kept set (outranked, closed, or a duplicate now) are
deleted. A rematch for changed postings (``posting_ids``) adds a posting's match only where it
ranks above the lowest kept of its tier (or the tier has room), and leaves the counts as the
participant's last whole rematch found them: the nightly rematch sets both straight.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import bindparam, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.clock import program_today
from jobs.matching.child_places import ChildPlaces
from jobs.matching.commute_reach import commute_radius_km
from jobs.matching.constraints import Constraints
from jobs.matching.inputs import PostingFacts, Reach, Requirements
from jobs.matching.rank import (
    MatchResult,
    PostingBook,
    TierSummary,
    rank,
    rank_kept,
    summarise,
)
from jobs.matching.reasons import TIERS
from jobs.participant_format import ParticipantIn
from jobs.services.commutes import (
    SiteShift,
    every_site,
    obligation_trips,
    reach_from_home,
    site_shift,
)
from jobs.services.extraction import current_extraction_id
from jobs.services.participants import get_participant, to_participant_format
from jobs.skills.linking import concept_index
from jobs.skills.taxonomy import Taxonomy
from jobs.store import (
    ApplicationStep,
    AuditEvent,
    Employer,
    Extraction,
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
from jobs.store.encryption import open_selected
from jobs.transit.reach import ShiftReach

if TYPE_CHECKING:
    from jobs.runtime import Runtime

log = logging.getLogger(__name__)
LOCATION_FIELDS = (
    "text",
    "city",
    "region",
    "postal_code",
    "county",
    "country",
    "lat",
    "lon",
    "precision",
)


class MatchRun(msgspec.Struct, kw_only=True):
    """What one recompute did."""

    participants: int = 0
    postings: int = 0
    stored: int = 0  # match rows written (new or recomputed)
    deleted: int = 0  # rows of postings that fell out of the kept set, with nothing on them
    seconds: float = 0.0


class Ranked(msgspec.Struct, kw_only=True):
    """One participant's ranked results, with the reach behind their transit figures."""

    participant_id: int
    results: list[MatchResult]
    reaches: dict[int, ShiftReach]
    sites: dict[int, SiteShift]  # the site each match is for (its commute, card and packet)
    feed: str | None = None  # digest of the transit feed the reach came from
    # The whole ranking summed up; ``results`` holds the kept part of it (or all of it).
    tiers: dict[str, TierSummary] = {}


def posting_facts(
    row: Posting, employer: Employer | None, extraction: dict[str, Any] | None, soc: str | None
) -> PostingFacts:
    """A stored posting as matching sees it."""
    locations = [
        {key: loc[key] for key in LOCATION_FIELDS if loc.get(key) is not None}
        for loc in row.locations
    ]
    pay = None
    if row.pay_min is not None or row.pay_max is not None:
        pay = {
            "min": row.pay_min,
            "max": row.pay_max,
            "currency": row.pay_currency or "USD",
            "unit": row.pay_unit,
        }
    policy = {}
    if employer is not None:
        policy = {
            "fair_chance_verified": employer.fair_chance_verified,
            "pledge_signed": employer.pledge_signed,
            "kc_ordinance": employer.kc_ordinance,
            "industry": employer.industry,
            "naics": employer.naics,
        }
    document = {
        "id": str(row.id),
        "title": row.title,
        "employer": row.employer_name or (employer.name if employer else ""),
        "policy": policy,
        "locations": locations,
        "workplace": row.workplace,
        "employment_types": row.employment_types,
        "pay": pay,
        "posted_at": row.posted_at,
        "soc": soc,
    }
    facts = msgspec.convert(document, PostingFacts, builtin_types=(dt.datetime,))
    if extraction:
        try:
            requirements = msgspec.convert(extraction, Requirements)
        except msgspec.ValidationError as exc:
            log.warning("posting %s: extraction not usable for matching: %s", row.id, exc)
        else:
            facts = msgspec.structs.replace(facts, requirements=requirements)
    return facts


async def _postings(
    session: AsyncSession, taxonomy: Taxonomy, version: str, posting_ids: Sequence[int] | None
) -> tuple[list[PostingFacts], dict[int, SiteShift], dict[int, list[SiteShift]]]:
    query = (
        select(Posting, Employer, Extraction.result)
        .outerjoin(Employer, Posting.employer_id == Employer.id)
        .outerjoin(Extraction, Extraction.id == current_extraction_id(version))
        .where(Posting.status == "open", Posting.duplicate_of.is_(None))
        .order_by(Posting.id)
    )
    if posting_ids is not None:
        query = query.where(Posting.id.in_(list(posting_ids)))
    facts, sites, several = [], {}, {}
    for row, employer, extraction in await session.execute(query):
        title = taxonomy.find_title(row.title)
        facts.append(posting_facts(row, employer, extraction, title.soc if title else None))
        shifts = (extraction or {}).get("shifts") or []
        site = site_shift(row.id, row.locations, shifts)
        if site is not None:
            sites[row.id] = site
        if len(row.locations) > 1:
            several[row.id] = every_site(row.id, row.locations, shifts)
    return facts, sites, several


async def _participants(
    session: AsyncSession, participant_ids: Sequence[int] | None
) -> list[tuple[int, ParticipantIn, tuple[float, float] | None]]:
    query = (
        select(Participant)
        .options(selectinload(Participant.supervision), selectinload(Participant.record))
        .order_by(Participant.id)
    )
    if participant_ids is not None:
        query = query.where(Participant.id.in_(list(participant_ids)))
    participants: list[tuple[int, ParticipantIn, tuple[float, float] | None]] = []
    for row in await session.scalars(query):
        home = None
        if row.home_lat is not None and row.home_lon is not None:  # written together
            home = (row.home_lat, row.home_lon)
        participants.append((row.id, to_participant_format(row), home))
    return participants


def rank_everyone(
    runtime: Runtime,
    taxonomy: Taxonomy,
    participants: Sequence[tuple[int, ParticipantIn, tuple[float, float] | None]],
    postings: Sequence[PostingFacts],
    sites: dict[int, SiteShift],
    today: dt.date,
    children: ChildPlaces | None = None,
    several: dict[int, list[SiteShift]] | None = None,
    keep: int | None = None,
    also: Mapping[int, Collection[int]] | None = None,
) -> list[Ranked]:
    """Reach and rank for each participant (CPU work, run off the event loop). Skill and title
    ids come from ``taxonomy``, the one this database's extractor reads postings with; trips
    between job sites and appointments come from the planner (kept for the run). ``children``:
    the schools and child care to measure from (the runtime's file list when None).

    ``sites`` holds each posting's first located site; ``several`` every located site of the
    postings that have more than one: for those the commute goes to the site the participant's
    tier rests on (the best one for them), so the card, the trip and the officer's packet all
    name the site the match is for. Transit is asked only for the postings within the
    participant's commute radius: beyond it no trip scores, and the match says how far it is.

    ``keep``: write full results only for the best ``keep`` of each tier and the postings
    ``also`` names for the participant (``rank_kept``); None: every posting's result."""

    # A person's own words are read into the concept ids postings are read into ("MIG
    # welding" and a posting's "MIG welder" are one skill), with the skills theirs are a kind of.
    skill_ids = concept_index(taxonomy).term_ids

    def title_soc(term: str) -> str | None:
        found = taxonomy.find_title(term)
        return found.soc if found else None

    planner = runtime.planner()
    feed = planner.timetable.checksum
    between = obligation_trips(planner)
    if children is None:
        children = runtime.child_places()
    book = PostingBook(postings)
    ranked = []
    for participant_id, participant, home in participants:
        own_sites = _matched_sites(participant, book, sites, several or {}, today, children)
        reaches = (
            reach_from_home(
                planner,
                home,
                _within_reach(participant, book, home, own_sites),
                today,
                runtime.reach_answers,
            )
            if home
            else {}
        )
        shared = {str(k): Reach.from_shift_reach(v) for k, v in reaches.items()}
        if keep is None:
            results = rank(
                participant, book, shared, today, weights=runtime.weights, all_tiers=True,
                skill_ids=skill_ids, title_soc=title_soc, child_places=children,
                obligation_trip=between,
            )  # fmt: skip
            tiers = summarise(results)
        else:
            named = [str(posting_id) for posting_id in (also or {}).get(participant_id, ())]
            kept = rank_kept(
                participant, book, shared, today, keep, named, weights=runtime.weights,
                skill_ids=skill_ids, title_soc=title_soc, child_places=children,
                obligation_trip=between,
            )  # fmt: skip
            results, tiers = kept.results, kept.tiers
        ranked.append(
            Ranked(
                participant_id=participant_id,
                results=results,
                reaches=reaches,
                sites=own_sites,
                feed=feed,
                tiers=tiers,
            )
        )
    return ranked


def _within_reach(
    participant: ParticipantIn,
    book: PostingBook,
    home: tuple[float, float],
    own_sites: dict[int, SiteShift],
) -> list[SiteShift]:
    """The sites to ask transit about: those of postings not beyond the commute radius."""
    far = book.grid.beyond(home, commute_radius_km(participant))
    return [
        site
        for posting_id, site in own_sites.items()
        if (at := book.index.get(str(posting_id))) is not None and not far[at]
    ]


def _matched_sites(
    participant: ParticipantIn,
    book: PostingBook,
    sites: dict[int, SiteShift],
    several: dict[int, list[SiteShift]],
    today: dt.date,
    children: Any,
) -> dict[int, SiteShift]:
    """The site each posting's match is for: the first located one, or for a posting with
    several sites the one its tier rests on (``Constraints.site``, the best for this person)."""
    if not several:
        return sites
    rules = Constraints(participant, today, children)
    chosen = dict(sites)
    for posting_id, options in several.items():
        at = book.index.get(str(posting_id))
        if at is None:
            continue
        view = book.views[at]
        _, place = rules.site(view)
        if place is None:
            continue
        index = view.places.index(place)
        picked = next((site for site in options if site.index == index), None)
        if picked is not None:
            chosen[posting_id] = picked
    return chosen


def transit_document(
    reach: ShiftReach | None, site: SiteShift | None, feed: str | None = None
) -> dict[str, Any]:
    """What the pages show about the commute: figures, both itineraries, the shift used, and
    the digest of the feed they came from (so a new feed finds the matches it changes)."""
    if reach is None:
        return {"site": _site_document(site)} if site else {}
    return {
        "site": _site_document(site) if site else None,
        "feed": feed,
        "minutes": reach.minutes,
        "transfers": reach.transfers,
        "walk_meters": reach.walk_meters,
        "leave_home": reach.leave_home.isoformat() if reach.leave_home else None,
        "home_after_shift": reach.home_after_shift,
        "home_minutes": reach.home_minutes,
        "home_arrive": reach.home_arrive.isoformat() if reach.home_arrive else None,
        "wait_after_shift_minutes": reach.wait_after_shift_minutes,
        "shift": {
            "start": site.start,
            "end": site.end,
            "days": list(site.days),
            "assumed": site.assumed,
        }
        if site
        else None,
        "to_work": msgspec.to_builtins(reach.to_work),
        "way_home": msgspec.to_builtins(reach.way_home),
    }


def _site_document(site: SiteShift) -> dict[str, Any]:
    return {"index": site.index, "text": site.text, "lat": site.lat, "lon": site.lon}


def carries_something(row: Match) -> bool:
    """Whether a specialist acted on this match (any review, a dismissal's reason)."""
    return (
        row.review_status != "new"
        or bool(row.dismissal_reason)
        or row.reviewed_by is not None
        or row.reviewed_at is not None
    )


async def acted_on(
    session: AsyncSession,
    participant_ids: Sequence[int] | None,
    posting_ids: Sequence[int] | None = None,
) -> dict[int, set[int]]:
    """Per participant, the postings someone acted on, whose match must be kept whatever its
    rank: reviewed (shortlisted, dismissed with a reason, referred...), officer packet printed,
    referred, a step on the road to hire, a placement, or the participant's "I'm interested".
    ``participant_ids`` / ``posting_ids``: only those (None: all)."""

    def narrowed(query: Any, person: Any, posting: Any) -> Any:
        if participant_ids is not None:
            query = query.where(person.in_(list(participant_ids)))
        if posting_ids is not None:
            query = query.where(posting.in_(list(posting_ids)))
        return query

    found: dict[int, set[int]] = {}
    reviewed = or_(
        Match.review_status != "new",
        Match.dismissal_reason.is_not(None),
        Match.reviewed_by.is_not(None),
        Match.reviewed_at.is_not(None),
    )
    queries: list[Any] = [
        select(Match.participant_id, Match.posting_id).where(reviewed),
        select(Referral.participant_id, Referral.posting_id),
        select(Interest.participant_id, Interest.posting_id),
        select(ApplicationStep.participant_id, ApplicationStep.posting_id),
        select(Placement.participant_id, Placement.posting_id).where(
            Placement.posting_id.is_not(None)
        ),
    ]
    for query in queries:
        person, posting = query.selected_columns
        for participant_id, posting_id in await session.execute(narrowed(query, person, posting)):
            found.setdefault(participant_id, set()).add(posting_id)
    # A printed officer packet is known from the audit trail (it names the match).
    printed = select(AuditEvent.subject_id).where(
        AuditEvent.action == "print_packet", AuditEvent.subject_type == "match"
    )
    if participant_ids is not None:
        printed = printed.where(AuditEvent.participant_id.in_(list(participant_ids)))
    match_ids = {int(s) for s in await session.scalars(printed) if str(s).isdigit()}
    if match_ids:
        query = select(Match.participant_id, Match.posting_id).where(
            Match.id.in_(sorted(match_ids))
        )
        for participant_id, posting_id in await session.execute(
            narrowed(query, Match.participant_id, Match.posting_id)
        ):
            found.setdefault(participant_id, set()).add(posting_id)
    return found


def _values(one: Ranked, result: MatchResult, now: dt.datetime) -> dict[str, Any]:
    posting_id = int(result.posting_id)
    return {
        "tier": result.tier,
        "score": round(float(result.score), 2),
        "components": msgspec.to_builtins(result.components),
        "reasons": msgspec.to_builtins(result.reasons),
        "transit": transit_document(
            one.reaches.get(posting_id), one.sites.get(posting_id), one.feed
        ),
        "computed_at": now,
    }


def _summary_document(
    tiers: Mapping[str, TierSummary], stored: Sequence[MatchResult]
) -> dict[str, Any]:
    """The summary as stored: per tier the whole ranking's counts, how many of the tier's best
    were kept and the lowest kept score (None while the tier has room)."""
    document: dict[str, Any] = {}
    for tier in TIERS:
        summary = tiers.get(tier, TierSummary())
        scores = [r.score for r in stored if r.tier == tier]
        document[tier] = {
            "postings": summary.postings,
            "kept": len(scores),
            "floor": round(float(min(scores)), 2) if scores else None,
            "reasons": dict(summary.reasons),
            "words": dict(summary.words),
        }
    return document


def _has_room(summary: MatchSummary | None, result: MatchResult, keep: int) -> bool:
    """Whether a posting's match belongs among a participant's kept without a whole rematch:
    the tier has room, or it ranks above the lowest kept (never summed up: always)."""
    if summary is None:
        return True
    tier = (summary.tiers or {}).get(result.tier) or {}
    if int(tier.get("kept", 0)) < keep:
        return True
    floor = tier.get("floor")
    return floor is None or round(float(result.score), 2) > float(floor)


async def _delete_matches(session: AsyncSession, rows: Sequence[Match]) -> int:
    for row in rows:
        session.expunge(row)
    ids = [row.id for row in rows]
    for start in range(0, len(ids), 500):
        await session.execute(
            delete(Match)
            .where(Match.id.in_(ids[start : start + 500]))
            .execution_options(synchronize_session=False)
        )
    return len(ids)


async def _store(
    session: AsyncSession,
    ranked: Sequence[Ranked],
    keep: int,
    acted: Mapping[int, set[int]],
    posting_ids: Sequence[int] | None = None,
) -> tuple[int, int]:
    """Write the kept matches and the summaries; delete the rows that fell out of the kept
    set with nothing on them. Returns (rows written, rows deleted). ``posting_ids``: a rematch
    of those postings alone (see the module's docstring)."""
    participant_ids = [r.participant_id for r in ranked]
    query = select(Match).where(Match.participant_id.in_(participant_ids))
    if posting_ids is not None:
        query = query.where(Match.posting_id.in_(list(posting_ids)))
    existing: dict[int, dict[int, Match]] = {}
    for m in await session.scalars(query):
        existing.setdefault(m.participant_id, {})[m.posting_id] = m
    summaries = {
        s.participant_id: s
        for s in await session.scalars(
            select(MatchSummary).where(MatchSummary.participant_id.in_(participant_ids))
        )
    }
    now = utcnow()
    stored, gone = 0, []
    for one in ranked:
        rows = existing.get(one.participant_id, {})
        mine = acted.get(one.participant_id, set())
        summary = summaries.get(one.participant_id)
        if posting_ids is None:
            seen = dict.fromkeys(TIERS, 0)
            chosen, kept = [], set()
            for result in one.results:  # in rank order: the first ``keep`` of each tier
                seen[result.tier] += 1
                if seen[result.tier] <= keep:
                    chosen.append(result)
                elif int(result.posting_id) not in mine:
                    continue
                kept.add(int(result.posting_id))
                stored += _write(session, one, result, rows, now)
            document = _summary_document(one.tiers, chosen)
            if summary is None:
                session.add(
                    MatchSummary(
                        participant_id=one.participant_id,
                        kept_per_tier=keep,
                        tiers=document,
                        computed_at=now,
                    )
                )
            else:
                summary.kept_per_tier, summary.tiers, summary.computed_at = keep, document, now
        else:
            kept = set()
            for result in one.results:
                posting_id = int(result.posting_id)
                if posting_id in rows or posting_id in mine or _has_room(summary, result, keep):
                    kept.add(posting_id)
                    stored += _write(session, one, result, rows, now)
            # ``rows`` holds these postings' rows alone: one not ranked now has closed.
        gone += [
            row
            for posting_id, row in rows.items()
            if posting_id not in kept and posting_id not in mine and not carries_something(row)
        ]
    await session.flush()
    deleted = await _delete_matches(session, gone)
    return stored, deleted


def _write(
    session: AsyncSession,
    one: Ranked,
    result: MatchResult,
    rows: dict[int, Match],
    now: dt.datetime,
) -> int:
    values = _values(one, result, now)
    row = rows.get(int(result.posting_id))
    if row is None:
        session.add(
            Match(participant_id=one.participant_id, posting_id=int(result.posting_id), **values)
        )
    else:
        for name, value in values.items():
            setattr(row, name, value)
    return 1


async def _rank_and_store(
    session: AsyncSession,
    runtime: Runtime,
    posting_ids: Sequence[int] | None,
    participant_ids: Sequence[int] | None,
    today: dt.date,
    whole: bool = False,
) -> tuple[MatchRun, list[Ranked]]:
    """``whole``: every posting's result comes back (the kept part is stored)."""
    extractor = await runtime.extractor(session)
    postings, sites, several = await _postings(
        session, extractor.taxonomy, extractor.version, posting_ids
    )
    participants = await _participants(session, participant_ids)
    run = MatchRun(participants=len(participants), postings=len(postings))
    ranked: list[Ranked] = []
    keep = runtime.settings.matching.kept_per_tier
    if participants:
        acted = await acted_on(
            session, [p[0] for p in participants] if participant_ids is not None else None,
            posting_ids,
        )  # fmt: skip
        if postings:
            children = await runtime.child_places_in(session)
            ranked = await asyncio.to_thread(
                rank_everyone, runtime, extractor.taxonomy, participants, postings, sites, today,
                children, several, None if whole else keep, acted,
            )  # fmt: skip
        else:  # nothing open: nothing is ranked, and rows with nothing on them go
            ranked = [
                Ranked(participant_id=p[0], results=[], reaches={}, sites={}, tiers={})
                for p in participants
            ]
        run.stored, run.deleted = await _store(session, ranked, keep, acted, posting_ids)
    return run, ranked


class TierCount(msgspec.Struct, kw_only=True):
    """One tier of a participant's last whole ranking, as the review page says it."""

    postings: int  # in the tier
    more: int  # in the tier and not listed (not kept as a match row)
    reasons: list[tuple[str, int]]  # (one reason's sentence, postings with its code), most first
    computed_at: dt.datetime


async def whole_ranking(
    session: AsyncSession,
    participant_id: int,
    listed: dict[str, int] | None = None,
    summary: tuple[Any, Any] | None = None,
) -> dict[str, TierCount]:
    """Per tier, the participant's last whole ranking summed up beside the rows listed (open
    postings); empty when never summed up. The caller has checked access (the reasons' words
    say what the record and supervision bar). ``listed``: the rows listed by tier, when the
    caller has counted them (``listed_by_tier``), else counted here. ``summary``: the summary's
    sealed tiers and computed_at when the caller has read them (both None: there is none),
    else read here."""
    if summary is None:
        params = {"participant_id": participant_id}
        found = (await read_columns(session, _SUMMARY, params)).first()
        summary = (found[0], found[1]) if found is not None else (None, None)
    sealed, computed_at = summary
    if computed_at is None:
        return {}
    tiers = open_selected(session, MatchSummary.tiers, participant_id, sealed) or {}
    if listed is None:
        listed = dict(
            (await session.execute(_LISTED_BY_TIER, {"participant_id": participant_id}))
            .tuples()
            .all()
        )
    out: dict[str, TierCount] = {}
    for tier in TIERS:
        document = tiers.get(tier) or {}
        postings = int(document.get("postings", 0))
        words = document.get("words") or {}
        out[tier] = TierCount(
            postings=postings,
            more=max(0, postings - int(listed.get(tier, 0))),
            reasons=[
                (str(words.get(code) or code), int(n))
                for code, n in (document.get("reasons") or {}).items()
            ],
            computed_at=computed_at,
        )
    return out


# The summary's two columns the review page reads, as columns (no ORM object to load).
_SUMMARY = select(MatchSummary.tiers, MatchSummary.computed_at).where(
    MatchSummary.participant_id == bindparam("participant_id")
)


# The rows listed by tier: a match of an open posting that is not a duplicate of another.
_LISTED_BY_TIER = (
    select(Match.tier, func.count())
    .join(Posting, Posting.id == Match.posting_id)
    .where(
        Match.participant_id == bindparam("participant_id"),
        Posting.status == "open",
        Posting.duplicate_of.is_(None),
    )
    .group_by(Match.tier)
)


async def refresh_matches(
    session: AsyncSession,
    runtime: Runtime,
    posting_ids: Sequence[int] | None = None,
    participant_ids: Sequence[int] | None = None,
    *,
    today: dt.date | None = None,
) -> MatchRun:
    """Recompute and store matches: for the given postings (all open ones when None) against
    the given participants (everyone when None)."""
    started = time.perf_counter()
    today = today or program_today(runtime.settings.clock.zone)
    run, _ = await _rank_and_store(session, runtime, posting_ids, participant_ids, today)
    run.seconds = round(time.perf_counter() - started, 3)
    return run


async def match_participant(
    session: AsyncSession, runtime: Runtime, key: str, *, today: dt.date | None = None
) -> tuple[Participant, list[MatchResult]]:
    """Rank every open posting for one participant (id or external_ref) and store the kept
    part (``refresh_matches``); returns every posting's result."""
    participant = await get_participant(session, key)
    today = today or program_today(runtime.settings.clock.zone)
    _, ranked = await _rank_and_store(session, runtime, None, [participant.id], today, whole=True)
    return participant, ranked[0].results if ranked else []

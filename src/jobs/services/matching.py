"""The batch engine: rank open postings for participants and keep the results as Match rows.

Everything the pure ``matching`` package needs is read from the store once per run: participants
in DESIGN's format, open canonical postings with their employer policy and current extraction,
and transit reach from each home to every job site at its shift times. The CPU work (reach and
ranking) runs in a worker thread so the event loop stays free. A specialist's review of a match
(shortlisted, dismissed with a reason, referred...) survives every recompute.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.clock import program_today
from jobs.matching.child_places import ChildPlaces
from jobs.matching.constraints import Constraints
from jobs.matching.inputs import PostingFacts, Reach, Requirements
from jobs.matching.rank import MatchResult, PostingBook, rank
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
from jobs.store import Employer, Extraction, Match, Participant, Posting
from jobs.store.base import utcnow
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
    stored: int = 0
    seconds: float = 0.0


class Ranked(msgspec.Struct, kw_only=True):
    """One participant's ranked results, with the reach behind their transit figures."""

    participant_id: int
    results: list[MatchResult]
    reaches: dict[int, ShiftReach]
    sites: dict[int, SiteShift]  # the site each match is for (its commute, card and packet)
    feed: str | None = None  # digest of the transit feed the reach came from


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
) -> list[Ranked]:
    """Reach and rank for each participant (CPU work, run off the event loop). Skill and title
    ids come from ``taxonomy``, the one this database's extractor reads postings with; trips
    between job sites and appointments come from the planner (kept for the run). ``children``:
    the schools and child care to measure from (the runtime's file list when None).

    ``sites`` holds each posting's first located site; ``several`` every located site of the
    postings that have more than one: for those the commute goes to the site the participant's
    tier rests on (the best one for them), so the card, the trip and the officer's packet all
    name the site the match is for."""

    # A person's own words are read into the concept ids postings are read into ("MIG
    # welding" and a posting's "MIG welder" are one skill).
    skill_id = concept_index(taxonomy).term_id

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
            reach_from_home(planner, home, list(own_sites.values()), today, runtime.reach_answers)
            if home
            else {}
        )
        results = rank(
            participant,
            book,
            {str(k): Reach.from_shift_reach(v) for k, v in reaches.items()},
            today,
            weights=runtime.weights,
            all_tiers=True,
            skill_id=skill_id,
            title_soc=title_soc,
            child_places=children,
            obligation_trip=between,
        )
        ranked.append(
            Ranked(
                participant_id=participant_id,
                results=results,
                reaches=reaches,
                sites=own_sites,
                feed=feed,
            )
        )
    return ranked


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


async def _store(session: AsyncSession, ranked: Sequence[Ranked]) -> int:
    participant_ids = [r.participant_id for r in ranked]
    existing = {
        (m.participant_id, m.posting_id): m
        for m in await session.scalars(
            select(Match).where(Match.participant_id.in_(participant_ids))
        )
    }
    now = utcnow()
    stored = 0
    for one in ranked:
        for result in one.results:
            posting_id = int(result.posting_id)
            values = {
                "tier": result.tier,
                "score": round(float(result.score), 2),
                "components": msgspec.to_builtins(result.components),
                "reasons": msgspec.to_builtins(result.reasons),
                "transit": transit_document(
                    one.reaches.get(posting_id), one.sites.get(posting_id), one.feed
                ),
                "computed_at": now,
            }
            row = existing.get((one.participant_id, posting_id))
            if row is None:
                session.add(
                    Match(participant_id=one.participant_id, posting_id=posting_id, **values)
                )
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            stored += 1
    await session.flush()
    return stored


async def _rank_and_store(
    session: AsyncSession,
    runtime: Runtime,
    posting_ids: Sequence[int] | None,
    participant_ids: Sequence[int] | None,
    today: dt.date,
) -> tuple[MatchRun, list[Ranked]]:
    extractor = await runtime.extractor(session)
    postings, sites, several = await _postings(
        session, extractor.taxonomy, extractor.version, posting_ids
    )
    participants = await _participants(session, participant_ids)
    run = MatchRun(participants=len(participants), postings=len(postings))
    ranked: list[Ranked] = []
    if postings and participants:
        children = await runtime.child_places_in(session)
        ranked = await asyncio.to_thread(
            rank_everyone,
            runtime,
            extractor.taxonomy,
            participants,
            postings,
            sites,
            today,
            children,
            several,
        )
        run.stored = await _store(session, ranked)
    return run, ranked


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
    """Rank every open posting for one participant (id or external_ref) and store the result."""
    participant = await get_participant(session, key)
    today = today or program_today(runtime.settings.clock.zone)
    _, ranked = await _rank_and_store(session, runtime, None, [participant.id], today)
    return participant, ranked[0].results if ranked else []

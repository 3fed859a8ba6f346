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
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import ConfigurationError
from jobs.matching.child_places import ChildPlaces, parse_child_places
from jobs.matching.inputs import PostingFacts, Reach, Requirements
from jobs.matching.rank import MatchResult, PostingBook, rank
from jobs.matching.score import InvalidWeight, ScoreWeights, score_weights
from jobs.participant_format import ParticipantIn
from jobs.services.commutes import SiteShift, planner_for, reach_from_home, site_shift
from jobs.services.participants import get_participant, to_participant_format
from jobs.settings import Settings
from jobs.skills.extract import default_extractor
from jobs.store import Employer, Extraction, Match, Participant, Posting
from jobs.store.base import utcnow
from jobs.transit.reach import ShiftReach

log = logging.getLogger(__name__)
LOCATION_FIELDS = ("text", "city", "region", "postal_code", "county", "country", "lat", "lon")
DEMO_CHILD_PLACES = Path(__file__).resolve().parents[1] / "demo" / "child_places.json"
_child_places: dict[tuple[str, int, int], ChildPlaces] = {}
_child_places_lock = threading.Lock()


def weights_for(settings: Settings) -> ScoreWeights:
    """The score weights: matching's defaults with the JOBS_SCORE_* settings applied."""
    try:
        return score_weights(dict(settings.matching.score_weights))
    except InvalidWeight as exc:
        raise ConfigurationError(f"JOBS_SCORE_{exc.name.upper()} {exc.problem}") from None


def child_places_for(settings: Settings) -> ChildPlaces:
    """The schools and child care the registrant rules measure from: JOBS_CHILD_PLACES_PATH, else
    the bundled Kansas City demo list; read once per file version."""
    path = settings.matching.child_places_path or DEMO_CHILD_PLACES
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise ConfigurationError(f"JOBS_CHILD_PLACES_PATH: cannot read {path}: {exc}") from None
    with _child_places_lock:
        found = _child_places.get(key)
        if found is None:
            try:
                found = ChildPlaces(parse_child_places(path.read_bytes()))
            except (OSError, msgspec.DecodeError) as exc:
                raise ConfigurationError(
                    f"JOBS_CHILD_PLACES_PATH: {path} is not a list of places"
                    f' [{{"name", "kind", "lat", "lon"}}]: {exc}'
                ) from None
            _child_places[key] = found
        return found


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
    sites: dict[int, SiteShift]
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
    session: AsyncSession, posting_ids: Sequence[int] | None
) -> tuple[list[PostingFacts], dict[int, SiteShift]]:
    version = await asyncio.to_thread(lambda: default_extractor().version)
    taxonomy = await asyncio.to_thread(lambda: default_extractor().taxonomy)
    # This extractor's reading when stored, else the newest older one: after an upgrade, matching
    # keeps the old reading until `jobs extract --reprocess` has redone it.
    best_extraction = (
        select(Extraction.id)
        .where(Extraction.posting_id == Posting.id)
        .order_by(case((Extraction.extractor_version == version, 0), else_=1), Extraction.id.desc())
        .limit(1)
        .correlate(Posting)
        .scalar_subquery()
    )
    query = (
        select(Posting, Employer, Extraction.result)
        .outerjoin(Employer, Posting.employer_id == Employer.id)
        .outerjoin(Extraction, Extraction.id == best_extraction)
        .where(Posting.status == "open", Posting.duplicate_of.is_(None))
        .order_by(Posting.id)
    )
    if posting_ids is not None:
        query = query.where(Posting.id.in_(list(posting_ids)))
    facts, sites = [], {}
    for row, employer, extraction in await session.execute(query):
        title = taxonomy.find_title(row.title)
        facts.append(posting_facts(row, employer, extraction, title.soc if title else None))
        shifts = (extraction or {}).get("shifts") or []
        site = site_shift(row.id, row.locations, shifts)
        if site is not None:
            sites[row.id] = site
    return facts, sites


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
    people: list[tuple[int, ParticipantIn, tuple[float, float] | None]] = []
    for row in await session.scalars(query):
        home = None
        if row.home_lat is not None and row.home_lon is not None:  # written together
            home = (row.home_lat, row.home_lon)
        people.append((row.id, to_participant_format(row), home))
    return people


def rank_everyone(
    settings: Settings,
    people: Sequence[tuple[int, ParticipantIn, tuple[float, float] | None]],
    postings: Sequence[PostingFacts],
    sites: dict[int, SiteShift],
    today: dt.date,
) -> list[Ranked]:
    """Reach and rank for each participant (CPU work, run off the event loop)."""
    extractor = default_extractor()
    taxonomy = extractor.taxonomy

    def skill_id(term: str) -> str | None:
        found = taxonomy.find(term)
        return found.id if found else None

    def title_soc(term: str) -> str | None:
        found = taxonomy.find_title(term)
        return found.soc if found else None

    planner = planner_for(settings)
    feed = planner.timetable.checksum
    weights = weights_for(settings)
    children = child_places_for(settings)
    book = PostingBook(postings)
    ranked = []
    for participant_id, person, home in people:
        reaches = reach_from_home(planner, home, list(sites.values()), today) if home else {}
        results = rank(
            person,
            book,
            {str(k): Reach.from_shift_reach(v) for k, v in reaches.items()},
            today,
            weights=weights,
            all_tiers=True,
            skill_id=skill_id,
            title_soc=title_soc,
            child_places=children,
        )
        ranked.append(
            Ranked(
                participant_id=participant_id,
                results=results,
                reaches=reaches,
                sites=sites,
                feed=feed,
            )
        )
    return ranked


def transit_document(
    reach: ShiftReach | None, site: SiteShift | None, feed: str | None = None
) -> dict[str, Any]:
    """What the pages show about the commute: figures, both itineraries, the shift used, and
    the digest of the feed they came from (so a new feed finds the matches it changes)."""
    if reach is None:
        return {}
    return {
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


async def refresh_matches(
    session: AsyncSession,
    posting_ids: Sequence[int] | None = None,
    participant_ids: Sequence[int] | None = None,
    *,
    settings: Settings | None = None,
    today: dt.date | None = None,
) -> MatchRun:
    """Recompute and store matches: for the given postings (all open ones when None) against
    the given participants (everyone when None)."""
    started = time.perf_counter()
    settings = settings or Settings.from_env()
    today = today or dt.date.today()
    postings, sites = await _postings(session, posting_ids)
    people = await _participants(session, participant_ids)
    run = MatchRun(participants=len(people), postings=len(postings))
    if postings and people:
        ranked = await asyncio.to_thread(rank_everyone, settings, people, postings, sites, today)
        run.stored = await _store(session, ranked)
    run.seconds = round(time.perf_counter() - started, 3)
    return run


async def match_participant(
    session: AsyncSession, key: str, *, settings: Settings, today: dt.date | None = None
) -> tuple[Participant, list[MatchResult]]:
    """Rank every open posting for one participant (id or external_ref) and store the result."""
    person = await get_participant(session, key)
    today = today or dt.date.today()
    postings, sites = await _postings(session, None)
    people = await _participants(session, [person.id])
    ranked = await asyncio.to_thread(rank_everyone, settings, people, postings, sites, today)
    await _store(session, ranked)
    return person, ranked[0].results if ranked else []

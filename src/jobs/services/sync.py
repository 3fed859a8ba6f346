"""Sync: fetch every source, upsert its postings, quarantine bad records, close what vanished.

Fetching runs concurrently (one shared host limiter and circuit breakers); writing is one
transaction per source, so a failing source never touches another's postings. The decision of
what to write is ``connectors.reconcile.plan_sync``; this module carries it out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any, cast

import httpx
import msgspec
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs import metrics
from jobs.connectors import KINDS
from jobs.connectors.dedupe import Candidate, find_duplicates
from jobs.connectors.http import Breakers, Fetcher, FetchError, HostLimiter
from jobs.connectors.posting import Listing, Location, Pay, PostingIn
from jobs.connectors.reconcile import Status, SyncPlan, plan_sync
from jobs.errors import NotFound
from jobs.services.employer_names import posting_links
from jobs.store import Posting, QuarantinedRecord, Source, SyncRun
from jobs.store.base import utcnow
from jobs.store.employers import company_name_key


class SyncResult(msgspec.Struct, kw_only=True):
    """One source's sync, in DESIGN's sync JSON shape (plus how long it took)."""

    source: str
    status: str = "ok"  # ok | partial | failed
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    quarantined: int = 0
    errors: list[str] = msgspec.field(default_factory=list)
    seconds: float = 0.0


Progress = Callable[[str, SyncResult], None]


def posting_values(posting: PostingIn) -> dict[str, Any]:
    """The stored columns for a normalised posting (everything but ids and bookkeeping)."""
    pay = posting.pay
    return {
        "employer_name": posting.employer or "",
        "title": posting.title,
        "url": posting.url or "",
        "apply_url": posting.apply_url or posting.url or "",
        "description_text": posting.description_text,
        "description_html": posting.description_html,
        "locations": msgspec.to_builtins(posting.locations),
        "workplace": posting.workplace,
        "employment_types": list(posting.employment_types),
        "pay_min": pay.min if pay else None,
        "pay_max": pay.max if pay else None,
        "pay_currency": pay.currency if pay else None,
        "pay_unit": pay.unit if pay else None,
        "posted_at": posting.posted_at,
        "closes_at": posting.closes_at,
        "ats_identity": posting.ats_identity,
        "content_hash": posting.content_hash,
        "raw_hash": posting.raw_hash or None,
        "raw": posting.raw if isinstance(posting.raw, dict) else {"value": posting.raw},
    }


def stored_posting(row: Posting) -> PostingIn:
    """A stored posting back in the normalised shape (for cross-source dedupe)."""
    pay = None
    if row.pay_unit:
        pay = Pay(
            min=row.pay_min,
            max=row.pay_max,
            currency=row.pay_currency or "USD",
            unit=row.pay_unit,  # type: ignore[arg-type]  # stored from a PayUnit by sync
        )
    return PostingIn(
        source_job_id=row.source_job_id,
        title=row.title,
        employer=row.employer_name,
        url=row.url,
        apply_url=row.apply_url,
        locations=msgspec.convert(row.locations, list[Location]),
        workplace=row.workplace,  # type: ignore[arg-type]  # CHECK constraint: a Workplace
        pay=pay,
        posted_at=row.posted_at,
        ats_identity=row.ats_identity,
        content_hash=row.content_hash,
    )


async def _stored_postings(
    session: AsyncSession, source: Source
) -> dict[str, tuple[int, str, str, str | None]]:
    """The source's stored postings: source_job_id → (id, content_hash, status, raw_hash)."""
    rows = await session.execute(
        select(
            Posting.source_job_id,
            Posting.id,
            Posting.content_hash,
            Posting.status,
            Posting.raw_hash,
        ).where(Posting.source_id == source.id)
    )
    return {job_id: (row_id, content, status, raw) for job_id, row_id, content, status, raw in rows}


async def known_raw_hashes(sessions: async_sessionmaker[AsyncSession], source: Source) -> dict:
    """Raw digests of the source's open postings, so unchanged records skip normalising."""
    async with sessions() as session:
        rows = await session.execute(
            select(Posting.source_job_id, Posting.raw_hash).where(
                Posting.source_id == source.id,
                Posting.status == "open",
                Posting.raw_hash.is_not(None),
            )
        )
        return {job_id: digest for job_id, digest in rows}


async def store_listing(
    session: AsyncSession,
    source: Source,
    listing: Listing,
    *,
    allow_mass_close: bool = False,
    run: SyncRun | None = None,
) -> tuple[SyncPlan, list[int]]:
    """Carry out the sync plan for one source's listing; returns the plan and the ids of
    postings created, updated or reopened (those need extraction and matching again)."""
    stored = await _stored_postings(session, source)
    plan = plan_sync(
        # cast: the postings table's CHECK constraint keeps status to 'open' or 'closed'.
        {key: (content, cast(Status, status)) for key, (_, content, status, _) in stored.items()},
        listing,
        allow_mass_close=allow_mass_close,
    )
    now = utcnow()
    aliases, approved = await posting_links(session)

    def employer_of(name: str | None) -> int | None:
        # Never by a name alone: the source's own employer, else an alias an admin confirmed.
        if source.employer_id is not None:
            return source.employer_id if source.employer_id in approved else None
        return aliases.get(company_name_key(name or ""))

    new_rows = [
        Posting(
            source_id=source.id,
            source_job_id=p.source_job_id,
            employer_id=employer_of(p.employer),
            status="open",
            first_seen_at=now,
            last_seen_at=now,
            **posting_values(p),
        )
        for p in plan.creates
    ]
    session.add_all(new_rows)
    changed = [*plan.updates, *plan.reopens]
    if changed:
        await session.execute(
            update(Posting),
            [
                {
                    "id": stored[p.source_job_id][0],
                    "employer_id": employer_of(p.employer),
                    "status": "open",
                    "closed_at": None,
                    "last_seen_at": now,
                    "updated_at": now,
                    **posting_values(p),
                }
                for p in changed
            ],
        )
    if plan.reopen_ids:
        await session.execute(
            update(Posting),
            [
                {"id": stored[key][0], "status": "open", "closed_at": None, "updated_at": now}
                for key in plan.reopen_ids
            ],
        )
    if plan.closes:
        await session.execute(
            update(Posting),
            [
                {"id": stored[key][0], "status": "closed", "closed_at": now, "updated_at": now}
                for key in plan.closes
            ],
        )
    for item in listing.quarantined:
        session.add(
            QuarantinedRecord(
                source_id=source.id,
                sync_run_id=run.id if run else None,
                source_job_id=item.source_job_id or "",
                reason=item.reason,
                raw=item.raw if isinstance(item.raw, dict) else {"value": item.raw},
            )
        )
    await session.flush()
    await _relink(session, source, employer_of)
    touched = [row.id for row in new_rows] + [stored[p.source_job_id][0] for p in changed]
    touched += [stored[key][0] for key in plan.reopen_ids]
    return plan, touched


async def _relink(
    session: AsyncSession, source: Source, employer_of: Callable[[str | None], int | None]
) -> None:
    """Link every posting of the source again, so an alias confirmed or an employer no longer
    approved counts for unchanged postings too."""
    rows = await session.execute(
        select(Posting.id, Posting.employer_name, Posting.employer_id).where(
            Posting.source_id == source.id
        )
    )
    wanted = [(posting_id, employer_of(name), linked) for posting_id, name, linked in rows]
    changes = [
        {"id": posting_id, "employer_id": employer_id}
        for posting_id, employer_id, linked in wanted
        if employer_id != linked
    ]
    if changes:
        await session.execute(update(Posting), changes)


async def mark_duplicates(session: AsyncSession) -> int:
    """Cross-source dedupe over every open posting; returns how many ``duplicate_of`` changed."""
    rows = list(
        await session.execute(
            select(Posting, Source.name, Source.kind)
            .join(Source, Posting.source_id == Source.id)
            .where(Posting.status == "open")
            .order_by(Posting.id)
        )
    )
    candidates = [
        Candidate(key=row.id, source=name, source_kind=kind, posting=stored_posting(row))
        for row, name, kind in rows
    ]
    by_id = {row.id: row for row, _, _ in rows}
    changes = 0
    for decision in find_duplicates(candidates):
        row = by_id[decision.key]
        if row.duplicate_of != decision.duplicate_of:
            row.duplicate_of = decision.duplicate_of
            changes += 1
    await session.flush()
    return changes


async def _fetch(
    source: Source,
    client: httpx.AsyncClient,
    hosts: HostLimiter,
    breakers: Breakers,
    environment: dict[str, str],
    known: dict[str, str],
) -> Listing:
    kind = KINDS[source.kind]
    config = {**source.config, "name": source.name}
    for key, variable in (kind.from_environment or {}).items():
        if environment.get(variable):
            config[key] = environment[variable]
    fetcher = Fetcher(client, source.name, hosts=hosts, breaker=breakers.for_source(source.name))
    try:
        return await kind.run(client, config, source.base_url, fetcher=fetcher, known=known)
    except FetchError as exc:
        return Listing(complete=False, errors=[str(exc)])


async def sync(
    sessions: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    names: Sequence[str] = (),
    *,
    allow_mass_close: bool = False,
    environment: dict[str, str] | None = None,
    progress: Progress | None = None,
    after_store: Callable[[AsyncSession, list[int]], Any] | None = None,
) -> list[SyncResult]:
    """Sync the named sources (all enabled ones when none are named)."""
    async with sessions() as session:
        query = select(Source).where(Source.kind.in_(KINDS)).order_by(Source.name)
        if names:
            query = query.where(Source.name.in_(names))
        else:
            query = query.where(Source.enabled.is_(True))
        sources = list(await session.scalars(query))
    missing = sorted(set(names) - {s.name for s in sources})
    if missing:
        raise NotFound(f"no source named {', '.join(missing)} (see `jobs sources list`)")
    hosts, breakers = HostLimiter(), Breakers()
    # Fetches overlap; writes take turns (SQLite has one writer, and it keeps runs readable).
    writing = asyncio.Lock()
    environment = environment or {}
    results: list[SyncResult] = []

    async def one(source: Source) -> None:
        try:
            await store_one(source)
        except Exception:
            metrics.SYNC_RUNS.labels(source=source.name, status="failed").inc()
            raise

    async def store_one(source: Source) -> None:
        started = time.perf_counter()
        result = SyncResult(source=source.name)
        if progress:
            progress("fetching", result)
        known = await known_raw_hashes(sessions, source)
        listing = await _fetch(source, client, hosts, breakers, environment, known)
        async with writing, sessions() as session, session.begin():
            run = SyncRun(source_id=source.id)
            session.add(run)
            await session.flush()
            plan, touched = await store_listing(
                session, source, listing, allow_mass_close=allow_mass_close, run=run
            )
            if after_store and touched:
                await after_store(session, touched)
            _count(result, listing, plan)
            result.seconds = round(time.perf_counter() - started, 3)
            _finish(run, result)
            await session.execute(
                update(Source).where(Source.id == source.id).values(last_synced_at=utcnow())
            )
        results.append(result)
        _count_in_metrics(result)
        if progress:
            progress("done", result)

    await asyncio.gather(*(one(source) for source in sources))
    if any(r.created or r.updated or r.closed for r in results):
        async with sessions() as session, session.begin():
            await mark_duplicates(session)
    order = {s.name: i for i, s in enumerate(sources)}
    return sorted(results, key=lambda r: order[r.source])


def _count(result: SyncResult, listing: Listing, plan: SyncPlan) -> None:
    result.fetched = len(listing.postings) + len(listing.carried)
    result.created = len(plan.creates)
    result.updated = len(plan.updates) + len(plan.reopens) + len(plan.reopen_ids)
    result.unchanged = len(plan.unchanged)
    result.closed = len(plan.closes)
    result.quarantined = len(listing.quarantined)
    result.errors = [*listing.errors, *([plan.close_blocked] if plan.close_blocked else [])]
    if not listing.complete:
        result.status = "failed" if not (listing.postings or listing.carried) else "partial"


def _count_in_metrics(result: SyncResult) -> None:
    """Count the sync in this process's metrics (``jobs_sync_runs_total``,
    ``jobs_sync_postings_total``)."""
    metrics.SYNC_RUNS.labels(source=result.source, status=result.status).inc()
    for outcome in metrics.SYNC_OUTCOMES:
        count = getattr(result, outcome)
        if count:
            metrics.SYNC_POSTINGS.labels(source=result.source, outcome=outcome).inc(count)


def _finish(run: SyncRun, result: SyncResult) -> None:
    run.finished_at = utcnow()
    run.status = result.status
    for name in ("fetched", "created", "updated", "unchanged", "closed", "quarantined"):
        setattr(run, name, getattr(result, name))
    run.errors = list(result.errors)

"""Sources: adding and listing the places postings come from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.connectors import KINDS
from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.store import Employer, Posting, Source, SyncRun

REPEATABLE_SEPARATOR = "\n"


def parse_settings(pairs: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` pairs into a config; a repeated key keeps every value (one per line)."""
    config: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InvalidInput(f"--set expects KEY=VALUE, not {pair!r}")
        if key in config:
            config[key] = config[key] + REPEATABLE_SEPARATOR + value.strip()
        else:
            config[key] = value.strip()
    return config


async def add_source(
    session: AsyncSession,
    *,
    kind: str,
    name: str,
    config: dict[str, str],
    base_url: str | None = None,
    interval_minutes: int | None = None,
    employer_key: str | None = None,
) -> Source:
    """Create a source after checking its kind, name and config; ``employer_key`` names the
    employer whose own system it is (its postings link to that employer)."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown source kind {kind!r}; kinds: {', '.join(sorted(KINDS))}")
    problems = KINDS[kind].check(config)
    if problems:
        raise InvalidInput("; ".join(problems))
    if base_url and not base_url.startswith(("http://", "https://")):
        raise InvalidInput(f"--base-url must start with http:// or https://, not {base_url!r}")
    if await session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise Conflict(f"a source named {name!r} already exists")
    employer_id = None
    if employer_key is not None:
        employer_id = await session.scalar(select(Employer.id).where(Employer.key == employer_key))
        if employer_id is None:
            raise NotFound(f"no employer with key {employer_key!r}")
    source = Source(
        employer_id=employer_id,
        name=name,
        kind=kind,
        config=config,
        base_url=base_url,
        sync_interval_minutes=interval_minutes,
    )
    session.add(source)
    await session.flush()
    return source


async def list_sources(session: AsyncSession) -> list[dict[str, Any]]:
    """Every source with its open-posting count and its last run."""
    open_counts = dict(
        (
            await session.execute(
                select(Posting.source_id, func.count())
                .where(Posting.status == "open")
                .group_by(Posting.source_id)
            )
        )
        .tuples()
        .all()
    )
    result = []
    for source in await session.scalars(select(Source).order_by(Source.name)):
        last = await session.scalar(
            select(SyncRun).where(SyncRun.source_id == source.id).order_by(SyncRun.id.desc())
        )
        result.append(
            {
                "name": source.name,
                "kind": source.kind,
                "base_url": source.base_url,
                "config": source.config,
                "enabled": source.enabled,
                "open_postings": open_counts.get(source.id, 0),
                "last_sync": (
                    {
                        "status": last.status,
                        "finished_at": last.finished_at.isoformat() if last.finished_at else None,
                        "created": last.created,
                        "updated": last.updated,
                        "closed": last.closed,
                    }
                    if last
                    else None
                ),
            }
        )
    return result

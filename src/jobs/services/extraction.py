"""Extraction of stored postings: read each posting's requirements once per extractor version,
and the one rule for which stored reading of a posting is current."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec
from sqlalchemy import ScalarSelect, and_, bindparam, case, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.taxonomy import (
    extractor_version_of_digest,
    imported_digest_of_shape,
    imported_shape_subqueries,
)
from jobs.skills.extract import Extraction, Extractor, PostingInput
from jobs.store import Extraction as StoredExtraction
from jobs.store import Posting
from jobs.store.base import engine_behind
from jobs.store.column_reads import read_columns

if TYPE_CHECKING:
    from jobs.runtime import Runtime


def _run(extractor: Extractor, batch: list[PostingInput]) -> list[Extraction]:
    return list(extractor.extract_many(batch))


def current_extraction_id(version: str) -> ScalarSelect[int]:
    """The id of a posting's current reading, correlated to ``Posting``: the one by extractor
    ``version`` when stored, else the newest older one (after an upgrade, the old reading
    stands until ``jobs extract --reprocess`` has redone it)."""
    return (
        select(StoredExtraction.id)
        .where(StoredExtraction.posting_id == Posting.id)
        .order_by(
            case((StoredExtraction.extractor_version == version, 0), else_=1),
            StoredExtraction.id.desc(),
        )
        .limit(1)
        .correlate(Posting)
        .scalar_subquery()
    )


# Readings that pages read lately, kept per engine (two apps' engines keep their own) by row id,
# extractor version and text hash. A stored reading is rewritten in place only for a new text
# (a new hash) or when reprocessing (the same extractor on the same text reads the same), so a
# kept reading is the row's value: pages then read three short columns instead of every
# posting's whole reading (kilobytes of JSON each) on every request. Callers only read them.
READINGS_KEPT = 4096
_Key = tuple[int, str, str]
_kept: weakref.WeakKeyDictionary[Any, dict[_Key, dict[str, Any]]] = weakref.WeakKeyDictionary()


def _kept_readings(session: AsyncSession) -> dict[_Key, dict[str, Any]]:
    engine = engine_behind(session)
    kept = _kept.get(engine)
    if kept is None:
        kept = _kept[engine] = {}
    return kept


# Every stored reading of some postings, with the imported table's shape beside them (one
# statement, not two); and some readings' results. Built once: every page of matches runs them.
_READINGS = select(
    StoredExtraction.posting_id,
    StoredExtraction.id,
    StoredExtraction.extractor_version,
    StoredExtraction.content_hash,
    *imported_shape_subqueries(),
).where(StoredExtraction.posting_id.in_(bindparam("posting_ids", expanding=True)))
_RESULTS = select(
    StoredExtraction.id,
    StoredExtraction.extractor_version,
    StoredExtraction.content_hash,
    StoredExtraction.result,
).where(StoredExtraction.id.in_(bindparam("ids", expanding=True)))


async def current_extractions(
    session: AsyncSession, posting_ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """The current reading (``current_extraction_id``) of each of these postings that has one
    (shared with other requests: do not change them)."""
    if not posting_ids:
        return {}
    # The current reading is picked here by ``current_extraction_id``'s rule.
    rows = list(await read_columns(session, _READINGS, {"posting_ids": list(posting_ids)}))
    if not rows:
        return {}
    digest = await imported_digest_of_shape(session, tuple(rows[0])[4:])
    version = extractor_version_of_digest(digest)
    current: dict[int, _Key] = {}
    for posting_id, row_id, v, h, *_ in rows:
        held = current.get(posting_id)
        # The reading by ``version`` when stored, else the newest (highest id) older one.
        if held is None or (v == version, row_id) > (held[1] == version, held[0]):
            current[posting_id] = (row_id, v, h)
    kept = _kept_readings(session)
    missing = [key[0] for key in current.values() if key not in kept]
    read: dict[int, dict[str, Any]] = {}
    if missing:
        for row_id, v, h, result in await read_columns(session, _RESULTS, {"ids": missing}):
            read[row_id] = result
            kept[(row_id, v, h)] = result
        while len(kept) > READINGS_KEPT:
            del kept[next(iter(kept))]  # the oldest first
    found = {}
    for posting_id, key in current.items():
        result = read.get(key[0])
        if result is None:
            result = kept.get(key)
        if result is not None:
            found[posting_id] = result
    return found


async def extract_postings(
    session: AsyncSession,
    runtime: Runtime,
    posting_ids: Sequence[int] | None = None,
    *,
    reprocess: bool = False,
) -> int:
    """Extract the given postings (every open one when None) that lack a current extraction.

    A posting needs extracting when it has no extraction of this extractor version, or its text
    changed since (content hash). ``reprocess`` re-runs them all. The extractor is the one for
    this database (``Runtime.extractor``: imported ESCO/O*NET entries extend the
    taxonomy and change the version). The spaCy work runs in a worker thread so the event loop
    stays free. Returns how many were extracted.
    """
    extractor = await runtime.extractor(session)
    version = extractor.version
    query = select(
        Posting.id,
        Posting.title,
        Posting.description_text,
        Posting.description_html,
        Posting.content_hash,
        StoredExtraction.content_hash,
    ).outerjoin(
        StoredExtraction,
        and_(
            StoredExtraction.posting_id == Posting.id,
            StoredExtraction.extractor_version == version,
        ),
    )
    if posting_ids is None:
        query = query.where(Posting.status == "open")
    else:
        query = query.where(Posting.id.in_(list(posting_ids)))
    todo = [
        (posting_id, title, text, html, content)
        for posting_id, title, text, html, content, extracted in await session.execute(query)
        if reprocess or extracted != content
    ]
    if not todo:
        return 0
    inputs = [
        PostingInput(id=str(posting_id), title=title, text=text or html or "")
        for posting_id, title, text, html, _ in todo
    ]
    results = await asyncio.to_thread(_run, extractor, inputs)
    existing = {
        e.posting_id: e
        for e in await session.scalars(
            select(StoredExtraction).where(
                StoredExtraction.posting_id.in_([row[0] for row in todo]),
                StoredExtraction.extractor_version == version,
            )
        )
    }
    for row, result in zip(todo, results, strict=True):
        document = msgspec.to_builtins(result)
        stored = existing.get(row[0])
        if stored is None:
            session.add(
                StoredExtraction(
                    posting_id=row[0],
                    extractor_version=version,
                    content_hash=row[4],
                    result=document,
                )
            )
        else:
            stored.content_hash = row[4]
            stored.result = document
    await session.flush()
    return len(todo)

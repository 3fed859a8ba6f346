"""Extraction of stored postings: read each posting's requirements once per extractor version."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import msgspec
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.taxonomy import extractor_for
from jobs.skills.extract import Extraction, Extractor, PostingInput
from jobs.store import Extraction as StoredExtraction
from jobs.store import Posting


def _run(extractor: Extractor, batch: list[PostingInput]) -> list[Extraction]:
    return list(extractor.extract_many(batch))


async def extract_postings(
    session: AsyncSession, posting_ids: Sequence[int] | None = None, *, reprocess: bool = False
) -> int:
    """Extract the given postings (every open one when None) that lack a current extraction.

    A posting needs extracting when it has no extraction of this extractor version, or its text
    changed since (content hash). ``reprocess`` re-runs them all. The extractor is the one for
    this database (``services.taxonomy.extractor_for``: imported ESCO/O*NET entries extend the
    taxonomy and change the version). The spaCy work runs in a worker thread so the event loop
    stays free. Returns how many were extracted.
    """
    extractor = await extractor_for(session)
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

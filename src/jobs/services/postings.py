"""Postings as DESIGN's posting JSON."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.store import Posting, Source

StatusFilter = Literal["open", "closed", "all"]

# The columns ``posting_document`` reads: a list of documents selects these, not whole rows
# (a posting's description and raw feed item are most of its bytes and none of its document).
DOCUMENT_COLUMNS = (
    Posting.id,
    Posting.source_job_id,
    Posting.title,
    Posting.employer_name,
    Posting.url,
    Posting.apply_url,
    Posting.locations,
    Posting.workplace,
    Posting.employment_types,
    Posting.pay_min,
    Posting.pay_max,
    Posting.pay_currency,
    Posting.pay_unit,
    Posting.posted_at,
    Posting.closes_at,
    Posting.status,
    Posting.duplicate_of,
    Posting.first_seen_at,
    Posting.last_seen_at,
)


def posting_document(row: Posting | Any, source_name: str) -> dict[str, Any]:
    """One stored posting in DESIGN's posting fields (``row``: a ``Posting`` or a row of
    ``DOCUMENT_COLUMNS``)."""
    pay = None
    if row.pay_unit or row.pay_min is not None or row.pay_max is not None:
        pay = {
            "min": row.pay_min,
            "max": row.pay_max,
            "currency": row.pay_currency,
            "unit": row.pay_unit,
        }
    return {
        "id": row.id,
        "source": source_name,
        "source_job_id": row.source_job_id,
        "title": row.title,
        "employer": row.employer_name,
        "url": row.url,
        "apply_url": row.apply_url,
        "locations": row.locations,
        "workplace": row.workplace,
        "employment_types": row.employment_types,
        "pay": pay,
        "posted_at": row.posted_at.isoformat() if row.posted_at else None,
        "closes_at": row.closes_at.isoformat() if row.closes_at else None,
        "status": row.status,
        "duplicate_of": row.duplicate_of,
        "first_seen_at": row.first_seen_at.isoformat(),
        "last_seen_at": row.last_seen_at.isoformat(),
    }


async def list_postings(session: AsyncSession, status: StatusFilter = "open") -> list[dict]:
    """Postings with the given status, newest first."""
    query = (
        select(Posting, Source.name)
        .join(Source, Posting.source_id == Source.id)
        .order_by(Posting.posted_at.desc().nulls_last(), Posting.id)
    )
    if status != "all":
        query = query.where(Posting.status == status)
    return [posting_document(row, name) for row, name in await session.execute(query)]

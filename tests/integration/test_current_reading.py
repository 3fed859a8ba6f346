"""One rule for a posting's current reading, shared by matching and the review page: the reading
by this database's extractor version when stored, else the newest older one."""

from __future__ import annotations

import pytest

from jobs.services.extraction import current_extractions
from jobs.services.taxonomy import current_extractor_version
from jobs.store import Extraction, Posting, Source

pytestmark = pytest.mark.anyio


async def _posting(session) -> int:
    source = Source(name="board", kind="portal")
    session.add(source)
    await session.flush()
    posting = Posting(source_id=source.id, source_job_id="1", title="Cook", content_hash="h")
    session.add(posting)
    await session.flush()
    return posting.id


def _reading(posting_id: int, version: str, skill: str) -> Extraction:
    return Extraction(
        posting_id=posting_id,
        extractor_version=version,
        content_hash="h",
        result={"skills": [{"label": skill}]},
    )


async def test_the_current_version_wins_over_a_newer_row_of_another_version(session, runtime):
    posting_id = await _posting(session)
    current = await current_extractor_version(session)
    assert current == (await runtime.extractor(session)).version
    session.add(_reading(posting_id, "0.9+taxonomy.old", "old reading"))
    await session.flush()
    assert (await current_extractions(session, [posting_id]))[posting_id]["skills"] == [
        {"label": "old reading"}
    ]  # nothing by this version yet: the newest older reading stands
    session.add(_reading(posting_id, current, "current reading"))
    session.add(_reading(posting_id, "0.8+taxonomy.other", "another set's reading"))
    await session.flush()
    found = await current_extractions(session, [posting_id])
    assert found[posting_id]["skills"] == [{"label": "current reading"}]
    assert await current_extractions(session, []) == {}


async def test_a_reading_rewritten_for_a_new_text_is_read_anew(session):
    """Readings are kept between requests by row, version and text hash: a row rewritten in
    place for a changed text (``extract_postings``) is never answered from what was kept."""
    posting_id = await _posting(session)
    reading = _reading(posting_id, await current_extractor_version(session), "first text")
    session.add(reading)
    await session.flush()
    first = await current_extractions(session, [posting_id])
    assert first[posting_id]["skills"] == [{"label": "first text"}]
    assert await current_extractions(session, [posting_id]) == first  # kept: the same answer
    reading.content_hash, reading.result = "h2", {"skills": [{"label": "second text"}]}
    await session.flush()
    again = await current_extractions(session, [posting_id])
    assert again[posting_id]["skills"] == [{"label": "second text"}]

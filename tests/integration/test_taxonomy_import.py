"""``jobs taxonomy import-esco|import-onet`` store what they parse, idempotently, and the stored
entries extend the taxonomy that extraction of stored postings uses."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.cli import main
from jobs.participant_format import ParticipantIn
from jobs.runtime import Runtime
from jobs.services.extraction import current_extractions, extract_postings
from jobs.services.matching import refresh_matches
from jobs.services.participants import import_participants
from jobs.services.taxonomy import (
    current_extractor_version,
    imported_digest,
    imported_entries,
    without_everyday_words,
)
from jobs.skills.extract import shipped_extractor
from jobs.skills.taxonomy import Skill
from jobs.store import Extraction, Match, Posting, Source, TaxonomyTerm
from jobs.store.engine import create_engine, session_factory
from tools.shared_data import SHARED_DATA

FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "skills" / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
SHARED_SKILLS = SHARED_DATA / "skills"

# Words only the imported vocabularies know: an O*NET technology example and an ESCO synonym.
POSTING = "Line cook. You will use food cost software and follow occupational safety rules."


@pytest.fixture
def cli_env(cli_env: dict[str, str]) -> dict[str, str]:
    """The test database, migrated through the CLI like a program would."""
    result = CliRunner().invoke(main, ["db", "upgrade"], env=cli_env)
    assert result.exit_code == 0, result.output
    return cli_env


def _import(cli_env: dict[str, str], command: str, folder: Path) -> dict:
    result = CliRunner().invoke(main, ["taxonomy", command, str(folder), "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def in_session(runtime: Runtime, work: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
    """Run ``work`` in a session on the test database and commit (the CLI runs its own loop)."""

    async def run() -> Any:
        engine = create_engine(runtime.settings.database, runtime.key_ring, runtime.audit_key)
        try:
            async with session_factory(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _terms(session: AsyncSession) -> list[TaxonomyTerm]:
    return list(await session.scalars(select(TaxonomyTerm)))


def test_import_stores_entries_once(runtime, cli_env):
    esco = _import(cli_env, "import-esco", FIXTURES / "esco")
    assert esco["created"] == esco["skills"] + esco["titles"] >= 3
    assert (esco["updated"], esco["unchanged"], esco["stored"]) == (0, 0, esco["created"])
    assert len(esco["problems"]) == 1  # the fixture's row without a URI, reported, not stored

    again = _import(cli_env, "import-esco", FIXTURES / "esco")
    assert (again["created"], again["updated"]) == (0, 0)
    assert again["unchanged"] == again["stored"] == esco["stored"]

    onet = _import(cli_env, "import-onet", FIXTURES / "onet")
    assert onet["created"] == onet["skills"] + onet["titles"] >= 3

    rows = {(t.source, t.concept_id): t for t in in_session(runtime, _terms)}
    assert len(rows) == esco["stored"] + onet["stored"]
    forklift = next(t for t in rows.values() if t.label == "operate forklift")
    assert forklift.source == "esco" and forklift.kind == "hard_skill"
    assert "drive forklift" in forklift.synonyms
    assert forklift.codes["esco"] == [
        "http://data.europa.eu/esco/skill/0b1c7e3a-1111-4a5b-9c11-000000000001"
    ]
    cook = rows[("onet", "onet:35-2014.00")]
    assert cook.kind == "title" and cook.codes["soc"] == "35-2014.00"
    tool = next(t for t in rows.values() if t.label == "Food cost software")
    assert tool.kind == "tool" and tool.codes["onet"] == ["35-2014.00"]


def test_a_changed_entry_is_updated_not_duplicated(runtime, cli_env, tmp_path):
    _import(cli_env, "import-esco", FIXTURES / "esco")
    changed = tmp_path / "esco"
    changed.mkdir()
    text = (FIXTURES / "esco" / "skills_en.csv").read_text(encoding="utf-8")
    (changed / "skills_en.csv").write_text(
        text.replace("use forklift", "run a forklift truck"), encoding="utf-8"
    )
    counts = _import(cli_env, "import-esco", changed)
    assert counts["updated"] == 1 and counts["created"] == 0
    # The occupations file was not in this import: its entries stay.
    assert counts["stored"] == counts["skills"] + 1
    forklift = next(t for t in in_session(runtime, _terms) if t.label == "operate forklift")
    synonyms = forklift.synonyms
    assert "run a forklift truck" in synonyms and "use forklift" not in synonyms


async def _add_posting(session: AsyncSession) -> None:
    source = Source(name="portal", kind="portal")
    session.add(source)
    await session.flush()
    session.add(
        Posting(source_id=source.id, source_job_id="1", title="Line Cook",
                description_text=POSTING, content_hash="h1")
    )  # fmt: skip


def test_imported_entries_extend_extraction_and_change_its_version(runtime, cli_env):
    in_session(runtime, _add_posting)
    assert in_session(runtime, imported_digest) == ""
    plain = in_session(runtime, runtime.extractor)
    assert plain is shipped_extractor()
    assert in_session(runtime, current_extractor_version) == plain.version
    assert in_session(runtime, lambda s: extract_postings(s, runtime)) == 1
    assert in_session(runtime, lambda s: extract_postings(s, runtime)) == 0  # current already

    _import(cli_env, "import-esco", FIXTURES / "esco")
    _import(cli_env, "import-onet", FIXTURES / "onet")
    entries = in_session(runtime, imported_entries)
    assert entries.digest and len(entries.skills) >= 3 and len(entries.titles) >= 2

    extended = in_session(runtime, runtime.extractor)
    assert extended.version == f"{plain.version}+imp.{entries.digest}"
    assert in_session(runtime, current_extractor_version) == extended.version
    assert len(extended.version) <= 40  # extractions.extractor_version is VARCHAR(40)
    assert in_session(runtime, runtime.extractor) is extended  # built once per imported set
    other = Runtime.build(runtime.settings)
    assert in_session(other, other.extractor) is not extended  # each runtime keeps its own
    found = {skill.id for skill in extended.extract(POSTING).skills}
    assert {"onet-tech:food_cost_software", "esco:0b1c7e3a-1111-4a5b-9c11-000000000002"} <= found
    assert not any(":" in (skill.id or "") for skill in plain.extract(POSTING).skills)
    assert shipped_extractor().version == plain.version  # the shipped extractor is untouched

    # The new version makes the stored extraction stale: it is redone, not reused.
    assert in_session(runtime, lambda s: extract_postings(s, runtime)) == 1

    async def stored(session: AsyncSession) -> tuple[set[str], dict]:
        versions = set(await session.scalars(select(Extraction.extractor_version)))
        result = await session.scalar(
            select(Extraction.result).where(Extraction.extractor_version == extended.version)
        )
        return versions, result

    versions, result = in_session(runtime, stored)
    assert versions == {plain.version, extended.version}
    assert "onet-tech:food_cost_software" in {skill["id"] for skill in result["skills"]}


def test_matching_reads_postings_as_this_database_extractor_does(runtime, cli_env):
    """Imported terms reach matching: the posting's current reading is the extended one, and a
    participant's skill is read into the same imported id (it used to be the shipped reading
    and the shipped taxonomy, so imported skills never matched)."""
    in_session(runtime, _add_posting)
    in_session(runtime, lambda s: extract_postings(s, runtime))  # the shipped reading first
    _import(cli_env, "import-esco", FIXTURES / "esco")
    _import(cli_env, "import-onet", FIXTURES / "onet")
    in_session(runtime, lambda s: extract_postings(s, runtime))  # then the extended one

    async def current(session: AsyncSession) -> dict:
        posting_id = await session.scalar(select(Posting.id))
        return (await current_extractions(session, [posting_id]))[posting_id]

    reading = in_session(runtime, current)
    assert "onet-tech:food_cost_software" in {skill["id"] for skill in reading["skills"]}

    cook = ParticipantIn(
        external_ref="KC-TAX-1", name="Test Cook", skills=["food cost software"],
        desired_titles=["line cook"],
    )  # fmt: skip

    async def match(session: AsyncSession) -> Match:
        await import_participants(session, [cook])
        await refresh_matches(session, runtime)
        return await session.scalar(select(Match))

    found = in_session(runtime, match)
    skills = next(reason["text"] for reason in found.reasons if reason["code"] == "skills")
    # "You will use food cost software" is a duty: known, so not listed among the new ones.
    assert skills.startswith("Has done 1 of") and "food cost" not in skills, skills


@pytest.fixture
def shared_skills() -> Path:
    if not (SHARED_SKILLS / "esco-csv").is_dir() or not (SHARED_SKILLS / "onet-29.3").is_dir():
        pytest.skip("shared/data/skills (ESCO CSV, O*NET 29.3) is not beside the checkout")
    return SHARED_SKILLS


def test_real_esco_and_onet_files(runtime, cli_env, shared_skills):
    esco = _import(cli_env, "import-esco", shared_skills / "esco-csv")
    onet = _import(cli_env, "import-onet", shared_skills / "onet-29.3")
    assert esco["skills"] > 10_000 and esco["titles"] > 2_500
    assert onet["titles"] > 900
    assert esco["created"] == esco["stored"] and onet["created"] == onet["stored"]
    again = _import(cli_env, "import-onet", shared_skills / "onet-29.3")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, onet["stored"])

    async def counts(session: AsyncSession) -> tuple[int, int]:
        every = select(func.count()).select_from(TaxonomyTerm)
        titles = every.where(TaxonomyTerm.kind == "title")
        return await session.scalar(every), await session.scalar(titles)

    assert in_session(runtime, counts) == (
        esco["stored"] + onet["stored"],
        esco["titles"] + onet["titles"],
    )


def test_everyday_words_are_not_imported_terms():
    skills = [
        Skill(id="esco:1", label="plan", kind="hard_skill", synonyms=["make plans"]),
        Skill(id="esco:2", label="operate forklift", kind="hard_skill",
              synonyms=["drive", "forklift driving"]),
        Skill(id="esco:3", label="brazing", kind="hard_skill"),
    ]  # fmt: skip
    kept = {skill.id: skill for skill in without_everyday_words(skills)}
    assert set(kept) == {"esco:2", "esco:3"}
    assert kept["esco:2"].synonyms == ["forklift driving"]

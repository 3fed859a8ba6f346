"""Imported taxonomies (ESCO, O*NET): store them, and build the extractor that uses them.

``import_taxonomy`` writes what ``jobs.skills.importers`` parsed into ``taxonomy_terms``, one row
per concept, idempotently: a second import of the same files changes nothing. The extractor for a
database (``jobs.runtime.Runtime.extractor``) is the shipped one while nothing was imported, else
one over our taxonomy extended with the imported entries (``build_extended``), whose version
names the imported set, so stored extractions made without them are redone.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput
from jobs.skills.extract import Extractor, extractor_version
from jobs.skills.importers import TaxonomyImport
from jobs.skills.taxonomy import KINDS, Skill, Title, everyday_words, load_taxonomy
from jobs.store import TaxonomyTerm
from jobs.store.base import utcnow

SOURCES = ("esco", "onet")
# Extractor versions gain "+imp.<digest>"; stored extraction versions have room for 40 characters.
IMPORTED_TAG = "imp"
TITLE = "title"  # the kind of an imported job title


class ImportCounts(msgspec.Struct):
    """What one import did: rows created, updated and left unchanged, per kind of entry."""

    source: str
    skills: int = 0
    titles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stored: int = 0  # rows of this source in the database after the import


class ImportedEntries(msgspec.Struct):
    """Every imported skill and title, and the digest that names the set (empty: none)."""

    skills: list[Skill] = []
    titles: list[Title] = []
    digest: str = ""


def _row_of_skill(skill: Skill) -> dict[str, Any]:
    return {
        "kind": skill.kind,
        "label": skill.label,
        "synonyms": list(skill.synonyms),
        "codes": {"onet": list(skill.onet), "esco": list(skill.esco),
                  "domains": list(skill.domains)},
    }  # fmt: skip


def _row_of_title(title: Title) -> dict[str, Any]:
    return {
        "kind": TITLE,
        "label": title.label,
        "synonyms": list(title.aliases),
        "codes": {"soc": title.soc, "family": title.family},
    }


def _content_hash(concept_id: str, row: dict[str, Any]) -> str:
    document = msgspec.json.encode({"id": concept_id, **row}, order="sorted")
    return hashlib.sha256(document).hexdigest()


async def import_taxonomy(
    session: AsyncSession, source: str, parsed: TaxonomyImport
) -> ImportCounts:
    """Store the parsed entries of ``source`` (esco or onet): new concepts are added, changed
    ones updated, the same ones left alone. Concepts missing from this import are kept (a
    program may import a subset of the files)."""
    if source not in SOURCES:
        raise InvalidInput(f"taxonomy source {source!r} is not one of {SOURCES}")
    counts = ImportCounts(source=source, skills=len(parsed.skills), titles=len(parsed.titles))
    wanted: dict[str, dict[str, Any]] = {}
    for skill in parsed.skills:
        if skill.kind not in KINDS:
            raise InvalidInput(f"{source} skill {skill.id!r}: kind {skill.kind!r} is not one of "
                               f"{KINDS}")  # fmt: skip
        wanted[skill.id] = _row_of_skill(skill)
    for title in parsed.titles:
        wanted[title.id] = _row_of_title(title)
    existing = {
        concept_id: (row_id, content_hash)
        for row_id, concept_id, content_hash in await session.execute(
            select(TaxonomyTerm.id, TaxonomyTerm.concept_id, TaxonomyTerm.content_hash).where(
                TaxonomyTerm.source == source
            )
        )
    }
    now = utcnow()
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    for concept_id, row in wanted.items():
        digest = _content_hash(concept_id, row)
        stored = existing.get(concept_id)
        if stored is None:
            new_rows.append({"source": source, "concept_id": concept_id, "content_hash": digest,
                             "imported_at": now, **row})  # fmt: skip
        elif stored[1] != digest:
            changed_rows.append({"id": stored[0], "content_hash": digest, "imported_at": now,
                                 **row})  # fmt: skip
        else:
            counts.unchanged += 1
    # Bulk statements: a full ESCO import is some 17,000 rows.
    for start in range(0, len(new_rows), 2000):
        await session.execute(insert(TaxonomyTerm), new_rows[start : start + 2000])
    for start in range(0, len(changed_rows), 2000):
        await session.execute(update(TaxonomyTerm), changed_rows[start : start + 2000])
    counts.created, counts.updated = len(new_rows), len(changed_rows)
    await session.flush()
    counts.stored = (
        await session.execute(
            select(func.count()).select_from(TaxonomyTerm).where(TaxonomyTerm.source == source)
        )
    ).scalar_one()
    return counts


# The last digest this process computed, under the shape of the table it was computed from.
_digest_held: dict[tuple[Any, ...], str] = {}


async def imported_digest(session: AsyncSession) -> str:
    """A short digest of every imported entry ("" when nothing was imported), read from the
    rows' content hashes only.

    Pages ask for it on every reading of postings, and a full import is some 17,000 rows: the
    process keeps the last digest and reads the rows again only when the table's shape (row
    count, highest id, latest import time; an import adds rows or stamps the ones it changes,
    and never deletes) is not the one it was computed from."""
    shape = tuple((await session.execute(select(*imported_shape()))).one())
    return await imported_digest_of_shape(session, shape)


def imported_shape() -> tuple[Any, ...]:
    """The columns of the imported table's shape (row count, highest id, latest import time):
    what ``imported_digest`` reads first, for a caller that reads them with other rows."""
    return (func.count(), func.max(TaxonomyTerm.id), func.max(TaxonomyTerm.imported_at))


def imported_shape_subqueries() -> list[Any]:
    """``imported_shape`` as scalar subqueries, to read beside the rows of another table."""
    return [
        select(column).select_from(TaxonomyTerm).scalar_subquery() for column in imported_shape()
    ]


async def imported_digest_of_shape(session: AsyncSession, shape: tuple[Any, ...]) -> str:
    """``imported_digest`` once the table's ``shape`` (``imported_shape``) has been read."""
    if not shape[0]:
        return ""
    shape = (str(session.get_bind().engine.url), *shape)
    held = _digest_held.get(shape)
    if held is not None:
        return held
    digest = await _digest_of_rows(session)
    _digest_held.clear()
    _digest_held[shape] = digest
    return digest


async def _digest_of_rows(session: AsyncSession) -> str:
    rows = await session.execute(
        select(TaxonomyTerm.source, TaxonomyTerm.concept_id, TaxonomyTerm.content_hash).order_by(
            TaxonomyTerm.source, TaxonomyTerm.concept_id
        )
    )
    hasher = hashlib.sha256()
    count = 0
    for source, concept_id, content_hash in rows:
        hasher.update(f"{source}\t{concept_id}\t{content_hash}\n".encode())
        count += 1
    return hasher.hexdigest()[:10] if count else ""


async def imported_entries(session: AsyncSession) -> ImportedEntries:
    """Every imported entry as taxonomy skills and titles, with the digest of the set."""
    digest = await imported_digest(session)
    if not digest:
        return ImportedEntries()
    skills: list[Skill] = []
    titles: list[Title] = []
    for term in await session.scalars(
        select(TaxonomyTerm).order_by(TaxonomyTerm.source, TaxonomyTerm.concept_id)
    ):
        codes = term.codes or {}
        if term.kind == TITLE:
            titles.append(
                Title(id=term.concept_id, label=term.label, aliases=list(term.synonyms or []),
                      soc=codes.get("soc"), family=codes.get("family"))
            )  # fmt: skip
        else:
            skills.append(
                Skill(id=term.concept_id, label=term.label, kind=term.kind,
                      synonyms=list(term.synonyms or []), domains=list(codes.get("domains") or []),
                      onet=list(codes.get("onet") or []), esco=list(codes.get("esco") or []))
            )  # fmt: skip
    return ImportedEntries(skills=skills, titles=titles, digest=digest)


def without_everyday_words(skills: list[Skill]) -> list[Skill]:
    """The imported skills with no single everyday word as a term (the rule our own data keeps):
    ESCO names skills "plan" and "LESS", which would match ordinary sentences. A skill whose label
    is such a word is left out; such synonyms are dropped from the others."""
    everyday = everyday_words()

    def ordinary(term: str) -> bool:
        return " " not in term.strip() and term.strip().lower() in everyday

    kept = []
    for skill in skills:
        if ordinary(skill.label):
            continue
        synonyms = [term for term in skill.synonyms if not ordinary(term)]
        kept.append(msgspec.structs.replace(skill, synonyms=synonyms))
    return kept


def imported_taxonomy_version(digest: str) -> str:
    """The version of the shipped taxonomy extended with the imported set named ``digest``."""
    shipped = load_taxonomy().version
    return f"{shipped}+{IMPORTED_TAG}.{digest}" if digest else shipped


async def current_extractor_version(session: AsyncSession) -> str:
    """The version of this database's extractor, without building it: the stamp its readings
    carry (the same as ``(await runtime.extractor(session)).version``)."""
    return extractor_version(imported_taxonomy_version(await imported_digest(session)))


def extractor_version_of_digest(digest: str) -> str:
    """``current_extractor_version`` for the imported set named ``digest``."""
    return extractor_version(imported_taxonomy_version(digest))


def build_extended(entries: ImportedEntries) -> Extractor:
    """An extractor over the shipped taxonomy extended with ``entries`` (takes seconds; the
    runtime keeps the one for its database, ``jobs.runtime.Runtime.extractor``)."""
    taxonomy = load_taxonomy().extended(
        without_everyday_words(entries.skills),
        entries.titles,
        f"{IMPORTED_TAG}.{entries.digest}",
    )
    return Extractor(taxonomy)

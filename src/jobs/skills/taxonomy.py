"""The skills and job-titles taxonomy: loaded from the package's jsonl data, extendable "
"at run time."""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import msgspec

from jobs.errors import InvalidInput

_Record = TypeVar("_Record")
_Built = TypeVar("_Built")

KINDS = ("hard_skill", "tool", "knowledge", "soft_skill", "credential")


class Skill(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One skill, tool, knowledge area, soft skill or credential, with the words that name it."""

    id: str
    label: str
    kind: str
    synonyms: list[str] = []
    domains: list[str] = []
    onet: list[str] = []
    esco: list[str] = []
    # Synonyms that name this skill only in some trades ("refrigeration" names refrigeration
    # repair for a mechanic, not for a building inspector), and the words that, said in the same
    # sentence, show the posting means this skill (``jobs.skills.linking.fits_context``).
    ambiguous: list[str] = []
    context: list[str] = []
    # The skills this one is a kind of (Cerner is an electronic health record system): a person
    # who has this one has those too, while a posting asking for this one asks for it alone.
    broader: list[str] = []


class Title(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A job title with its aliases, SOC code and job family."""

    id: str
    label: str
    aliases: list[str] = []
    soc: str | None = None
    family: str | None = None


_NON_WORD = re.compile(r"[^0-9a-z+#]+")


def normalise_term(term: str) -> str:
    """Lower-case a term and reduce punctuation to single spaces ("CDL-A" -> "cdl a")."""
    folded = unicodedata.normalize("NFKC", term).lower().replace("’", "'")
    folded = folded.replace("'s ", " ").replace("'", "")
    return _NON_WORD.sub(" ", folded).strip()


class Taxonomy:
    """Skills by id and by normalised term, and job titles by id and by normalised alias."""

    def __init__(
        self,
        skills: Iterable[Skill] = (),
        titles: Iterable[Title] = (),
        version: str = "unversioned",
    ) -> None:
        self.version = version
        self.skills: dict[str, Skill] = {}
        self.titles: dict[str, Title] = {}
        self.skill_by_term: dict[str, str] = {}
        self.title_by_term: dict[str, str] = {}
        self.extend(skills)
        self.extend_titles(titles)

    def __len__(self) -> int:
        return len(self.skills)

    def terms(self, skill: Skill) -> list[str]:
        """The label and synonyms of a skill, without duplicates, label first."""
        return list(dict.fromkeys([skill.label, *skill.synonyms]))

    def find(self, term: str) -> Skill | None:
        """The skill named exactly by ``term`` (after normalisation), if any."""
        skill_id = self.skill_by_term.get(normalise_term(term))
        return self.skills[skill_id] if skill_id else None

    def find_title(self, term: str) -> Title | None:
        """The job title named exactly by ``term`` (after normalisation), if any."""
        title_id = self.title_by_term.get(normalise_term(term))
        return self.titles[title_id] if title_id else None

    def extend(self, skills: Iterable[Skill]) -> int:
        """Add skills (from ESCO, O*NET or our data); returns how many new ids were added.

        A known id gains the new synonyms and codes. A term already naming another skill keeps its
        first owner, so imported vocabularies never steal our own curated terms.
        """
        added = 0
        for skill in skills:
            if skill.kind not in KINDS:
                raise InvalidInput(f"skill {skill.id!r}: kind {skill.kind!r} is not one of {KINDS}")
            old = self.skills.get(skill.id)
            if old is None:
                merged = skill
                added += 1
            else:
                merged = Skill(
                    id=old.id,
                    label=old.label,
                    kind=old.kind,
                    synonyms=_union(old.synonyms, skill.synonyms, [skill.label]),
                    domains=_union(old.domains, skill.domains),
                    onet=_union(old.onet, skill.onet),
                    esco=_union(old.esco, skill.esco),
                    ambiguous=_union(old.ambiguous, skill.ambiguous),
                    context=_union(old.context, skill.context),
                    broader=_union(old.broader, skill.broader),
                )
            self.skills[merged.id] = merged
            for term in self.terms(merged):
                key = normalise_term(term)
                if key:
                    self.skill_by_term.setdefault(key, merged.id)
        return added

    def extended(
        self, skills: Iterable[Skill], titles: Iterable[Title], version_suffix: str
    ) -> Taxonomy:
        """A copy of this taxonomy with more skills and titles (imported ones), its version
        ``<version>+<version_suffix>``. This taxonomy is left as it is; its terms keep their
        owners in the copy."""
        copy = Taxonomy(
            self.skills.values(), self.titles.values(), f"{self.version}+{version_suffix}"
        )
        copy.extend(skills)
        copy.extend_titles(titles)
        return copy

    def extend_titles(self, titles: Iterable[Title]) -> int:
        """Add job titles; returns how many new ids were added. Known ids gain the new aliases."""
        added = 0
        for title in titles:
            old = self.titles.get(title.id)
            if old is None:
                merged = title
                added += 1
            else:
                merged = Title(
                    id=old.id,
                    label=old.label,
                    aliases=_union(old.aliases, title.aliases, [title.label]),
                    soc=old.soc or title.soc,
                    family=old.family or title.family,
                )
            self.titles[merged.id] = merged
            for term in [merged.label, *merged.aliases]:
                key = normalise_term(term)
                if key:
                    self.title_by_term.setdefault(key, merged.id)
        return added


def _union(*lists: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for items in lists for item in items if item))


def read_jsonl(lines: Iterable[str], kind: type[_Record], source: str) -> list[_Record]:
    """Decode one struct per non-blank line; a bad line raises InvalidInput naming source "
    "and line."""
    decoder = msgspec.json.Decoder(kind)
    records: list[_Record] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(decoder.decode(line))
        except msgspec.DecodeError as error:
            raise InvalidInput(f"{source} line {number}: {error}") from error
    return records


def load_files(skills_path: Path, titles_path: Path | None = None, version: str = "") -> Taxonomy:
    """Build a taxonomy from a skills jsonl file and an optional titles jsonl file."""
    skills = read_jsonl(skills_path.read_text("utf-8").splitlines(), Skill, str(skills_path))
    titles: list[Title] = []
    if titles_path is not None and titles_path.exists():
        titles = read_jsonl(titles_path.read_text("utf-8").splitlines(), Title, str(titles_path))
    return Taxonomy(skills, titles, version or "unversioned")


# Words at least as common as "painting" (log probability from spacy-lookups-data's English
# lexeme_prob table, -11.5): one of them alone is an everyday word, not the name of a skill.
EVERYDAY_LOG_PROBABILITY = -11.5


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Common English words (spacy-lookups-data's lexeme_prob table, offline), loaded on first use
    only: the table is large, and only imported vocabularies need it."""
    import gzip
    import json

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    return frozenset(
        word for word, probability in table.items() if probability > EVERYDAY_LOG_PROBABILITY
    )


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped in ``jobs/skills/data`` (skills.jsonl, titles.jsonl, "
    "VERSION), cached."""
    data = resources.files("jobs.skills").joinpath("data")
    skills_file = data.joinpath("skills.jsonl")
    if not skills_file.is_file():
        raise InvalidInput("the skills taxonomy data is missing: jobs/skills/data/skills.jsonl")
    skills = read_jsonl(skills_file.read_text("utf-8").splitlines(), Skill, "skills.jsonl")
    titles_file = data.joinpath("titles.jsonl")
    titles = []
    if titles_file.is_file():
        titles = read_jsonl(titles_file.read_text("utf-8").splitlines(), Title, "titles.jsonl")
    version_file = data.joinpath("VERSION")
    version = version_file.read_text("utf-8").strip() if version_file.is_file() else "unversioned"
    return Taxonomy(skills, titles, version)


def once_per_taxonomy(build: Callable[[Taxonomy], _Built]) -> Callable[[Taxonomy], _Built]:
    """``build(taxonomy)``, made once per taxonomy object (under a lock: extraction may run in
    several threads) and kept while that object lives."""
    made: weakref.WeakKeyDictionary[Taxonomy, _Built] = weakref.WeakKeyDictionary()
    lock = threading.Lock()

    def get(taxonomy: Taxonomy) -> _Built:
        with lock:
            found = made.get(taxonomy)
            if found is None:
                found = made[taxonomy] = build(taxonomy)
            return found

    return get

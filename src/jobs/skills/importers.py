"""Parse the official taxonomies a program may download: ESCO CSV files and O*NET text files.

Pure: files in, taxonomy entries out. The caller (``jobs taxonomy import-esco|import-onet``) decides
where they go. Each bad row is reported in ``problems`` with file and line; good rows are kept.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path

import msgspec

from jobs.errors import InvalidInput
from jobs.skills.taxonomy import Skill, Title

csv.field_size_limit(10_000_000)


class TaxonomyImport(msgspec.Struct):
    """Entries read from one folder of official files."""

    skills: list[Skill] = []
    titles: list[Title] = []
    files: list[str] = []
    problems: list[str] = []


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _find(folder: Path, name: str) -> Path | None:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _split_labels(value: str | None) -> list[str]:
    if not value:
        return []
    parts = re.split(r"\n| \| ", value)
    return [part.strip() for part in parts if part.strip()]


def _rows(
    path: Path, delimiter: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_text(path) as handle:
        reader = csv.DictReader(
            handle,
            delimiter=delimiter,
            quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE,
        )
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(
                f"{path.name}: missing column(s) {', '.join(missing)}; found {reader.fieldnames}"
            )
        for row in reader:
            yield reader.line_num, row


# ---------------------------------------------------------------- ESCO


def _esco_kind(skill_type: str, reuse_level: str) -> str:
    if reuse_level.strip().lower() == "transversal":
        return "soft_skill"
    if skill_type.strip().lower() in ("knowledge", "language"):
        return "knowledge"
    return "hard_skill"


def _esco_id(uri: str) -> str:
    return "esco:" + uri.rstrip("/").rsplit("/", 1)[-1]


def parse_esco(folder: Path | str) -> TaxonomyImport:
    """Read ESCO CSVs from ``folder``: skills_en.csv, transversalSkillsCollection_en.csv,
    skills_id_label.csv (id,label) and occupations_en.csv. At least one must be present."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: not a folder")
    result = TaxonomyImport()
    seen: set[str] = set()

    def add(skill: Skill) -> None:
        if skill.id not in seen:
            seen.add(skill.id)
            result.skills.append(skill)

    for name in ("skills_en.csv", "transversalSkillsCollection_en.csv"):
        path = _find(folder, name)
        if path is None:
            continue
        result.files.append(path.name)
        for line, row in _rows(path, ",", ("conceptUri", "preferredLabel")):
            uri, label = (
                (row.get("conceptUri") or "").strip(),
                (row.get("preferredLabel") or "").strip(),
            )
            if not uri or not label:
                result.problems.append(
                    f"{path.name} line {line}: missing conceptUri or preferredLabel"
                )
                continue
            add(
                Skill(
                    id=_esco_id(uri),
                    label=label,
                    kind=_esco_kind(row.get("skillType") or "", row.get("reuseLevel") or ""),
                    synonyms=_split_labels(row.get("altLabels")),
                    esco=[uri],
                )
            )
    path = _find(folder, "skills_id_label.csv")
    if path is not None:
        result.files.append(path.name)
        for line, row in _rows(path, ",", ("id", "label")):
            skill_id, label = (row.get("id") or "").strip(), (row.get("label") or "").strip()
            if not skill_id or not label:
                result.problems.append(f"{path.name} line {line}: missing id or label")
                continue
            uri = f"http://data.europa.eu/esco/skill/{skill_id}"
            add(Skill(id=_esco_id(uri), label=label, kind="hard_skill", esco=[uri]))
    path = _find(folder, "occupations_en.csv")
    if path is not None:
        result.files.append(path.name)
        for line, row in _rows(path, ",", ("conceptUri", "preferredLabel")):
            uri, label = (
                (row.get("conceptUri") or "").strip(),
                (row.get("preferredLabel") or "").strip(),
            )
            if not uri or not label:
                result.problems.append(
                    f"{path.name} line {line}: missing conceptUri or preferredLabel"
                )
                continue
            isco = (row.get("iscoGroup") or "").strip()
            result.titles.append(
                Title(
                    id="esco-occupation:" + uri.rstrip("/").rsplit("/", 1)[-1],
                    label=label,
                    aliases=_split_labels(row.get("altLabels")),
                    family=f"isco:{isco}" if isco else None,
                )
            )
    if not result.files:
        raise InvalidInput(
            f"{folder}: no ESCO files found (skills_en.csv, transversalSkillsCollection_en.csv,"
            " skills_id_label.csv, occupations_en.csv)"
        )
    return result


# ---------------------------------------------------------------- O*NET

_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def parse_onet(folder: Path | str) -> TaxonomyImport:
    """Read O*NET text files from ``folder`` ("Occupation Data.txt", "Alternate Titles.txt",
    "Sample of Reported Titles.txt", "Technology Skills.txt"; each may be gzipped).

    Occupations become titles (with alternate and reported titles as aliases); technology examples
    become ``tool`` skills carrying the O*NET-SOC codes that use them.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: not a folder")
    result = TaxonomyImport()
    titles: dict[str, Title] = {}
    path = _find(folder, "Occupation Data.txt")
    if path is not None:
        result.files.append(path.name)
        for line, row in _rows(path, "\t", ("O*NET-SOC Code", "Title")):
            code, label = (
                (row.get("O*NET-SOC Code") or "").strip(),
                (row.get("Title") or "").strip(),
            )
            if not _SOC.match(code) or not label:
                result.problems.append(
                    f"{path.name} line {line}: bad O*NET-SOC code or empty title"
                )
                continue
            titles[code] = Title(id=f"onet:{code}", label=label, soc=code, family=code[:2])
    for name, column in (
        ("Alternate Titles.txt", "Alternate Title"),
        ("Sample of Reported Titles.txt", "Reported Job Title"),
    ):
        path = _find(folder, name)
        if path is None:
            continue
        result.files.append(path.name)
        aliases: dict[str, list[str]] = {}
        for line, row in _rows(path, "\t", ("O*NET-SOC Code", column)):
            code, alias = (row.get("O*NET-SOC Code") or "").strip(), (row.get(column) or "").strip()
            if not _SOC.match(code) or not alias:
                result.problems.append(
                    f"{path.name} line {line}: bad O*NET-SOC code or empty title"
                )
                continue
            short = (row.get("Short Title") or "").strip()
            aliases.setdefault(code, []).extend(
                [alias] + ([short] if short and short != "n/a" else [])
            )
        for code, names in aliases.items():
            title = titles.get(code)
            if title is None:
                titles[code] = Title(id=f"onet:{code}", label=names[0], aliases=names[1:], soc=code,
                                     family=code[:2])  # fmt: skip
            else:
                merged = list(dict.fromkeys([*title.aliases, *names]))
                titles[code] = msgspec.structs.replace(title, aliases=merged)
    path = _find(folder, "Technology Skills.txt")
    if path is not None:
        result.files.append(path.name)
        tools: dict[str, Skill] = {}
        for line, row in _rows(path, "\t", ("O*NET-SOC Code", "Example")):
            code, example = (
                (row.get("O*NET-SOC Code") or "").strip(),
                (row.get("Example") or "").strip(),
            )
            if not _SOC.match(code) or not example:
                result.problems.append(
                    f"{path.name} line {line}: bad O*NET-SOC code or empty example"
                )
                continue
            skill_id = "onet-tech:" + _slug(example)
            commodity = (row.get("Commodity Title") or "").strip()
            old = tools.get(skill_id)
            onet = [code] if old is None else list(dict.fromkeys([*old.onet, code]))
            domains = [] if old is None else list(old.domains)
            if commodity and commodity not in domains:
                domains.append(commodity)
            tools[skill_id] = Skill(
                id=skill_id, label=example, kind="tool", domains=domains, onet=onet
            )
        result.skills = list(tools.values())
    if not result.files:
        raise InvalidInput(
            f"{folder}: no O*NET files found (Occupation Data.txt, Alternate Titles.txt,"
            " Sample of Reported Titles.txt, Technology Skills.txt, optionally .gz)"
        )
    result.titles = list(titles.values())
    return result

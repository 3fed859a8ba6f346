"""The skills gold set in tests/data/skills_gold/: its format, its fixed split, and (for the real
postings) that every id still names a posting in ../shared/data.

The labels are ours; the postings are not, so only ids are stored. These tests never run the
extractor: they check the gold files themselves.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parents[2] / "data" / "skills_gold"
REAL = GOLD / "labels-real.jsonl"

FIELDS = {
    "id",
    "source",
    "style",
    "split",
    "skills",
    "credentials",
    "drivers_license",
    "background_check",
    "drug_test",
    "exclusionary",
}
STYLES = {"bulletin", "ats", "job_site", "federal", "feed"}
REAL_STYLE = {
    "lacity": "bulletin",
    "greenhouse": "ats",
    "lever": "ats",
    "smartrecruiters": "ats",
    "usajobs": "federal",
    "jsonld": "job_site",
    "rss_atom": "feed",
}
LICENSE = {"required", "preferred", "not_mentioned"}
BACKGROUND = {"required", "after_offer", "not_mentioned"}
DRUG = {"required", "not_mentioned"}
MAX_LABEL_CHARS = 60
MAX_LABEL_WORDS = 8


def split_of(posting_id: str) -> str:
    """The split rule, fixed once for every gold file."""
    digest = int(hashlib.sha256(posting_id.encode()).hexdigest(), 16)
    return "heldout" if digest % 3 == 0 else "tuning"


def read_rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{number} is blank"
        row = json.loads(line)
        assert isinstance(row, dict), f"{path.name}:{number} is not an object"
        rows.append(row)
    return rows


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("labels-*.jsonl"))


def test_the_gold_folder_holds_the_real_labels_and_a_readme():
    assert REAL.is_file()
    assert (GOLD / "README.md").is_file()
    assert "## Real postings (goldla)" in (GOLD / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_every_row_has_the_fields_and_values_of_labelling_md(path: Path):
    rows = read_rows(path)
    assert rows
    for row in rows:
        where = f"{path.name} {row.get('id')!r}"
        assert set(row) >= FIELDS, f"{where} lacks {sorted(FIELDS - set(row))}"
        assert isinstance(row["id"], str) and row["id"].strip() == row["id"] != ""
        assert row["style"] in STYLES, where
        assert row["drivers_license"] in LICENSE, where
        assert row["background_check"] in BACKGROUND, where
        assert row["drug_test"] in DRUG, where
        assert isinstance(row["exclusionary"], bool), where
        assert isinstance(row["skills"], list) and isinstance(row["credentials"], list), where


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_the_split_rule_holds_for_every_row(path: Path):
    wrong = [row["id"] for row in read_rows(path) if row["split"] != split_of(row["id"])]
    assert wrong == []


def test_no_id_is_labelled_twice_in_or_across_the_gold_files():
    seen: dict[str, str] = {}
    for path in gold_files():
        for row in read_rows(path):
            assert row["id"] not in seen, f"{row['id']} in {path.name} and {seen[row['id']]}"
            seen[row["id"]] = path.name


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_labels_are_short_lower_case_phrases_not_copied_text(path: Path):
    for row in read_rows(path):
        for field in ("skills", "credentials"):
            labels = row[field]
            assert len(labels) == len(set(labels)), f"{row['id']} repeats a {field} label"
            for label in labels:
                where = f"{row['id']} {field} {label!r}"
                assert isinstance(label, str) and label == label.strip() != "", where
                assert label == label.lower(), where
                assert len(label) <= MAX_LABEL_CHARS, where
                assert len(label.split()) <= MAX_LABEL_WORDS, where
                assert not re.search(r"[.;:!?\n]$|\s{2}", label), where


def test_the_real_rows_keep_to_their_sources_and_styles():
    rows = read_rows(REAL)
    assert set(FIELDS) == {key for row in rows for key in row}
    for row in rows:
        prefix = "lacity" if row["id"].startswith("lacity-") else row["id"].split(":", 1)[0]
        assert row["source"] == prefix, row["id"]
        assert REAL_STYLE[row["source"]] == row["style"], row["id"]
    lacity = [row for row in rows if row["source"] == "lacity"]
    assert len(lacity) >= 80
    assert {row["split"] for row in rows} == {"tuning", "heldout"}


# --- every real id resolves to a posting in ../shared/data ------------------------------------


def _connector_postings(connectors: Path) -> dict[str, str]:
    """Id -> the posting's own text, for every real posting kept in connectors/."""
    found: dict[str, str] = {}

    def strip(markup: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(markup))).strip()

    for path in sorted((connectors / "greenhouse").glob("*.json")):
        for job in json.loads(path.read_text(encoding="utf-8"))["jobs"]:
            found[f"greenhouse:{job['id']}"] = f"{job['title']} {strip(job.get('content') or '')}"
    for path in sorted((connectors / "lever").glob("*.json")):
        for post in json.loads(path.read_text(encoding="utf-8")):
            lists = " ".join(strip(item["content"]) for item in post.get("lists", []))
            body = post.get("descriptionPlain", "")
            found[f"lever:{post['id']}"] = f"{post['text']} {body} {lists}"
    for path in sorted((connectors / "smartrecruiters").glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        for post in payload.get("content", [payload]):
            sections = (post.get("jobAd") or {}).get("sections") or {}
            body = " ".join(strip(part.get("text", "")) for part in sections.values())
            found[f"smartrecruiters:{post['id']}"] = f"{post['name']} {body}"
    for path in sorted((connectors / "usajobs").glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        for item in payload["SearchResult"]["SearchResultItems"]:
            job = item["MatchedObjectDescriptor"]
            details = job["UserArea"]["Details"]
            duties = details.get("MajorDuties", [])
            summary = job.get("QualificationSummary", "")
            text = " ".join([job["PositionTitle"], summary, *duties])
            found[f"usajobs:{job['PositionID']}"] = text
    for path in sorted((connectors / "jsonld").glob("*.json")):
        for post in json.loads(path.read_text(encoding="utf-8")):
            match = re.search(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", post["url"])
            assert match, post["url"]
            text = f"{post['title']} {strip(post['description'])}"
            found.setdefault(f"jsonld:{match.group(0)}", text)
    for path in sorted((connectors / "rss_atom").glob("*.rss")):
        for item in re.findall(r"<item>(.*?)</item>", path.read_text(encoding="utf-8"), re.S):
            guid = re.search(r"<guid[^>]*>(.*?)</guid>", item, re.S)
            description = re.search(r"<description>(.*?)</description>", item, re.S)
            if guid and description:
                text = strip(strip(description.group(1)))
                found.setdefault(f"rss_atom:{guid.group(1).strip()}", text)
    return found


def _bulletin_lines(shared_data: Path) -> list[str]:
    path = shared_data / "postings" / "lacity_dev_255.jsonl"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_real_id_resolves_to_a_posting_in_shared_data(shared_data: Path):
    lacity = {json.loads(line)["id"] for line in _bulletin_lines(shared_data)}
    connectors = _connector_postings(shared_data / "connectors")
    missing = [
        row["id"]
        for row in read_rows(REAL)
        if row["id"] not in (lacity if row["source"] == "lacity" else connectors)
    ]
    assert missing == []


def test_the_bulletins_are_chosen_by_line_number_alone(shared_data: Path):
    """Batches of every third line: from line 0 (0, 3, ..., 252), then from line 1 (1, 4, ...),
    then from line 2; the last batch labelled may stop early. The README's rule."""
    ids = [json.loads(line)["id"] for line in _bulletin_lines(shared_data)]
    batches = [[pid for number, pid in enumerate(ids) if number % 3 == start] for start in range(3)]
    labelled = [row["id"] for row in read_rows(REAL) if row["source"] == "lacity"]
    expected: list[str] = []
    for batch in batches:
        rest = labelled[len(expected) :]
        if len(rest) < len(batch):
            assert rest == batch[: len(rest)]
            return
        expected += batch
    assert labelled == expected


def test_every_connector_posting_with_its_own_text_is_labelled(shared_data: Path):
    """Copies whose text is only a title of a posting labelled elsewhere (the Zonos RSS feed and
    career page) are the one exception, as the README says."""
    connectors = _connector_postings(shared_data / "connectors")
    labelled = {row["id"] for row in read_rows(REAL) if row["source"] != "lacity"}
    unlabelled = sorted(set(connectors) - labelled)
    for posting_id in unlabelled:
        assert posting_id.startswith("rss_atom:https://jobs.deel.com/zonos/"), posting_id
        uuid = posting_id.split("/job-details/")[1].split("/")[0]
        assert f"jsonld:{uuid}" in labelled

"""The format of our Kansas City gold postings and their labels (tests/data/skills_gold/*-kc.jsonl).

These postings are written by us in the styles of ATS boards, job sites and staffing agencies; the
labels follow src/jobs/skills/LABELLING.md. The tests check the files hold together, not what the
extractor reads in them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.unit.skills.test_skills_gold import FIELDS

GOLD = Path(__file__).resolve().parents[2] / "data" / "skills_gold"
POSTINGS = GOLD / "postings-kc.jsonl"
LABELS = GOLD / "labels-kc.jsonl"

MIN_POSTINGS = 80
STYLES = {"ats", "job_site", "staffing"}
SECTORS = {
    "warehouse_logistics",
    "food_service",
    "construction",
    "manufacturing",
    "health_care_aide",
    "retail",
    "cleaning",
    "driving_delivery",
    "maintenance",
}
POSTING_KEYS = {"id", "style", "sector", "title", "text", "format"}
LABEL_KEYS = FIELDS  # the same label fields as the real postings' file
MAX_LABEL_WORDS = 6
MAX_LABEL_CHARS = 50


def _read(path: Path) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{number} is blank"
        rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def postings() -> list[dict[str, object]]:
    return _read(POSTINGS)


@pytest.fixture(scope="module")
def labels() -> list[dict[str, object]]:
    return _read(LABELS)


def expected_split(posting_id: str) -> str:
    digest = int(hashlib.sha256(posting_id.encode()).hexdigest(), 16)
    return "heldout" if digest % 3 == 0 else "tuning"


def test_every_posting_has_one_label_row_and_back(postings, labels):
    posting_ids = [p["id"] for p in postings]
    label_ids = [label["id"] for label in labels]
    assert len(posting_ids) >= MIN_POSTINGS
    assert len(set(posting_ids)) == len(posting_ids), "duplicate posting ids"
    assert len(set(label_ids)) == len(label_ids), "duplicate label ids"
    assert set(posting_ids) == set(label_ids)


def test_postings_have_their_fields(postings):
    for posting in postings:
        assert set(posting) == POSTING_KEYS, posting["id"]
        assert re.fullmatch(r"kc-\d{4}", str(posting["id"]))
        assert posting["style"] in STYLES, posting["id"]
        assert posting["sector"] in SECTORS, posting["id"]
        assert posting["format"] in {"html", "text"}, posting["id"]
        assert str(posting["title"]).strip(), posting["id"]
        text = str(posting["text"])
        has_tags = re.search(r"<(p|ul|li|h\d|div|br)\b", text) is not None
        assert has_tags == (posting["format"] == "html"), posting["id"]
        words = len(re.sub(r"<[^>]+>", " ", text).split())
        assert 60 <= words <= 900, (posting["id"], words)


def test_styles_cover_sectors(postings):
    sectors_by_style: dict[str, set[str]] = defaultdict(set)
    for posting in postings:
        sectors_by_style[str(posting["style"])].add(str(posting["sector"]))
    assert set(sectors_by_style) == STYLES
    for style, sectors in sectors_by_style.items():
        assert len(sectors) >= 4, (style, sorted(sectors))
    per_style = Counter(str(p["style"]) for p in postings)
    assert min(per_style.values()) >= 10, per_style
    per_sector = Counter(str(p["sector"]) for p in postings)
    assert set(per_sector) == SECTORS
    assert min(per_sector.values()) >= 5, per_sector


def test_label_rows_agree_with_postings_and_split_rule(postings, labels):
    by_id = {p["id"]: p for p in postings}
    for label in labels:
        assert set(label) == LABEL_KEYS, label["id"]
        assert label["source"] == "ours"
        assert label["style"] == by_id[label["id"]]["style"]
        assert label["split"] == expected_split(str(label["id"]))
    splits = Counter(label["split"] for label in labels)
    assert splits["heldout"] > 0 and splits["tuning"] > 0


def test_categorical_labels_take_their_values(labels):
    for label in labels:
        assert label["drivers_license"] in {"required", "preferred", "not_mentioned"}, label["id"]
        assert label["background_check"] in {"required", "after_offer", "not_mentioned"}
        assert label["drug_test"] in {"required", "not_mentioned"}, label["id"]
        assert isinstance(label["exclusionary"], bool), label["id"]


def test_skill_and_credential_labels_are_short_lower_case_and_unique(labels):
    for label in labels:
        assert label["skills"], f"{label['id']} has no skills"
        for field in ("skills", "credentials"):
            values = label[field]
            assert isinstance(values, list)
            assert len(set(values)) == len(values), (label["id"], field)
            for value in values:
                assert isinstance(value, str)
                assert value == value.strip().lower(), (label["id"], value)
                assert value, label["id"]
                assert len(value) <= MAX_LABEL_CHARS, (label["id"], value)
                assert len(value.split()) <= MAX_LABEL_WORDS, (label["id"], value)

"""Consistency of the taxonomy data files, read with plain json (no project imports)."""

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tools.shared_data import SHARED_DATA

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "src" / "jobs" / "skills" / "data"
ONET_OCCUPATIONS = SHARED_DATA / "skills" / "onet-29.3" / "Occupation Data.txt"

KINDS = {"hard_skill", "tool", "knowledge", "soft_skill", "credential"}
DOMAINS = {
    "warehouse", "logistics", "food_service", "manufacturing", "construction", "maintenance",
    "custodial", "landscaping", "retail", "customer_service", "driving", "delivery", "auto_repair",
    "welding", "health_care", "security", "office", "general",
}  # fmt: skip
SKILL_FIELDS = {"id", "label", "kind", "synonyms", "domains", "onet", "esco"}
# Only on entries with a synonym that names the skill in one trade and not another (README).
CONTEXT_FIELDS = {"ambiguous", "context"}
# Only on a narrow entry that is a kind of a broader one (README; tests/unit/matching).
BROADER_FIELDS = {"broader"}
TITLE_FIELDS = {"id", "label", "aliases", "soc", "family"}
ID = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
ONET = re.compile(r"\d\d-\d\d\d\d\.\d\d")
SOC = re.compile(r"\d\d-\d\d\d\d")
ESCO = re.compile(r"http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}")

# Credentials the brief names; each must be found as some credential's label or synonym.
MUST_HAVE_CREDENTIALS = [
    "forklift certification", "osha 10", "osha 30", "servsafe food handler", "servsafe manager",
    "food handler card", "cdl class a", "cdl class b", "cdl class c", "cdl hazmat endorsement",
    "cdl tanker endorsement", "cdl passenger endorsement", "cdl school bus endorsement",
    "cdl doubles triples endorsement", "cdl tanker hazmat combination endorsement",
    "cdl air brake qualification", "flagger certification", "cpr certification",
    "first aid certification", "bls certification", "aed certification", "epa 608 type i",
    "epa 608 type ii", "epa 608 type iii", "epa 608 universal", "aws d1.1", "aws certified welder",
    "certified nursing assistant", "home health aide certification",
    "certified medication technician", "qualified medication aide",
    "certified phlebotomy technician", "security guard license",
    "kcmo private officer license", "armed guard permit", "twic card", "valid driver's license",
    "ase certification", "nccer core", "lead abatement worker certification",
    "asbestos abatement worker certification", "confined space entry certification",
    "scaffold certification", "aerial lift certification", "scissor lift certification",
    "pallet jack certification", "reach truck certification", "order picker certification",
    "alcohol server certification", "tsa hazmat threat assessment",
]  # fmt: skip

# How postings write some of them: each phrase must name a credential.
POSTING_PHRASES = [
    "CDL-A", "Class A CDL", "OSHA-10", "OSHA 10 hour", "OSHA 30-hour", "ServSafe", "CNA", "HHA",
    "CMT", "QMA", "Hazmat endorsement", "EPA 608 Universal", "AWS D1.1", "TWIC",
    "forklift certified", "guard card", "BLS", "CPR certified", "flagger card", "X endorsement",
    "no air brake restriction",
]  # fmt: skip

# Everyday words that must never be a whole term: they would match ordinary sentences.
ORDINARY_WORDS = {
    "lead", "drive", "driven", "driving", "care", "service", "services", "safety", "team", "work",
    "patient", "responsible", "professional", "friendly", "flexible", "transit", "transfers",
    "moving", "produce", "email", "excel", "outlook", "reports", "scheduling", "reception",
    "sanitation", "suspension", "stick", "burning", "forge", "lean", "mic", "pm", "tips", "demo",
    "layout", "roller", "generator", "compressor", "facing", "zoning", "orderly", "books", "chart",
    "delivery", "cash", "customer", "sales", "clean", "cleaning", "lift", "lifting", "labor",
    "shipping", "receiving", "stocking", "routing", "alignment", "diagnostics", "training",
    "experience", "license", "certification", "certified", "organization", "memory", "courtesy",
}  # fmt: skip


def normalise(term: str) -> str:
    """Lower-case and reduce punctuation (hyphens, slashes, dots) to single spaces."""
    folded = unicodedata.normalize("NFKC", term).lower().replace("\u2019", "'")
    folded = folded.replace("'s ", " ").replace("'", "")
    return re.sub(r"[^0-9a-z+#]+", " ", folded).strip()


def read_jsonl(name: str) -> list[dict]:
    path = DATA / name
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{name}:{number}: blank line"
        records.append(json.loads(line))
    return records


@pytest.fixture(scope="module")
def skills() -> list[dict]:
    return read_jsonl("skills.jsonl")


@pytest.fixture(scope="module")
def titles() -> list[dict]:
    return read_jsonl("titles.jsonl")


def owners(records: list[dict], field: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for record in records:
        for term in [record["label"], *record[field]]:
            found.setdefault(normalise(term), set()).add(record["id"])
    return found


def test_version_is_one_line_calendar_version():
    text = (DATA / "VERSION").read_text(encoding="utf-8")
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+\n?", text), text


def test_counts(skills, titles):
    assert len(skills) >= 1500
    assert len(titles) >= 280


def test_skill_fields_kinds_and_domains(skills):
    for skill in skills:
        where = skill.get("id", skill)
        assert set(skill) - BROADER_FIELDS in (SKILL_FIELDS, SKILL_FIELDS | CONTEXT_FIELDS), where
        assert skill.get("broader", ["x"]) and skill.get("broader") != [skill["id"]], where
        assert ID.fullmatch(skill["id"]), where
        assert skill["label"] == skill["label"].strip().lower() and skill["label"], where
        assert skill["kind"] in KINDS, where
        assert skill["domains"] and set(skill["domains"]) <= DOMAINS, where
        assert all(isinstance(s, str) and s.strip() == s and s for s in skill["synonyms"]), where
        assert all(ONET.fullmatch(code) for code in skill["onet"]), where
        assert all(ESCO.fullmatch(uri) for uri in skill["esco"]), where


def test_title_fields_and_codes(titles):
    for title in titles:
        where = title.get("id", title)
        assert set(title) == TITLE_FIELDS, where
        assert ID.fullmatch(title["id"]), where
        assert title["label"] == title["label"].strip().lower() and title["label"], where
        assert SOC.fullmatch(title["soc"]), where
        assert re.fullmatch(r"\d\d-\d\d00", title["family"]), where
        assert title["family"][:2] == title["soc"][:2], where
        assert all(isinstance(a, str) and a.strip() == a and a for a in title["aliases"]), where


@pytest.mark.parametrize("name", ["skills.jsonl", "titles.jsonl"])
def test_ids_are_unique(name):
    counts = Counter(record["id"] for record in read_jsonl(name))
    assert [i for i, n in counts.items() if n > 1] == []


def test_no_skill_term_names_two_skills(skills):
    shared = {term: ids for term, ids in owners(skills, "synonyms").items() if len(ids) > 1}
    assert shared == {}


def test_no_title_alias_names_two_titles(titles):
    shared = {term: ids for term, ids in owners(titles, "aliases").items() if len(ids) > 1}
    assert shared == {}


def test_no_term_is_an_ordinary_word(skills, titles):
    terms = set(owners(skills, "synonyms")) | set(owners(titles, "aliases"))
    assert sorted(terms & ORDINARY_WORDS) == []


def test_every_kind_and_domain_is_covered(skills):
    kinds = Counter(skill["kind"] for skill in skills)
    domains = Counter(domain for skill in skills for domain in skill["domains"])
    assert set(kinds) == KINDS
    assert set(domains) == DOMAINS
    assert min(domains.values()) >= 25, domains


@pytest.mark.parametrize("label", MUST_HAVE_CREDENTIALS)
def test_must_have_credential_is_present(skills, label):
    credentials = {
        normalise(term)
        for skill in skills
        if skill["kind"] == "credential"
        for term in [skill["label"], *skill["synonyms"]]
    }
    assert normalise(label) in credentials


@pytest.mark.parametrize("phrase", POSTING_PHRASES)
def test_posting_phrase_names_a_credential(skills, phrase):
    by_term = {
        normalise(term): skill for skill in skills for term in [skill["label"], *skill["synonyms"]]
    }
    assert by_term[normalise(phrase)]["kind"] == "credential"


def test_cdl_endorsement_letters_map_to_their_endorsements(skills):
    by_term = {
        normalise(term): skill["id"]
        for skill in skills
        for term in [skill["label"], *skill["synonyms"]]
    }
    expected = {
        "h endorsement": "cdl_hazmat_endorsement",
        "n endorsement": "cdl_tanker_endorsement",
        "p endorsement": "cdl_passenger_endorsement",
        "s endorsement": "cdl_school_bus_endorsement",
        "t endorsement": "cdl_doubles_triples_endorsement",
        "x endorsement": "cdl_tanker_hazmat_combination_endorsement",
    }
    assert {term: by_term.get(term) for term in expected} == expected


def test_onet_codes_are_real_occupations(skills):
    """Every O*NET-SOC code we cite is an occupation in O*NET 29.3 (when that file is present)."""
    if not ONET_OCCUPATIONS.is_file():
        pytest.skip("shared/data O*NET files are not beside the checkout")
    lines = ONET_OCCUPATIONS.read_text(encoding="utf-8", errors="replace").splitlines()
    known = {line.split("\t", 1)[0] for line in lines[1:]}
    unknown = {code for skill in skills for code in skill["onet"]} - known
    assert unknown == set()

"""The general reading rules: negation and hedges of licenses, hyphenated terms, lists that share
words, words that name a skill the posting does not ask for, and which free text is a skill."""

from __future__ import annotations

import pytest

from jobs.skills.coordination import coordinated_terms
from jobs.skills.extract import shipped_extractor
from jobs.skills.licenses import find_drivers_license
from jobs.skills.open_skills import is_free_text_skill
from jobs.skills.pipeline import TOKENIZER_CACHE_CHUNKS


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy (the rules below depend on its terms)."""
    return shipped_extractor()


@pytest.mark.parametrize(
    ("text", "status", "classes", "commercial"),
    [
        ("Non-CDL box truck; no special licence.", "not_mentioned", [], False),
        ("No CDL required. Must have a driver's license.", "required", [], False),
        ("CDL a plus.", "preferred", [], True),
        ("Must have a CDL.", "required", [], True),
        ("A valid Class ''B'' driver's license is required.", "required", ["B"], True),
        ("Class B (or A) driver's license required.", "required", ["A", "B"], True),
        ("cdl-b required", "required", ["B"], True),
    ],
)
def test_drivers_license_negation_hedges_and_classes(text, status, classes, commercial):
    license = find_drivers_license(text)
    assert (license.status, license.classes, license.commercial) == (status, classes, commercial)


def test_negated_credentials_are_not_asked_for(shipped):
    for text in (
        "Non-CDL position. Valid driver's license required.",
        "No CDL required.",
        "Forklift certification not required; we train.",
    ):
        assert shipped.extract(text).credentials == [], text


def test_a_commercial_class_named_by_the_license_is_a_credential(shipped):
    result = shipped.extract("A valid Class B driver's license and medical certificate required.")
    classes = {c.id: c for c in result.credentials}
    assert classes["cdl_class_b"].required
    hedged = shipped.extract("Some positions may require a Class A driver's license.")
    assert [c.required for c in hedged.credentials if c.id == "cdl_class_a"] == [False]


@pytest.mark.parametrize(
    ("text", "credential"),
    [
        ("OSHA-10 card required.", "osha_10"),
        ("Must hold OSHA-30.", "osha_30"),
        ("EPA-608 certified technicians.", "epa_608_certification"),
        ("CPR/First-Aid card required.", "first_aid_certification"),
        ("CPR/First-Aid card required.", "cpr_certification"),
    ],
)
def test_hyphenated_terms_match(shipped, text, credential):
    assert credential in {c.id for c in shipped.extract(text).credentials}


def test_tokenizer_splits_letter_digit_hyphens_and_caches_postings(shipped):
    tokens = [t.text for t in shipped.nlp.make_doc("OSHA-10 and 6a-2:30p")]
    assert tokens[:3] == ["OSHA", "-", "10"]
    assert shipped.nlp.tokenizer.max_cache_size == TOKENIZER_CACHE_CHUNKS


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("Knows building, plumbing, and electrical codes.", "electrical codes",
         ["plumbing codes", "building codes"]),
        ("Use of hand and power tools.", "power tools", ["hand tools"]),
        ("CPR/First-Aid card", "First-Aid card", ["CPR card"]),
        ("plumbing installation, repair, and maintenance", "plumbing installation",
         ["plumbing repair", "plumbing maintenance"]),
        ("the use of power tools", "power tools", []),
        ("forklift operation", "forklift operation", []),
    ],
)  # fmt: skip
def test_coordinated_terms(text, term, expected):
    start = text.index(term)
    found = coordinated_terms(text, start, start + len(term))
    assert [found_term for found_term, _, _ in found] == expected
    for found_term, word_start, word_end in found:
        assert text[word_start:word_end] in found_term


def test_coordinated_terms_become_skills(shipped):
    skills = {s.id for s in shipped.extract("Knowledge of hand and power tools.").skills}
    assert {"hand_tools", "power_tools"} <= skills


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Works under general supervision of the lead.", "supervision"),
        ("Candidates must submit a commercial driving history.", "commercial_driving"),
        ("A bachelor's degree in English or Art History.", "english_language"),
        ("Take the test with a webcam and a reliable internet connection.", "reliability"),
        ("Unload packages from line-haul trailers.", "pickup_truck_and_trailer_towing"),
        ("Unload packages from line-haul trailers.", "tractor_trailer_driving"),
        ("We move freight for home-improvement customers.", "remodeling"),
        ("Run safety huddles and investigate incidents.", "background_investigation"),
    ],
)
def test_words_that_name_a_skill_the_posting_does_not_ask_for(shipped, text, absent):
    assert absent not in {s.id for s in shipped.extract(text).skills}


def test_sentence_case_headings_over_a_list_start_sections(shipped):
    text = (
        "Material handlers wanted.\n\nWhat you'll do\n• Move pallets with electric pallet jacks\n\n"
        "Nice to have\n• Forklift experience\n• Experience with RF scanners\n\n"
        "Why Riverbend\n• Weekly pay\n"
    )
    required = {s.id: s.required for s in shipped.extract(text).skills}
    assert required["electric_pallet_jack_operation"] is True  # the jack and its operation: one
    # "RF scanners" (the tool) and RF scanning are one concept: one skill, under the operation.
    assert required["rf_scanning"] is False
    assert not any(s.id == "forklift" and s.required for s in shipped.extract(text).skills)


def test_supervising_is_a_skill(shipped):
    text = "Supervises a crew of custodians; trains and schedules staff."
    assert "supervision" in {s.id for s in shipped.extract(text).skills}


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("hydraulic brake repair", True),
        ("fiber optic splicing", True),
        ("Credibility", True),  # a named competency in a list
        ("credibility", False),  # half of a split list, most often
        ("accurately install", False),
        ("resolve operating", False),
        ("low voltage electrical", False),
        ("or replacement of lines", False),
        ("city departments", False),
        ("departmental policies", False),
        ("appropriate course of action", False),
        ("saddle ties with", False),
    ],
)
def test_free_text_skills(phrase, kept):
    assert is_free_text_skill(phrase) is kept


def test_ability_clauses_stay_out_unless_the_taxonomy_knows_them(shipped):
    text = (
        "The examination may test the ability to: take appropriate action on complaints; "
        "read and interpret blueprints; communicate orally."
    )
    skills = shipped.extract(text).skills
    assert {s.id for s in skills} >= {"blueprint_reading", "verbal_communication"}
    assert all(s.id for s in skills), [s.label for s in skills if not s.id]

"""The pipeline's own components: sentences, lemmas, taxonomy matching, open phrases, context."""

from __future__ import annotations

import json

import pytest

from jobs.skills.context import sentence_around
from jobs.skills.open_skills import find_open_phrases, is_free_text_skill
from jobs.skills.pipeline import findings_of


def test_pipeline_components_in_order(extractor):
    assert extractor.nlp.pipe_names == [
        "sentencizer",
        "lemmatizer",
        "taxonomy_skills",
        "posting_sections",
        "skill_spans",
        "open_skills",
        "requirements",
    ]


def test_sentences_end_at_line_breaks_and_periods(extractor):
    doc = extractor.nlp("Operate forklifts. Load trucks\n- Lift 50 lbs\nSchedule: 2nd shift")
    sentences = [sent.text.strip() for sent in doc.sents if sent.text.strip()]
    assert sentences == [
        "Operate forklifts.",
        "Load trucks",
        "- Lift 50 lbs",
        "Schedule: 2nd shift",
    ]


def test_lemmas_are_lower_case_lookups(extractor):
    doc = extractor.nlp("Operating Forklifts and JACKS")
    assert [token.lemma_ for token in doc] == ["operate", "forklift", "and", "jack"]


def test_taxonomy_matches_inflections_but_not_other_words(extractor):
    doc = extractor.nlp("Drives fork lifts; uses RF guns. The types of files.")
    ids = {match.skill_id for match in findings_of(doc).taxonomy_matches}
    assert {"forklift", "rf_scanner"} <= ids
    doc = extractor.nlp("We type letters.")
    assert findings_of(doc).taxonomy_matches == []


def test_open_phrases_from_a_civil_service_list():
    text = (
        "Candidates may be examined for knowledge of: the proper use of hand tools; shoring for"
        " trenching; how to construct footings; Cal/OSHA safety codes and personal protective"
        " equipment; and the ability to: read blueprints; and other necessary skills."
    )
    phrases = find_open_phrases(text)
    assert all(text[p.start : p.end] == p.text for p in phrases)
    found = [p.text for p in phrases]
    for expected in ("hand tools", "shoring for trenching", "construct footings",
                     "personal protective equipment", "read blueprints"):  # fmt: skip
        assert expected in found
    assert not any("necessary" in phrase for phrase in found)


def test_open_phrases_skip_conditions_that_are_not_skills():
    phrases = [p.text for p in find_open_phrases("Must be able to lift 50 lbs and work weekends.")]
    assert phrases == []
    assert not is_free_text_skill("with others")
    assert not is_free_text_skill("systems")
    assert is_free_text_skill("hydraulic brake repair")


@pytest.mark.parametrize(
    ("word", "sentence"),
    [
        ("7 a.m.", "Work 7 a.m. to 3:30 p.m. Monday to Friday."),
        ("citizen", "U.S. citizen required."),
        ("bullet", " bullet here."),
    ],
)
def test_sentence_around(word, sentence):
    text = (
        "Hello there. Work 7 a.m. to 3:30 p.m. Monday to Friday. U.S. citizen required.\n"
        "• bullet here."
    )
    start = text.index(word)
    left, right = sentence_around(text, start, start + len(word))
    assert text[left:right] == sentence


def test_real_postings_extract_cleanly(shared_data, extractor):
    path = shared_data / "postings" / "lacity_dev_255.jsonl"
    if not path.is_file():
        pytest.skip("no postings")
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()[:25]]
    results = list(extractor.extract_many(records))
    assert [r.id for r in results] == [r["id"] for r in records]
    for record, result in zip(records, results, strict=True):
        assert not result.errors
        text = record["text"]
        for skill in result.skills:
            assert text[skill.start : skill.end] == skill.text
    assert sum(r.drivers_license != "not_mentioned" for r in results) >= 15

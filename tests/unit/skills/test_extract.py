"""The whole pipeline on our own postings, bad input, and invariants."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobs.skills.extract import Extraction, PostingInput
from jobs.skills.posting_text import prepare_text

WAREHOUSE = """Warehouse Associate - 2nd Shift
We are a second chance employer: your record will not automatically disqualify you.

Responsibilities:
- Operate forklifts and electric pallet jacks; use an RF scanner to pick orders
- Keep inventory control records accurate

Requirements:
- Must be able to lift 50 lbs and stand for long periods
- High school diploma or GED
- 1+ year of experience with inventory management
- Must pass a background check and drug screen after a conditional offer
- Must be 18 years of age or older

Preferred:
- Forklift certification
- Knowledge of Microsoft Office

Schedule: 2nd shift, 3:00 PM to 11:30 PM, Monday-Friday. Some weekends required.
Pay: $18.00 - $20.50 per hour
No driver's license needed; the site is on the bus line.

Benefits:
- Free CPR and First Aid class
"""


def spans_index(text: str, extraction: Extraction) -> None:
    for skill in extraction.skills:
        assert text[skill.start : skill.end] == skill.text
    for credential in extraction.credentials:
        assert text[credential.start : credential.end] == credential.text
    for demand in extraction.physical:
        assert text[demand.start : demand.end] == demand.text
    evidence = [e for items in extraction.evidence.values() for e in items]
    evidence += extraction.fair_chance.evidence
    evidence += [e for flag in extraction.setting for e in flag.evidence]
    evidence += [s.evidence for s in extraction.shifts if s.evidence]
    evidence += [extraction.pay.evidence] if extraction.pay and extraction.pay.evidence else []
    for item in evidence:
        assert text[item.start : item.end] == item.text


def test_warehouse_posting(extractor):
    result = extractor.extract(WAREHOUSE, id="wh-1")
    skills = {s.id: s for s in result.skills}
    assert {"forklift", "pallet_jack", "rf_scanner", "order_picking", "inventory_control"} <= set(
        skills
    )
    assert skills["forklift"].required
    assert skills["microsoft_office"].required is False  # under "Preferred"
    credentials = {c.id: c for c in result.credentials}
    assert credentials["forklift_certification"].required is False
    assert "cpr_first_aid" not in credentials  # only offered as a benefit
    assert result.drivers_license == "not_mentioned"
    assert result.background_check == "after_offer"
    assert result.drug_test == "required"
    assert result.fair_chance.stance == "chosen_language"
    assert result.education == "high_school"
    assert result.experience_years == 1.0
    assert result.age_minimum == 18
    assert (result.pay.min, result.pay.max, result.pay.unit) == (18.0, 20.5, "hour")
    timed = [s for s in result.shifts if s.start]
    assert (timed[0].label, timed[0].start, timed[0].end) == ("2nd shift", "15:00", "23:30")
    assert ("lifting", 50) in {(d.kind, d.pounds) for d in result.physical}
    assert result.language == "en" and not result.errors and result.id == "wh-1"
    assert result.extractor_version.endswith("fixture-1")
    spans_index(WAREHOUSE, result)


def test_open_vocabulary_skills_map_or_stay_free_text(extractor):
    text = (
        "Requirements: experience with stock control systems; knowledge of hydraulic brake repair."
    )
    result = extractor.extract(text)
    labels = {s.label: s for s in result.skills}
    assert "inventory control" in labels  # "stock control" is a taxonomy synonym
    free = labels["hydraulic brake repair"]
    assert free.id is None and free.required
    spans_index(text, result)


def test_short_abbreviations_need_capitals(extractor):
    assert "mig_welding" in {s.id for s in extractor.extract("MIG and TIG welding.").skills}
    assert "mig_welding" not in {s.id for s in extractor.extract("we mig around").skills}


def test_cdl_and_setting(extractor):
    text = (
        "Delivery driver. CDL-A required. Deliver beer and wine to bars. Must pass DOT drug test."
    )
    result = extractor.extract(text)
    assert result.drivers_license == "required"
    assert result.drivers_license_class == "A" and result.commercial_license
    assert {"cdl_class_a"} <= {c.id for c in result.credentials}
    flags = {f.flag for f in result.setting}
    assert {"alcohol_service", "commercial_driving"} <= flags
    assert result.drug_test == "required"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("", "empty text"),
        ("   \n\t ", "empty text"),
        ("<div><img src='x.png'/></div>", "no text left"),
    ],
)
def test_empty_and_markup_only(extractor, raw, error):
    result = extractor.extract(raw)
    assert any(error in message for message in result.errors)
    assert result.skills == []


def test_html_posting_is_stripped(extractor):
    html = "<h2>Requirements</h2><ul><li>Operate a <b>forklift</b></li><li>Lift 50 lbs</li></ul>"
    result = extractor.extract(html)
    assert "stripped HTML markup" in result.notes
    assert "forklift" in {s.id for s in result.skills}
    spans_index(prepare_text(html).text, result)


def test_two_megabyte_posting_is_capped(extractor):
    raw = ("Operate a forklift safely. " * 80_000)[:2_000_000]
    result = extractor.extract(raw)
    assert any("capped" in note for note in result.notes)
    assert "forklift" in {s.id for s in result.skills}


def test_mojibake_is_repaired(extractor):
    raw = "Weâ€™re hiring a forklift operator â€“ $18/hr. Itâ€™s 2nd shift."
    result = extractor.extract(raw)
    assert any("mis-encoded" in note for note in result.notes)
    assert prepare_text(raw).text.startswith("We’re hiring")
    assert result.pay.min == 18.0


def test_spanish_posting_is_flagged_and_still_read(extractor):
    raw = (
        "Buscamos operador de montacargas para el turno de noche. Se requiere experiencia con"
        " forklift y pallet jack. Pago $17 por hora. Los candidatos deben pasar una "
        "prueba de drogas."
    )
    result = extractor.extract(raw)
    assert result.language == "es"
    assert any("not English" in note for note in result.notes)
    assert {"forklift", "pallet_jack"} <= {s.id for s in result.skills}


def test_batch_survives_bad_postings(extractor):
    postings = [
        {"id": "a", "text": "Operate a forklift."},
        {"id": "b", "text": ""},
        {"id": "c", "text": 42},
        PostingInput(id="d", text="Customer service at the register.", title="Cashier"),
        "plain string posting about pallet jacks",
    ]
    results = list(extractor.extract_many(postings))
    assert [r.id for r in results] == ["a", "b", "c", "d", None]
    assert not results[0].errors and results[1].errors and results[2].errors
    assert results[3].title == "Cashier"
    assert "pallet_jack" in {s.id for s in results[4].skills}


def test_extraction_encodes_to_json(extractor):
    decoded = json.loads(msgspec.json.encode(extractor.extract(WAREHOUSE)))
    for field in ("skills", "credentials", "drivers_license", "background_check", "exclusionary",
                  "drug_test", "shifts", "physical", "experience_years", "education",
                  "fair_chance", "pay", "setting", "language", "notes", "errors",
                  "extractor_version"):  # fmt: skip
        assert field in decoded


_posting_alphabet = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyz ABCDEFXYZ0123456789.,;:-–$/\n\t<>&'\"()•#*",
        *["forklift", " lbs", "pm", "am", "Mon", "shift", "â€™", "<p>", "</li>", "CDL", "$18"],
        *["knowledge of: ", "experience with ", " to ", "-", "Requirements:\n", "Ã©", "\u00a0"],
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_posting_alphabet, max_size=120).map("".join))
def test_extract_never_raises_and_spans_index_the_text(extractor, raw):
    result = extractor.extract(raw)
    assert isinstance(result, Extraction)
    spans_index(prepare_text(raw).text, result)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_extract_never_raises_on_any_unicode(extractor, raw):
    result = extractor.extract(raw)
    spans_index(prepare_text(raw).text, result)

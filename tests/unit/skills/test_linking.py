"""Linking with a refusal threshold, one skill per concept, and people's words in posting ids."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.skills.extract import extract
from jobs.skills.linking import (
    concept_index,
    concept_key,
    is_generic,
    is_specific,
    merge_mentions,
    names_a_place,
    shares_specific_word,
    supports,
)
from jobs.skills.requirements import Evidence, SkillMention
from jobs.skills.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def shipped_taxonomy():
    return load_taxonomy()


def test_a_trade_and_its_tool_are_one_concept():
    assert concept_key("MIG welder") == concept_key("MIG welding") == ("mig", "weld")
    assert concept_key("forklift operation") == concept_key("forklifts")
    assert concept_key("blueprint reading") != concept_key("blueprints")


def test_people_and_postings_share_concept_ids(shipped_taxonomy):
    concepts = concept_index(shipped_taxonomy)
    assert concepts.term_id("MIG welding") == concepts.term_id("mig welder") == "mig_welding"
    assert concepts.term_id("forklift") == concepts.term_id("forklift operation")
    assert concepts.term_id("running production machines") is None
    # Running machines and machining are different work, though the words share a stem.
    assert concepts.concept_of("machine_operation") != concepts.concept_of("machining")


def test_links_need_the_words_of_the_skill(shipped_taxonomy):
    accounting = next(s for s in shipped_taxonomy.skills.values() if "account" in s.label)
    assert not supports("receives reports", accounting, shipped_taxonomy)
    forklift = shipped_taxonomy.skills["forklift_operation"]
    assert supports("operating forklifts", forklift, shipped_taxonomy)
    assert not supports("operating equipment", forklift, shipped_taxonomy)


@pytest.mark.parametrize(
    ("words", "generic"),
    [("maintenance", True), ("operation", True), ("series", True), ("steel", True),
     ("customer service", False), ("welding", False), ("", True)],
)  # fmt: skip
def test_bare_generic_words_never_stand_alone(words, generic):
    assert is_generic(words) is generic


@pytest.mark.parametrize(
    ("words", "specific"),
    [("pneumatic staplers", True), ("maintenance operations", False), ("gaskets", False),
     ("providing legislative", False), ("particle board", False),
     ("Transportation Security Administration (TSA)", False), ("local codes", False),
     ("potential hazards", False), ("existing techniques", False),
     ("potential funding sources", True), ("neighborhood councils", False),
     ("consulting engineers", False), ("rules governing park usage", False),
     ("areas noted above", False), ("surrounding vegetation", False)],
)  # fmt: skip
def test_only_specific_words_stay_as_free_text(words, specific):
    assert is_specific(words) is specific


def test_places_after_a_list_of_names_are_not_skills():
    text = "Knowledge of Independence, Blue Springs and Raytown streets"
    at = text.index("Blue Springs")
    assert names_a_place(text, at, at + len("Blue Springs"))
    assert not names_a_place("Use a Blue Springs router daily", 6, 18)


def _mention(label, start, end, id=None, required=True):
    return SkillMention(id, label, label, start, end, required)


def test_examples_of_a_list_fold_under_their_general_skill():
    text = "Use hand tools such as hammers, screwdrivers and chisels. Read blueprints."
    at = text.index
    mentions = [
        _mention("hand tools", at("hand tools"), at("hand tools") + 10, "hand_tools"),
        _mention("hammer", at("hammers"), at("hammers") + 7, "hammer"),
        _mention("screwdriver", at("screwdrivers"), at("screwdrivers") + 12, "screwdriver"),
        _mention("blueprint reading", at("blueprints"), at("blueprints") + 10, "blueprint_reading"),
    ]
    merged = merge_mentions(mentions, text)
    assert [m.label for m in merged] == ["hand tools", "blueprint reading"]
    assert merged[0].examples == ["hammer", "screwdriver"]
    assert len(merged[0].evidence) == 3


def test_examples_fold_under_any_general_skill_but_a_single_name_in_parentheses_stands():
    # LABELLING.md: "personal care like bathing, dressing" gives "personal care" once; the
    # general skill need not be a category of tools ("hand tools", "software").
    text = (
        "Help clients with personal care like bathing and dressing. "
        "Chart in the electronic health record (PointClickCare)."
    )
    at = text.index
    mentions = [
        _mention("personal care", at("personal care"), at("personal care") + 13, "personal_care"),
        _mention("bathing assistance", at("bathing"), at("bathing") + 7, "bathing"),
        _mention("dressing assistance", at("dressing"), at("dressing") + 8, "dressing"),
        _mention("electronic health records", at("electronic"), at("record (") + 6, "ehr"),
        _mention("pointclickcare", at("PointClickCare"), at("PointClickCare") + 14, "pcc"),
    ]
    merged = merge_mentions(mentions, text)
    assert [m.label for m in merged] == [
        "personal care",
        "electronic health records",
        "pointclickcare",
    ]
    assert merged[0].examples == ["bathing assistance", "dressing assistance"]


def test_examples_in_parentheses_after_such_as_fold_under_their_general_skill():
    # "use hand tools (such as ratchets, ...)": the cue inside the parentheses is read whole,
    # so "such as" does not end the list it opens.
    text = "Use hand tools (such as ratchets and air impacts) for vehicle repair; read maps."
    at = text.index
    mentions = [
        _mention("hand tools", at("hand tools"), at("hand tools") + 10, "hand_tools"),
        _mention("socket set", at("ratchets"), at("ratchets") + 8, "socket_set"),
        _mention("impact wrench", at("air impacts"), at("air impacts") + 11, "impact_wrench"),
        _mention("map reading", at("maps"), at("maps") + 4, "map_reading"),
    ]
    merged = merge_mentions(mentions, text)
    assert [m.label for m in merged] == ["hand tools", "map reading"]
    assert merged[0].examples == ["socket set", "impact wrench"]


def test_examples_fold_when_a_bulletin_repeats_the_list_after_its_general_skill():
    # The examination paragraph is printed twice: each example span lies in a list after one
    # of the general skill's spans.
    part = "Knowledge of safety regulations, including CAL/OSHA and the NEC; typing. "
    text = part + part
    second = len(part)

    def spans(words):
        first = part.index(words)
        return [Evidence(words, first, first + len(words)),
                Evidence(words, second + first, second + first + len(words))]  # fmt: skip

    def mention(label, id, words):
        found = spans(words)
        return SkillMention(id, label, words, found[0].start, found[0].end, True, evidence=found)

    merged = merge_mentions(
        [
            mention("workplace safety", "workplace_safety", "safety regulations"),
            mention("cal/osha regulations", "cal_osha", "CAL/OSHA"),
            mention("national electrical code", "nec", "NEC"),
            mention("typing", "typing", "typing"),
        ],
        text,
    )
    assert [m.label for m in merged] == ["workplace safety", "typing"]
    assert merged[0].examples == ["cal/osha regulations", "national electrical code"]
    assert len(merged[0].evidence) == 6


def test_examples_fold_when_the_general_noun_runs_a_word_past_the_skill():
    # "material handling [equipment], such as forklifts": the skill's words end before the
    # noun the examples hang on. After a function word the list belongs to another noun.
    text = "Knowledge of material handling equipment, such as forklifts; shelving."
    at = text.index
    mentions = [
        _mention("material handling", at("material"), at(" equipment"), "material_handling"),
        _mention("forklift operation", at("forklifts"), at("forklifts") + 9, "forklift_operation"),
    ]
    merged = merge_mentions(mentions, text)
    assert [m.label for m in merged] == ["material handling"]
    assert merged[0].examples == ["forklift operation"]
    other = "Storage of supplies used for loading, such as forklifts."
    mentions = [
        _mention("storekeeping", 0, 19, "storekeeping"),
        _mention(
            "forklift operation", other.index("forklifts"), len(other) - 1, "forklift_operation"
        ),
    ]
    assert len(merge_mentions(mentions, other)) == 2


def test_driving_a_vehicle_and_operating_it_are_one_concept():
    text = "Safely operate a tractor-trailer; regional driving out of Edgerton. Drive a forklift."
    at = text.index
    mentions = [
        _mention("operating tractor-trailer", at("operate"), at(";"), None),
        _mention("tractor-trailer driving", at("regional"), at(" out"), "tractor_trailer_driving"),
    ]
    merged = merge_mentions(mentions, text)
    assert len(merged) == 1 and len(merged[0].evidence) == 2
    assert concept_key("yard truck driving") == concept_key("yard truck")
    assert concept_key("truck driving") != concept_key("truck washing")


def test_a_posting_lists_mig_welding_once_with_both_spans():
    text = (
        "We are hiring.\n\nWhat you'll do:\n- Run the MIG welder on carbon steel\n\n"
        "Requirements:\n- 2 years of MIG welding experience\n"
    )
    skills = extract(text).skills
    mig = [s for s in skills if "mig" in s.label]
    assert len(mig) == 1 and mig[0].id == "mig_welding"
    assert {e.text for e in mig[0].evidence} >= {"MIG welder", "MIG welding"}
    assert mig[0].asked and mig[0].required  # asked in the requirements, not only a duty


def test_an_opening_pitch_and_a_test_to_pass_are_not_skills():
    text = (
        "Kaw Valley Fabrication is hiring MIG Welders.\n\nWhat you'll do:\n- Read blueprints\n\n"
        "Requirements:\n- Must pass a weld test\n"
    )
    labels = {s.label for s in extract(text).skills}
    assert "blueprint reading" in labels
    assert not {"structural fabrication", "weld inspection", "mig welding"} & labels


_LABELS = st.sampled_from(
    ["mig welding", "mig welder", "forklift", "forklift operation", "hand tools", "hammers",
     "customer service", "blueprint reading", "pallet jack"]
)  # fmt: skip


@st.composite
def _mentions(draw):
    text = "x" * 400
    found = []
    for label in draw(st.lists(_LABELS, max_size=12)):
        start = draw(st.integers(0, 380))
        end = start + draw(st.integers(1, 19))
        found.append(SkillMention(None, label, text[start:end], start, end, draw(st.booleans())))
    return text, found


@settings(max_examples=150, deadline=None)
@given(_mentions())
def test_merging_is_idempotent_and_never_loses_an_evidence_span(case):
    text, mentions = case
    once = merge_mentions(mentions, text)
    kept = {(e.start, e.end) for m in once for e in m.evidence}
    assert {(m.start, m.end) for m in mentions} <= kept
    twice = merge_mentions(once, text)
    assert [(m.label, m.evidence, m.required, m.examples) for m in twice] == [
        (m.label, m.evidence, m.required, m.examples) for m in once
    ]
    # One entry per concept.
    keys = [concept_key(m.label) for m in once]
    assert len(keys) == len(set(keys))
    assert all(m.evidence == sorted(m.evidence, key=lambda e: (e.start, e.end)) for m in once)
    assert all(isinstance(e, Evidence) for m in once for e in m.evidence)


def test_only_specific_shared_words_make_skill_names_alike():
    assert not shares_specific_word("flat repair", "minor electrical repair")
    assert shares_specific_word("mig welding", "MIG welder")
    assert shares_specific_word("forklift", "forklift operation")


def test_a_modifier_shared_by_a_list_of_heads_reads_the_whole_list():
    # "safety principles, practices, rules and regulations" is all four, and an example after
    # the last head ("including Cal/OSHA") is an example of it, not a skill of its own.
    text = (
        "Candidates may be examined for knowledge of: safety principles, practices, rules and "
        "regulations including Cal/OSHA; basic arithmetic."
    )
    skills = extract(text).skills
    safety = next(s for s in skills if s.id == "workplace_safety")
    assert safety.text == "safety principles, practices, rules and regulations"
    assert "cal_osha_regulations" not in {s.id for s in skills}


def test_heads_of_another_modifier_are_not_run_on():
    text = "Knowledge of safety principles and customer service practices."
    safety = next(s for s in extract(text).skills if s.id == "workplace_safety")
    assert safety.text == "safety principles"


def test_leading_a_group_of_workers_is_lead_work_not_a_second_leadership_skill():
    # LABELLING.md: "acts as a lead for" gives "lead worker"; "lead a group of helpers" in the
    # same bulletin names that duty again.
    text = (
        "DUTIES\nA Senior Roofer acts as a lead over roofers.\n\nSELECTION PROCESS\n"
        "Candidates may be examined for the ability to lead a group of helpers; "
        "deal tactfully with the public.\n"
    )
    labels = [s.label for s in extract(text).skills]
    assert "lead worker" in labels
    assert "leadership" not in labels

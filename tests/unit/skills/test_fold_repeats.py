"""One skill per concept (issue #15): a free-text skill that links to a taxonomy skill the
posting already lists folds into it, its evidence kept. Sentences are our own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import fold_repeats
from jobs.skills.requirements import Evidence, SkillMention


def _mention(id: str | None, label: str, start: int) -> SkillMention:
    end = start + len(label)
    return SkillMention(id, label, label, start, end, True, evidence=[Evidence(label, start, end)])


def _link(words: str) -> str | None:
    return shipped_extractor()._linked_concept(words)


def test_a_doing_that_names_a_listed_skill_folds_into_it():
    listed = _mention("budgeting", "budgeting", 0)
    doing = _mention(None, "preparing budgets", 40)
    other = _mention(None, "splitting firewood", 80)
    kept = fold_repeats([listed, doing, other], _link)
    assert [m.label for m in kept] == ["budgeting", "splitting firewood"]
    assert [e.start for e in kept[0].evidence] == [0, 40]


def test_a_doing_whose_object_names_a_listed_skill_without_its_modifiers_folds_into_it():
    listed = _mention("report_writing", "report writing", 0)
    doing = _mention(None, "preparing comprehensive written reports", 40)
    assert [m.label for m in fold_repeats([listed, doing], _link)] == ["report writing"]
    alone = _mention(None, "comprehensive written reports", 40)
    assert len(fold_repeats([listed, alone], _link)) == 2  # only a doing is read this way


def test_a_doing_stays_when_its_skill_is_not_listed():
    doing = _mention(None, "preparing budgets", 40)
    assert (
        fold_repeats([_mention("forklift_operation", "forklift operation", 0), doing], _link)[1]
        is doing
    )


@given(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), max_size=6))
def test_folding_keeps_every_evidence_span(labels):
    link = {"alpha": "a", "beta": "b"}.get
    mentions = [_mention("a", "a skill", 1000)] + [
        _mention(None, label, 10 * i) for i, label in enumerate(labels)
    ]
    before = sorted(e.start for m in mentions for e in m.evidence)
    kept = fold_repeats(mentions, link)
    assert sorted(e.start for m in kept for e in m.evidence) == before
    assert all(m.id is not None or link(m.label) != "a" for m in kept)


def _at(id: str | None, label: str, text: str, words: str) -> SkillMention:
    start = text.index(words)
    end = start + len(words)
    return SkillMention(id, label, words, start, end, True, evidence=[Evidence(words, start, end)])


def test_a_phrase_read_around_a_listed_skills_words_folds_into_it_with_its_fuller_words():
    text = "Knowledge of the mechanical principles of hydraulics; use independent judgment."
    skill = _at("hydraulic_systems", "hydraulic systems", text, "hydraulics")
    words = "mechanical principles of hydraulics"
    phrase = _at(None, words, text, words)
    judgment = _at("critical_thinking", "critical thinking", text, "judgment")
    using = _at(None, "using independent judgment", text, "use independent judgment")
    kept = fold_repeats([phrase, skill, using, judgment], lambda words: None)
    assert [(m.label, m.text) for m in kept] == [
        ("hydraulic systems", "mechanical principles of hydraulics"),
        ("critical thinking", "use independent judgment"),
    ]
    assert [e.text for e in kept[0].evidence] == [words, "hydraulics"]


def test_a_doing_in_a_series_that_spans_a_skills_words_stays_its_own_skill():
    # "patch and paint walls": "patching walls" spans "paint walls" but names another doing.
    text = "Patch and paint walls in vacant units."
    painting = _at("painting", "painting", text, "paint walls")
    patching = _at(None, "patching walls", text, "Patch and paint walls")
    assert len(fold_repeats([patching, painting], lambda words: None)) == 2


def test_a_phrase_beside_a_skill_read_elsewhere_too_stays():
    # The skill's other mention lies outside the phrase: the phrase is not only its words.
    text = "Rigging equipment; rigging."
    around = _at(None, "rigging equipment", text, "Rigging equipment")
    rigging = SkillMention(
        "rigging", "rigging", "Rigging", 0, 7, True,
        evidence=[Evidence("Rigging", 0, 7), Evidence("rigging", 19, 26)],
    )  # fmt: skip
    assert len(fold_repeats([around, rigging], lambda words: None)) == 2

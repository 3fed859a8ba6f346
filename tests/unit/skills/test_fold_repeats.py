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

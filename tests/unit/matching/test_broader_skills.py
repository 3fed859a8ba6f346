"""A narrow skill counts as the broad one it is a kind of, for people only (issue #15).

The taxonomy lists some narrow skills of their own (Cerner beside electronic health records,
cabinetmaking beside woodworking) so that a posting asking for both lists both. A participant
who wrote the narrow one has the broad one too; one who wrote only the broad one has not shown
the narrow one a posting asks for.
"""

from __future__ import annotations

import pytest

from jobs.matching import rank
from jobs.skills.extract import extract
from jobs.skills.linking import concept_index
from jobs.skills.taxonomy import load_taxonomy
from tests.unit.matching.builders import TODAY, person, posting


def test_every_broader_entry_exists_and_no_entry_is_wider_than_itself():
    taxonomy = load_taxonomy()
    linked = 0
    for skill in taxonomy.skills.values():
        seen, todo = {skill.id}, list(skill.broader)
        while todo:
            wider = todo.pop()
            assert wider in taxonomy.skills, f"{skill.id}: unknown broader entry {wider!r}"
            assert wider != skill.id, f"{skill.id} is, through its broader entries, its own"
            if wider not in seen:
                seen.add(wider)
                todo.extend(taxonomy.skills[wider].broader)
        linked += bool(skill.broader)
    assert linked >= 10


@pytest.mark.parametrize(
    ("words", "has"),
    [
        ("Cerner", "electronic_health_records"),
        ("cabinetry", "woodworking"),
        ("immunizations", "injections"),
        ("pulse ox", "vital_signs"),
    ],
)
def test_a_person_with_the_narrow_skill_has_the_broad_one(words, has):
    index = concept_index(load_taxonomy())
    ids = index.term_ids(words)
    assert ids[0] == index.term_id(words)
    assert index.concept_of(has) in ids


def test_a_person_with_the_broad_skill_has_not_the_narrow_one():
    index = concept_index(load_taxonomy())
    assert index.term_ids("electronic health records") == (
        index.term_id("electronic health records"),
    )
    assert index.term_ids("fixing bicycles and kites") == ()


def _missing(skills: list[str], words: str) -> str:
    found = extract(f"Requirements:\n- {words}\n")
    asked = [
        {"label": s.label, "id": s.id, "required": s.required, "kind": s.kind, "asked": s.asked}
        for s in found.skills
    ]
    assert asked, f"nothing read from {words!r}"
    job = posting(requirements={"skills": asked})
    index = concept_index(load_taxonomy())
    (result,) = rank(person(skills=skills), [job], {}, TODAY, skill_ids=index.term_ids)
    text = next(r.text for r in result.reasons if r.code == "skills")
    return text.split("missing:")[1].lower() if "missing:" in text else ""


def test_a_nurse_aide_who_charted_in_cerner_is_not_told_health_records_are_missing():
    missing = _missing(["Cerner"], "Experience with electronic health records")
    assert "health record" not in missing


def test_a_posting_asking_for_cerner_still_misses_it_for_a_person_who_wrote_ehr():
    missing = _missing(["EHR"], "Experience charting in Cerner")
    assert "cerner" in missing

from __future__ import annotations

import pytest

from jobs.errors import InvalidInput
from jobs.skills.taxonomy import Skill, Taxonomy, load_taxonomy, normalise_term, read_jsonl


def test_normalise_term_folds_case_and_punctuation():
    assert normalise_term("CDL-A") == "cdl a"
    assert normalise_term("Driver’s  License") == "driver license"
    assert normalise_term("C++ / C#") == "c++ c#"


def test_lookup_by_label_and_synonym(taxonomy):
    assert taxonomy.find("Forklift").id == "forklift"
    assert taxonomy.find("hi-lo").id == "forklift"
    assert taxonomy.find("OSHA-10").id == "osha_10"
    assert taxonomy.find("underwater basket weaving") is None
    assert taxonomy.find_title("Prep Cook").id == "line_cook"
    assert taxonomy.version == "fixture-1"


def test_extend_adds_new_and_merges_known_ids(taxonomy):
    copy = Taxonomy(taxonomy.skills.values(), taxonomy.titles.values())
    added = copy.extend(
        [
            Skill(id="forklift", label="lift truck operation", kind="tool", esco=["uri:1"]),
            Skill(id="esco:1", label="operate forklift", kind="hard_skill", synonyms=["forklift"]),
        ]
    )
    assert added == 1
    assert "lift truck operation" in copy.skills["forklift"].synonyms
    assert copy.skills["forklift"].esco == ["uri:1"]
    # An imported synonym never takes over a term our own data already owns.
    assert copy.find("forklift").id == "forklift"
    assert copy.find("operate forklift").id == "esco:1"


def test_extend_rejects_unknown_kind():
    with pytest.raises(InvalidInput, match="kind 'gadget'"):
        Taxonomy([Skill(id="x", label="x", kind="gadget")])


def test_bad_jsonl_line_names_the_line():
    lines = ['{"id": "a", "label": "a", "kind": "tool"}', "", '{"id": "b"}']
    with pytest.raises(InvalidInput, match=r"skills\.jsonl line 3"):
        read_jsonl(lines, Skill, "skills.jsonl")


def test_shipped_taxonomy_loads():
    shipped = load_taxonomy()
    assert len(shipped) > 0
    for skill in list(shipped.skills.values())[:50]:
        assert shipped.find(skill.label) is not None

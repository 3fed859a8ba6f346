"""The evaluation harness: label matching, set scores and the gold-set run."""

from __future__ import annotations

import pytest

from tools.evaluate_skills import (
    GoldPosting,
    SetScore,
    evaluate_gold,
    labels_match,
    load_gold,
    score_sets,
)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("forklift operation", "Forklift Operation", True),
        ("blueprints", "blueprint reading", True),
        ("basic math", "basic mathematics", True),
        ("cdl class b", "Class B commercial driver's license", True),
        ("safety", "personal protective equipment and safety codes and rules", False),
        ("read street maps", "reading street maps", True),
        ("trim trees", "tree trimming", True),
        ("reading blueprints", "read meters", False),
        ("customer service", "forklift operation", False),
        ("", "anything", False),
        # Short codes and numbers tell credentials and trades apart.
        ("cna certificate", "CMT certificate", False),
        ("osha 10", "OSHA 30", False),
        ("grade d3 operator", "grade d4 operator", False),
        ("mig welding", "TIG welding", False),
        ("osha 10", "OSHA 10-hour card", True),
    ],
)
def test_labels_match(a, b, same):
    assert labels_match(a, b) is same


def test_score_sets_counts_fuzzy_duplicates_once():
    score = SetScore()
    score_sets(
        [("forklift", "forklifts"), ("forklift operation", "operate forklift"), ("welding", "MIG")],
        ["forklift operation", "pallet jack"],
        score,
    )
    assert (score.true_positives, score.predicted, score.gold) == (1, 2, 2)
    assert score.precision == 0.5 and score.recall == 0.5 and score.f1 == 0.5


def test_evaluate_gold_on_our_own_postings(extractor, tmp_path):
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(
        '{"id": "p1", "skills": ["forklift", "pallet jack"], "credentials": ["OSHA 10"],'
        ' "drivers_license": "required", "background_check": "required",'
        ' "drug_test": "not_mentioned"}\n'
        '{"id": "p2", "skills": ["customer service"], "drivers_license": "not_mentioned"}\n'
        '{"id": "absent", "skills": []}\n',
        encoding="utf-8",
    )
    gold = load_gold(gold_file)
    assert isinstance(gold[0], GoldPosting)
    postings = {
        "p1": {"text": "Operate a forklift and pallet jack. OSHA 10 card required. A valid"
                       " driver's license is required. Must pass a background check."},
        "p2": {"text": "Greet guests and give great customer service at the register."},
    }  # fmt: skip
    report = evaluate_gold(gold, postings, extractor)
    assert report["postings"] == 2 and report["missing_postings"] == 1
    assert report["skills"]["recall"] == 1.0
    assert report["credentials"]["f1"] == 1.0
    assert report["accuracy"] == {
        "drivers_license": 1.0,
        "background_check": 1.0,
        "drug_test": 1.0,
        "exclusionary": 1.0,
    }


def test_bad_gold_line_names_the_line(tmp_path):
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text('{"id": "a"}\n{"id": 5}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="line 2"):
        load_gold(gold_file)

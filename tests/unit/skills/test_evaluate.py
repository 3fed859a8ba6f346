"""The evaluation harness: label matching, set scores and the gold-set run."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.evaluate_skills import (
    FIRST_SCORER,
    GoldPosting,
    Scorer,
    SetScore,
    evaluate_gold,
    labels_match,
    load_gold,
    match_sets,
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


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # A verb and the noun naming its action are one word (LABELLING.md) ...
        ("equipment maintenance", "maintaining equipment", True),
        ("data analysis", "analyze data", True),
        ("report preparation", "prepare reports", True),
        ("supervision", "supervise staff", True),
        ("sealant application", "apply sealant", True),
        ("waste disposal", "dispose of waste", True),
        # ... by regular endings on long words only.
        ("state laws", "station laws", False),
        ("natural", "nature", False),
        ("signal", "sign", False),
    ],
)
def test_action_nouns_match_their_verbs(a, b, same):
    assert labels_match(a, b) is same
    assert labels_match(b, a) is same


def test_the_first_scorer_compared_words_only():
    assert not labels_match("data analysis", "analyze data", FIRST_SCORER)
    assert not labels_match("supervision", "supervise staff", FIRST_SCORER)


def test_a_general_prediction_does_not_swallow_specific_ones():
    predicted = ["cleaning", "floor cleaning", "restroom cleaning", "mopping"]
    gold = ["floor cleaning", "restroom cleaning"]
    extra, missed, matched = match_sets(predicted, gold)
    assert (extra, missed, matched) == (["mopping"], [], 2)
    # The first scorer dropped both specific predictions as duplicates of "cleaning".
    extra, missed, matched = match_sets(predicted, gold, FIRST_SCORER)
    assert (extra, missed, matched) == (["mopping"], ["restroom cleaning"], 1)


def test_unmatched_duplicates_count_once_and_specific_misses_still_count():
    # "floor care" and "floor care experience" name one skill; "repair of apparatus" names
    # another skill than the matched "apparatus maintenance" and is a false positive of its own.
    predicted = ["floor care", "floor care experience", "apparatus maintenance"]
    predicted.append("repair of apparatus")
    extra, missed, matched = match_sets(predicted, ["maintaining apparatus"])
    assert matched == 1 and missed == []
    assert extra == ["floor care", "repair of apparatus"]


_LABELS = st.lists(
    st.sampled_from(
        ["cleaning", "floor cleaning", "restroom cleaning", "mopping", "floor care", "welding",
         "mig welding", "tig welding", "forklift", "forklift operation", "operate forklift",
         "equipment maintenance", "maintain equipment", "repair equipment", "data analysis"]
    ),
    max_size=8,
)  # fmt: skip


@given(_LABELS, _LABELS)
def test_the_largest_matching_never_matches_fewer(predicted, gold):
    # Matching every prediction as largely as possible finds at least the first scorer's greedy
    # matches (same word rules), and never more than there are distinct labels on either side.
    words_only = Scorer(action_nouns=False)
    _, missed, matched = match_sets(predicted, gold, words_only)
    _, _, greedy = match_sets(predicted, gold, FIRST_SCORER)
    assert greedy <= matched <= min(len(set(predicted)), len(set(gold)))
    assert matched + len(missed) == len(match_sets([], gold, words_only)[1])


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


@given(_LABELS, _LABELS, st.floats(0.0, 1.0))
def test_the_keep_fit_counts_as_the_harness_does(predicted, gold, threshold):
    # tools.fit_skill_keep scores thresholds from precomputed matches; kept candidates must be
    # counted exactly as match_sets counts the same predictions.
    import numpy as np

    from tools.evaluate_skills import _distinct
    from tools.fit_skill_keep import Candidates, score_at

    probs = [(index * 0.37) % 1.0 for index in range(len(predicted))]
    distinct = _distinct(gold)
    found = Candidates()
    found.pairs.append([(label, label) for label in predicted])
    found.matches.append(
        np.array(
            [[labels_match(label, g) for g in distinct] for label in predicted], dtype=bool
        ).reshape(len(predicted), len(distinct))
    )
    found.repeats.append(
        [
            [j for j, other in enumerate(predicted) if j != i and labels_match(label, other)]
            for i, label in enumerate(predicted)
        ]
    )
    fitted = score_at(found, [np.array(probs)], threshold, [0])
    expected = SetScore()
    score_sets([p for p, q in zip(predicted, probs, strict=True) if q >= threshold], gold, expected)
    assert (fitted.true_positives, fitted.predicted, fitted.gold) == (
        expected.true_positives,
        expected.predicted,
        expected.gold,
    )

"""Fit the skill keep model (``jobs.skills.keep``) on the gold set's tuning postings that are ours.

    python -m tools.fit_skill_keep                               # compare the variants
    python -m tools.fit_skill_keep --keep-precision --write      # the shipped file
    python -m tools.fit_skill_keep --no-priors --keep-precision --write  # structural only
    python -m tools.fit_skill_keep --all-tuning                  # every tuning row (figures only)

The shipped weights are fitted only on tuning postings whose text is in the repo
(``tests/data/skills_gold/postings-*.jsonl``): the texts in ``../shared/data`` are read for
figures only, never fitted on (their redistribution terms are not ours). ``--all-tuning`` fits on
every tuning row, those texts included, to show what is lost; it refuses ``--write``.

Runs the extractor with the keep model off over the tuning postings (held-out rows are never
read), records every merged skill candidate's features (``jobs.skills.keep.FEATURES``) and whether
a gold label matches it (the harness's fuzzy match), and fits an L2-regularised logistic
regression (Newton steps, no randomness). The threshold is the one with the best skills F1 over
out-of-fold probabilities of seeded 5-fold cross-validation by posting; the final weights are
fitted on every training posting. Each run prints, for the rules alone and for the model with and
without the word and label tables: cross-validation on the training postings, and the score over
every tuning posting (out-of-fold for the training postings, the final weights for the rest).
``--write`` saves the chosen variant to ``src/jobs/skills/skill_keep.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from jobs.skills.extract import Extractor
from jobs.skills.keep import (
    FEATURES,
    PRIOR_FEATURES,
    candidate_key,
    candidate_words,
    prior_features,
)
from jobs.skills.requirements import SkillMention
from jobs.skills.taxonomy import load_taxonomy
from tools.evaluate_skills import (
    GOLD_DIR,
    SHARED_DATA,
    SetScore,
    _distinct,
    _largest_matching,
    connector_postings,
    labels_match,
    load_gold_dir,
    shared_postings,
)

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "jobs" / "skills" / "skill_keep.json"


class Candidates:
    """Every tuning posting's merged skill candidates: (label, words) pairs, features, gold."""

    def __init__(self) -> None:
        self.postings: list[str] = []
        self.ours: list[bool] = []  # the posting's text is in the repo (fit on these only)
        self.styles: list[str] = []
        self.pairs: list[list[tuple[str, str]]] = []
        self.features: list[np.ndarray] = []
        self.gold: list[list[str]] = []
        self.labels: list[np.ndarray] = []
        self.mentions: list[list[SkillMention]] = []
        # Per posting: which candidate matches which distinct gold label, and which other
        # candidates' labels name the same skill (the harness counts those once when unmatched).
        self.matches: list[np.ndarray] = []
        self.repeats: list[list[list[int]]] = []


def posting_inputs(items: list[Any], postings: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The extractor's input rows for gold items, in their order."""
    return [
        {"id": g.id, "title": postings[g.id].get("title"), "text": postings[g.id]["text"]}
        for g in items
    ]


def candidates_of(
    extractor: Extractor, inputs: list[dict[str, Any]]
) -> dict[str | None, tuple[list[SkillMention], list[list[float]]]]:
    """Run ``extractor`` over ``inputs`` and return each posting's merged candidates with their
    keep features, as ``Extractor.on_candidates`` hands them over."""
    seen: dict[str | None, tuple[list[SkillMention], list[list[float]]]] = {}

    def record(
        posting: str | None, mentions: list[SkillMention], values: list[list[float]]
    ) -> None:
        seen[posting] = (list(mentions), values)

    extractor.on_candidates = record
    try:
        for _ in extractor.extract_many(inputs):
            pass
    finally:
        extractor.on_candidates = None
    return seen


def collect(data: Path | None, gold_dir: Path) -> Candidates:
    """Extract the tuning postings with the keep model off and record their candidates: those
    whose text is in the gold folder (ours), and those in ``data`` when given (figures only)."""
    gold, ours = load_gold_dir(gold_dir)
    postings = dict(ours)
    if data is not None and data.is_dir():
        postings = {**connector_postings(data / "connectors"), **shared_postings(data), **ours}
    tuning = [g for g in gold if g.split == "tuning" and g.id in postings]
    extractor = Extractor(load_taxonomy())
    extractor.keep_model = None
    seen = candidates_of(extractor, posting_inputs(tuning, postings))
    found = Candidates()
    for item in tuning:
        mentions, values = seen.get(item.id, ([], []))
        found.postings.append(item.id)
        found.ours.append(item.id in ours)
        found.styles.append(item.style)
        found.pairs.append([(m.label, m.text) for m in mentions])
        found.mentions.append(mentions)
        found.features.append(np.array(values, dtype=float).reshape(len(values), len(FEATURES)))
        found.gold.append(list(item.skills))
        found.labels.append(
            np.array(
                [
                    any(labels_match(m.label, g) or labels_match(m.text, g) for g in item.skills)
                    for m in mentions
                ],
                dtype=float,
            )
        )
    for pairs, labels in zip(found.pairs, found.gold, strict=True):
        distinct = _distinct(labels)
        found.matches.append(
            np.array(
                [
                    [labels_match(label, g) or labels_match(words, g) for g in distinct]
                    for label, words in pairs
                ],
                dtype=bool,
            ).reshape(len(pairs), len(distinct))
        )
        found.repeats.append(
            [
                [j for j in range(len(pairs)) if j != i and labels_match(pairs[i][0], pairs[j][0])]
                for i in range(len(pairs))
            ]
        )
    return found


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Logistic regression weights and bias on standardised ``x`` (Newton steps, L2 on weights)."""
    rows, columns = x.shape
    design = np.hstack([x, np.ones((rows, 1))])
    theta = np.zeros(columns + 1)
    penalty = np.full(columns + 1, l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ theta, -30, 30)))
        gradient = design.T @ (p - y) + penalty * theta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and scales (1 where a column is constant)."""
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales < 1e-9] = 1.0
    return means, scales


def probabilities(
    x: np.ndarray, weights: np.ndarray, bias: float, means: np.ndarray, scales: np.ndarray
) -> np.ndarray:
    """Keep probabilities of the rows of ``x``."""
    z = ((x - means) / scales) @ weights + bias
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def score_at(
    found: Candidates, probs: list[np.ndarray], threshold: float, rows: list[int]
) -> SetScore:
    """Skills P/R/F1 of the postings ``rows`` keeping candidates with probability ≥ threshold,
    counted as the harness counts them (``evaluate_skills.match_sets``)."""
    score = SetScore()
    for index in rows:
        matches = found.matches[index]
        labels = [label for label, _ in found.pairs[index]]
        kept: list[int] = []
        for i, p in enumerate(probs[index]):
            if p >= threshold and labels[i] not in {labels[j] for j in kept}:
                kept.append(i)
        owner = _largest_matching(
            [np.flatnonzero(matches[i]).tolist() for i in kept], matches.shape[1]
        )
        matched = {kept[p] for p in owner if p is not None}
        counted: list[int] = []
        for i in kept:
            if i not in matched and not any(
                j in matched or j in counted for j in found.repeats[index][i]
            ):
                counted.append(i)
        score.true_positives += len(matched)
        score.predicted += len(matched) + len(counted)
        score.gold += matches.shape[1]
    return score


def folds_of(count: int, folds: int, seed: int) -> list[list[int]]:
    """Posting indexes split into ``folds`` seeded random folds."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [sorted(order[k::folds]) for k in range(folds)]


# Up to .99: with --keep-precision the threshold that matches the rules' precision may be high
# (a grid that stopped at .80 returned .80 even when it was less precise than the rules).
_THRESHOLDS = [round(t * 0.01, 2) for t in range(0, 100)]


def odds_tables(
    found: Candidates, rows: list[int], smoothing: float = 2.0, least: int = 2
) -> tuple[dict[str, float], dict[str, float]]:
    """Smoothed log-odds, against the overall rate, that a candidate with a key (or a word) is
    matched by a gold label, over the postings ``rows``; keys and words seen fewer than
    ``least`` times are left out (they count as 0)."""
    keys: dict[str, list[float]] = {}
    words: dict[str, list[float]] = {}
    for i in rows:
        for mention, label in zip(found.mentions[i], found.labels[i], strict=True):
            keys.setdefault(candidate_key(mention), []).append(label)
            for word in candidate_words(mention):
                words.setdefault(word, []).append(label)
    every = [label for i in rows for label in found.labels[i]]
    base = min(max(float(np.mean(every)) if every else 0.5, 0.01), 0.99)

    def log_odds(table: dict[str, list[float]]) -> dict[str, float]:
        odds = {}
        for name, seen in table.items():
            if len(seen) >= least:
                hits = sum(seen) + smoothing * base
                misses = len(seen) - sum(seen) + smoothing * (1 - base)
                odds[name] = round(float(np.log(hits / misses) - np.log(base / (1 - base))), 4)
        return odds

    return log_odds(keys), log_odds(words)


Tables = tuple[dict[str, float], dict[str, float]]


def with_priors(found: Candidates, rows: list[int], tables: Tables | None) -> list[np.ndarray]:
    """The feature rows of ``rows`` with the prior features from ``tables`` appended (none
    when ``tables`` is None: the structural features alone)."""
    if tables is None:
        return [found.features[i] for i in rows]
    return [
        np.hstack(
            [
                found.features[i],
                np.array(
                    [prior_features(m, *tables) for m in found.mentions[i]], dtype=float
                ).reshape(len(found.mentions[i]), len(PRIOR_FEATURES)),
            ]
        )
        for i in rows
    ]


def out_of_fold_priors(
    found: Candidates, rows: list[int], folds: int, seed: int, priors: bool
) -> dict[int, np.ndarray]:
    """Feature rows of ``rows`` whose prior features come from the other folds of ``rows`` only
    (a posting's own labels never inform its priors)."""
    if not priors:
        return {i: found.features[i] for i in rows}
    result: dict[int, np.ndarray] = {}
    for part in folds_of(len(rows), folds, seed):
        inner = [rows[k] for k in part]
        held = set(inner)
        tables = odds_tables(found, [i for i in rows if i not in held])
        for i, x in zip(inner, with_priors(found, inner, tables), strict=True):
            result[i] = x
    return result


def fit_rows(
    found: Candidates, rows: list[int], folds: int, seed: int, l2: float, priors: bool
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weights, bias, means and scales fitted on the postings ``rows``."""
    features = out_of_fold_priors(found, rows, folds, seed, priors)
    x = np.vstack([features[i] for i in rows])
    y = np.concatenate([found.labels[i] for i in rows])
    means, scales = standardise(x)
    weights, bias = fit((x - means) / scales, y, l2)
    return weights, bias, means, scales


def cross_validate(
    found: Candidates, rows: list[int], folds: int, seed: int, l2: float, priors: bool
) -> tuple[list[np.ndarray], list[list[int]]]:
    """Out-of-fold keep probabilities of the candidates of ``rows`` (empty for other postings),
    and the folds of ``rows``."""
    parts = [[rows[k] for k in part] for part in folds_of(len(rows), folds, seed)]
    probs: list[np.ndarray] = [np.zeros(0)] * len(found.postings)
    for part in parts:
        held = set(part)
        train = [i for i in rows if i not in held]
        weights, bias, means, scales = fit_rows(found, train, folds, seed + 1, l2, priors)
        tables = odds_tables(found, train) if priors else None
        for i, x in zip(part, with_priors(found, part, tables), strict=True):
            probs[i] = probabilities(x, weights, bias, means, scales)
    return probs, parts


def best_threshold(
    found: Candidates, probs: list[np.ndarray], rows: list[int], least_precision: float
) -> float:
    """The threshold with the best skills F1 over ``rows`` among those whose precision is at
    least ``least_precision`` (the lowest among ties; the highest threshold when none is)."""
    scores = {t: score_at(found, probs, t, rows) for t in _THRESHOLDS}
    allowed = [t for t in _THRESHOLDS if scores[t].precision >= least_precision]
    if not allowed:
        return _THRESHOLDS[-1]
    return max(allowed, key=lambda t: (round(scores[t].f1, 4), -t))


def rules_only(found: Candidates) -> list[np.ndarray]:
    """Probability 1 for the candidates the rules keep without the model, 0 for the relaxed."""
    column = FEATURES.index("source_relaxed")
    return [1.0 - x[:, column] if len(x) else np.zeros(0) for x in found.features]


class Variant:
    """One way of keeping candidates: its probabilities for every tuning posting (out-of-fold
    for the training postings, the final weights' for the rest), threshold and final weights."""

    def __init__(self, name: str, probs: list[np.ndarray], threshold: float) -> None:
        self.name = name
        self.probs = probs
        self.threshold = threshold
        self.folds = SetScore()  # each fold at the threshold chosen on the other folds
        self.weights = np.zeros(0)
        self.bias = 0.0
        self.means = np.zeros(0)
        self.scales = np.zeros(0)
        self.tables: Tables | None = None


def _add(total: SetScore, score: SetScore) -> None:
    total.predicted += score.predicted
    total.true_positives += score.true_positives
    total.gold += score.gold


def fit_variant(
    found: Candidates, train: list[int], args: argparse.Namespace, priors: bool
) -> Variant:
    """Cross-validate and fit the model on the postings ``train``, with or without the tables."""
    probs, parts = cross_validate(found, train, args.folds, args.seed, args.l2, priors)
    rules = rules_only(found)

    def least(rows: list[int]) -> float:
        return score_at(found, rules, 0.5, rows).precision if args.keep_precision else 0.0

    variant = Variant("with word tables" if priors else "structural only", probs, 0.0)
    for part in parts:
        others = [i for i in train if i not in set(part)]
        threshold = best_threshold(found, probs, others, least(others))
        _add(variant.folds, score_at(found, probs, threshold, part))
    variant.threshold = best_threshold(found, probs, train, least(train))
    fitted = fit_rows(found, train, args.folds, args.seed + 1, args.l2, priors)
    variant.weights, variant.bias, variant.means, variant.scales = fitted
    variant.tables = odds_tables(found, train) if priors else None
    rest = [i for i in range(len(found.postings)) if i not in set(train)]
    for i, x in zip(rest, with_priors(found, rest, variant.tables), strict=True):
        probs[i] = probabilities(x, *fitted)
    return variant


def _figures(score: SetScore) -> str:
    return f"P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}"


def _report(found: Candidates, name: str, probs: list[np.ndarray], threshold: float) -> None:
    every = list(range(len(found.postings)))
    ours = [i for i in every if found.ours[i]]
    others = [i for i in every if not found.ours[i]]
    print(f"  {name}, threshold {threshold:.2f}")
    print(f"    ours ({len(ours)}):        {_figures(score_at(found, probs, threshold, ours))}")
    if others:
        print(
            f"    others ({len(others)}):     {_figures(score_at(found, probs, threshold, others))}"
        )
        print(
            f"    all tuning ({len(every)}): {_figures(score_at(found, probs, threshold, every))}"
        )
        for style in sorted(set(found.styles)):
            rows = [i for i in every if found.styles[i] == style]
            score = score_at(found, probs, threshold, rows)
            print(f"      {style:9} ({len(rows):3}) {_figures(score)}")


def main(argv: list[str] | None = None) -> int:
    """Print the variants' figures; with --write, save the chosen one fitted on our postings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="read for figures only")
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument(
        "--keep-precision",
        action="store_true",
        help="choose the threshold among those at least as precise as the rules alone",
    )
    parser.add_argument(
        "--no-priors", action="store_true", help="write the model without the word tables"
    )
    parser.add_argument(
        "--all-tuning",
        action="store_true",
        help="fit on every tuning row, ../shared/data texts included (figures only, no --write)",
    )
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS.name}")
    args = parser.parse_args(argv)
    started, cpu = time.perf_counter(), time.process_time()
    if args.all_tuning and args.write:
        parser.error("--all-tuning fits on texts that are not ours: it cannot --write")
    found = collect(args.data, args.gold_dir)
    every = list(range(len(found.postings)))
    train = every if args.all_tuning else [i for i in every if found.ours[i]]
    print(
        f"tuning postings {len(found.postings)} ({sum(found.ours)} ours),"
        f" candidates {sum(len(p) for p in found.pairs)};"
        f" fitted on {'every tuning posting' if args.all_tuning else 'ours'} ({len(train)})"
    )
    ones = [np.ones(len(p)) for p in found.pairs]
    _report(found, "(all) every candidate", ones, 0.0)
    _report(found, "(c) the rules alone", rules_only(found), 0.5)
    chosen = None
    for label, priors in (("(a)", True), ("(b)", False)):
        variant = fit_variant(found, train, args, priors)
        print(f"  {label} {variant.name}: {args.folds}-fold CV, fold thresholds:"
              f" {_figures(variant.folds)}")  # fmt: skip
        _report(found, f"{label} {variant.name} (training rows out-of-fold)", variant.probs,
                variant.threshold)  # fmt: skip
        if priors != args.no_priors:
            chosen = variant
    assert chosen is not None
    names = FEATURES + (PRIOR_FEATURES if chosen.tables is not None else ())
    for name, weight in sorted(zip(names, chosen.weights, strict=True), key=lambda p: -abs(p[1])):
        print(f"    {name:26} {weight:+.3f}")
    if args.write:
        model: dict[str, Any] = {
            "features": list(names),
            "weights": [round(float(w), 5) for w in chosen.weights],
            "bias": round(chosen.bias, 5),
            "threshold": chosen.threshold,
            "means": [round(float(m), 6) for m in chosen.means],
            "scales": [round(float(s), 6) for s in chosen.scales],
        }
        if chosen.tables is not None:
            model["key_odds"] = dict(sorted(chosen.tables[0].items()))
            model["word_odds"] = dict(sorted(chosen.tables[1].items()))
        model["fitted_on"] = (
            f"gold tuning postings whose text is in the repo ({len(train)},"
            " tests/data/skills_gold/postings-*.jsonl); no text from ../shared/data"
        )
        model["cross_validation"] = f"{args.folds} folds, seed {args.seed}, l2 {args.l2}" + (
            ", precision kept" if args.keep_precision else ""
        )
        WEIGHTS.write_text(json.dumps(model, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS}")
    print(
        f"took {time.perf_counter() - started:.0f} s"
        f" ({time.process_time() - cpu:.0f} s CPU; the extractor's run is most of it)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

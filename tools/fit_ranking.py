"""How often the ranker puts our judgement set's pairs in the specialist's order, and the score
weights fitted to the tuning part (RANKING.md).

    python -m tools.fit_ranking                 # accuracy of the current weights on both parts
    python -m tools.fit_ranking --fit           # search the weights on tuning/, report both parts
    python -m tools.fit_ranking --misses        # list the pairs that come out the wrong way

Only the weights that combine the components are fitted (skills, title, transit, pay, schedule,
fair_chance, fit_share, fit_floor, entry_level_fit, fit_cap); the search is seeded and prints the
result as ``JOBS_SCORE_*`` settings, to commit as the ``ScoreWeights`` defaults. Held-out pairs
are never looked at while searching. A development tool: it lives outside the ``jobs`` package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import msgspec
import numpy as np

from jobs.matching import rank
from jobs.matching.inputs import Requirements
from jobs.matching.rank import MatchResult, PostingBook
from jobs.matching.reasons import TIER_RANK
from jobs.matching.score import ScoreWeights, combine, fit_points, logistics_points
from jobs.skills.extract import PostingInput, shipped_extractor
from jobs.skills.linking import concept_index
from tools.ranking_set import RANKING_DATA, Scenario, load

TODAY = dt.date(2026, 12, 1)  # a fixed day, so WOTC windows and the like do not drift
FITTED = (
    "skills", "title", "transit", "pay", "schedule", "fair_chance",
    "fit_share", "fit_floor", "entry_level_fit", "fit_cap",
)  # fmt: skip
# Where the search starts: the hand-set weights written before the judgement set existed, so
# that the same seed always gives the same committed weights.
START = {
    "skills": 0.30, "title": 0.15, "transit": 0.20, "pay": 0.15, "schedule": 0.10,
    "fair_chance": 0.10, "fit_share": 0.5, "fit_floor": 0.3, "entry_level_fit": 70.0,
    "fit_cap": 100.0,
}  # fmt: skip
_RANGES = {
    "fit_share": (0.0, 0.95),
    "fit_floor": (0.0, 1.0),
    "entry_level_fit": (30.0, 95.0),
    "fit_cap": (50.0, 100.0),
}


class Pair(msgspec.Struct, frozen=True):
    """One judgement and where the ranker put it."""

    scenario: str
    better: str
    worse: str
    why: str
    held: bool
    cross_tier: bool


class Prepared:
    """One scenario read once: extracted postings and ranked results with their components, so
    that other combining weights can be tried without ranking again."""

    def __init__(self, scenario: Scenario, weights: ScoreWeights) -> None:
        extractor = shipped_extractor()
        taxonomy = extractor.taxonomy
        inputs = [PostingInput(text=p.text, title=p.title, id=p.id) for p in scenario.postings]
        requirements = {
            found.id or "": msgspec.convert(msgspec.to_builtins(found), Requirements)
            for found in extractor.extract_many(inputs)
        }
        soc = {}
        for posting in scenario.postings:
            title = taxonomy.find_title(posting.title)
            soc[posting.id] = title.soc if title else None

        skill_ids = concept_index(taxonomy).term_ids

        def title_soc(term: str) -> str | None:
            found = taxonomy.find_title(term)
            return found.soc if found else None

        self.scenario = scenario
        self.book = PostingBook(scenario.facts(requirements, soc))
        self.results: list[MatchResult] = rank(
            scenario.person(),
            self.book,
            scenario.reaches(),
            TODAY,
            weights=weights,
            all_tiers=True,
            skill_ids=skill_ids,
            title_soc=title_soc,
        )
        at = {r.posting_id: i for i, r in enumerate(self.results)}
        # What the score is made of, per result, for re-scoring with other weights.
        self.tiers = np.asarray([TIER_RANK[r.tier] for r in self.results])
        components = np.asarray(
            [msgspec.structs.astuple(r.components) for r in self.results], dtype=float
        ).reshape(-1, 6)
        self.components = components
        book = self.book
        open_to_all = book.entry_level | ~book.asks
        self.open_to_all = np.asarray([open_to_all[book.index[r.posting_id]] for r in self.results])
        base = self.rescore(weights)
        self.offset = np.asarray([r.score for r in self.results]) - base  # bonuses, penalties
        self.at = at

    def rescore(self, w: ScoreWeights) -> np.ndarray:
        """Scores before bonuses under other combining weights."""
        c = self.components
        fit, _ = fit_points(c[:, 0], c[:, 1], self.open_to_all, w)
        return combine(fit, logistics_points(c[:, 2], c[:, 3], c[:, 4], c[:, 5], w), w)

    def pairs(self, w: ScoreWeights | None = None) -> list[Pair]:
        """Each judgement, held when `better` comes first (tier, then score)."""
        if w is None:
            scores = np.asarray([r.score for r in self.results])
        else:
            scores = np.clip(self.rescore(w) + self.offset, 0.0, 100.0)
        found = []
        for j in self.scenario.judgements:
            b, x = self.at[j.better], self.at[j.worse]
            key_b, key_x = (self.tiers[b], -scores[b]), (self.tiers[x], -scores[x])
            found.append(
                Pair(
                    scenario=self.scenario.id,
                    better=j.better,
                    worse=j.worse,
                    why=j.why,
                    held=bool(key_b < key_x),
                    cross_tier=bool(self.tiers[b] != self.tiers[x]),
                )
            )
        return found


def prepare(folder: Path, weights: ScoreWeights | None = None) -> list[Prepared]:
    """Every scenario of a folder, extracted and ranked once."""
    return [Prepared(s, weights or ScoreWeights()) for s in load(folder)]


def accuracy(prepared: Sequence[Prepared], w: ScoreWeights | None = None) -> tuple[int, int]:
    """Pairs held and pairs judged."""
    pairs = [pair for p in prepared for pair in p.pairs(w)]
    return sum(pair.held for pair in pairs), len(pairs)


def _margin(prepared: Sequence[Prepared], w: ScoreWeights) -> float:
    """Pairs held, with a small smooth bonus for wider margins (breaks ties between weights)."""
    total = 0.0
    for p in prepared:
        scores = p.rescore(w) + p.offset
        for j in p.scenario.judgements:
            b, x = p.at[j.better], p.at[j.worse]
            if p.tiers[b] != p.tiers[x]:
                total += 1.0 if p.tiers[b] < p.tiers[x] else 0.0
                continue
            gap = scores[b] - scores[x]
            total += (1.0 if gap > 0 else 0.0) + 0.01 * float(np.tanh(gap / 5.0))
    return total


def fit(prepared: Sequence[Prepared], start: ScoreWeights, seed: int, rounds: int) -> ScoreWeights:
    """Seeded search: random restarts, then coordinate steps, on the tuning pairs only."""
    rng = random.Random(seed)

    def draw(name: str) -> float:
        low, high = _RANGES.get(name, (0.0, 1.0))
        return round(rng.uniform(low, high), 3)

    best, best_value = start, _margin(prepared, start)
    for _ in range(rounds):
        trial = msgspec.structs.replace(best, **{n: draw(n) for n in FITTED})
        value = _margin(prepared, trial)
        if value > best_value:
            best, best_value = trial, value
    for step in (0.2, 0.1, 0.05, 0.02):
        improved = True
        while improved:
            improved = False
            for name in FITTED:
                low, high = _RANGES.get(name, (0.0, 1.0))
                scale = high - low
                for sign in (1, -1):
                    value_now = getattr(best, name) + sign * step * scale
                    value_now = round(min(high, max(low, value_now)), 3)
                    trial = msgspec.structs.replace(best, **{name: value_now})
                    value = _margin(prepared, trial)
                    if value > best_value + 1e-9:
                        best, best_value, improved = trial, value, True
    return best


def _report(name: str, prepared: Sequence[Prepared], w: ScoreWeights | None) -> None:
    held, total = accuracy(prepared, w)
    cross = sum(pair.cross_tier for p in prepared for pair in p.pairs(w))
    share = held / total if total else 0.0
    print(f"{name}: {held}/{total} pairs in the specialist's order ({share:.1%});", end=" ")
    print(f"{cross} across tiers")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fit_ranking")
    parser.add_argument("--data", type=Path, default=RANKING_DATA)
    parser.add_argument("--fit", action="store_true", help="search the weights on tuning/")
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument(
        "--misses", action="store_true", help="list the tuning pairs that come out out of order"
    )
    parser.add_argument("--show", metavar="SCENARIO", help="print one tuning scenario's ranking")
    args = parser.parse_args(argv)
    start = ScoreWeights()
    try:
        tuning = prepare(args.data / "tuning", start)
        heldout = prepare(args.data / "heldout", start)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    print("current weights")
    _report("  tuning", tuning, None)
    _report("  held-out", heldout, None)
    chosen: ScoreWeights | None = None
    if args.fit:
        chosen = fit(tuning, msgspec.structs.replace(start, **START), args.seed, args.rounds)
        print(f"fitted on tuning (seed {args.seed}, {args.rounds} random rounds)")
        _report("  tuning", tuning, chosen)
        _report("  held-out", heldout, chosen)
        for name in FITTED:
            print(f"  JOBS_SCORE_{name.upper()}={getattr(chosen, name)}")
    # Only the tuning part is ever shown pair by pair: the held-out part stays a blind test.
    if args.misses:
        for p in tuning:
            for pair in p.pairs(chosen):
                if not pair.held:
                    print(f"  miss {pair.scenario}: {pair.better} > {pair.worse}: {pair.why}")
    for p in tuning if args.show else ():
        if p.scenario.id == args.show:
            _show(p)
    return 0


def _show(p: Prepared) -> None:
    for r in p.results:
        c = r.components
        parts = f"sk {c.skills:3.0f} ti {c.title:3.0f} tr {c.transit:3.0f} pay {c.pay:3.0f}"
        parts += f" sch {c.schedule:3.0f} fc {c.fair_chance:3.0f}"
        print(f"{r.posting_id:3} {r.tier:14} {r.score:5.1f} {r.fit_band:15} {parts} {r.title}")
        for reason in r.reasons[:4]:
            print(f"      {reason.code}: {reason.text}")


if __name__ == "__main__":
    sys.exit(main())

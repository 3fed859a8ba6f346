"""Our judgement set (tests/data/ranking/, RANKING.md): the ranker puts at least 97% of the pairs in
the specialist's order, on the held-out part it was never fitted to as on the tuning part."""

from __future__ import annotations

import pytest

from tools.fit_ranking import accuracy, prepare
from tools.ranking_set import RANKING_DATA, load


@pytest.fixture(scope="module")
def parts():
    return {part: prepare(RANKING_DATA / part) for part in ("tuning", "heldout")}


def test_the_set_is_large_and_split_once():
    tuning = {s.id for s in load(RANKING_DATA / "tuning")}
    heldout = {s.id for s in load(RANKING_DATA / "heldout")}
    assert not tuning & heldout
    pairs = sum(len(s.judgements) for part in ("tuning", "heldout")
                for s in load(RANKING_DATA / part))  # fmt: skip
    assert pairs >= 300


@pytest.mark.parametrize("part", ["heldout", "tuning"])
def test_pairs_come_out_in_the_specialist_s_order(parts, part):
    held, total = accuracy(parts[part])
    assert held / total >= 0.97, f"{part}: {held}/{total}"


def test_every_scenario_ranks_with_a_fit_band_first_for_eligible_jobs(parts):
    for prepared in parts["tuning"]:
        for result in prepared.results:
            if result.tier == "eligible":
                assert result.reasons[0].code == result.fit_band

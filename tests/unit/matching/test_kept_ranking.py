"""The kept part of a whole ranking (``rank_kept``): the best N of each tier and the postings named
in ``also`` are exactly those of the full ranking (``rank(..., all_tiers=True)``), result for
result and in its order, and the counts (postings per tier, postings per reason code of a tier a
rule sets) are the full ranking's."""

from __future__ import annotations

import random
from collections import Counter

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching import PostingBook, rank
from jobs.matching.rank import COUNTED_TIERS, rank_kept, summarise
from jobs.matching.reasons import TIERS
from tests.unit.matching.builders import TODAY, person, posting, reach
from tests.unit.matching.test_batch import PEOPLE, random_postings
from tests.unit.matching.test_commute_pruning import situations

# Supervision and records that bring every family of rules in: curfew and appointments (one with
# a place, so the site changes the schedule), a registrant (site distances, a site not given),
# a restricted area, an occupational restriction.
STRICT = [
    {"supervision": {"agency": "missouri_pp", "approved_states": ["MO"],
                     "approved_counties": ["Jackson"],
                     "curfew": {"start": "22:00", "end": "06:00"},
                     "conditions": ["no_alcohol_venues", "occupational_restriction"],
                     "restricted_occupations": ["bartender", "cashier"],
                     "obligations": [{"label": "group", "days": ["thu", "sat"], "start": "17:00",
                                      "end": "19:00", "lat": 39.10, "lon": -94.58}]},
     "record": {"felony": True, "offense_categories": ["theft_fraud"]}},
    {"supervision": {"agency": "federal", "curfew": {"start": "21:00", "end": "05:00"},
                     "conditions": ["no_minors"],
                     "restricted_sites": [{"label": "x", "lat": 39.09, "lon": -94.58,
                                           "radius_m": 3000}]},
     "record": {"felony": True, "offense_categories": ["sex"], "registrant": True}},
    {"record": {"felony": True, "offense_categories": ["violent", "weapons"]}},
]  # fmt: skip


def full_counts(results) -> dict[str, dict[str, int]]:
    """Per tier a rule sets, postings per reason code of that tier, from full results."""
    out: dict[str, Counter[str]] = {tier: Counter() for tier in COUNTED_TIERS}
    for result in results:
        if result.tier in out:
            out[result.tier].update({r.code for r in result.reasons if r.tier == result.tier})
    return {tier: dict(found) for tier, found in out.items()}


def check(who, postings, reaches, keep: int, also: list[str]) -> None:
    book = PostingBook(postings)
    full = rank(who, book, reaches, TODAY, all_tiers=True, prune=False)
    assert full == rank(who, book, reaches, TODAY, all_tiers=True)  # pruning changes nothing
    for prune in (True, False):
        kept = rank_kept(who, book, reaches, TODAY, keep, also, prune=prune)
        seen: Counter[str] = Counter()
        expected = []
        for result in full:
            seen[result.tier] += 1
            if seen[result.tier] <= keep or result.posting_id in also:
                expected.append(result)
        assert kept.results == expected  # ids, tiers, order, scores, components, reasons
        assert {t: s.postings for t, s in kept.tiers.items()} == {t: seen[t] for t in TIERS}
        assert {t: kept.tiers[t].reasons for t in COUNTED_TIERS} == full_counts(full)
        assert kept.tiers["eligible"].reasons == {}
        whole = summarise(full)  # what the service sums up when it ranked everything
        assert {t: (s.postings, s.reasons) for t, s in whole.items()} == {
            t: (s.postings, s.reasons) for t, s in kept.tiers.items()
        }
        for tier, summary in kept.tiers.items():
            assert set(summary.words) == set(summary.reasons)
            for code, text in summary.words.items():  # a sentence one of them carries
                assert any(r.code == code and r.text == text for x in full for r in x.reasons), (
                    tier,
                    code,
                )


@st.composite
def cases(draw):
    who, jobs, reaches, _, _ = draw(situations())
    strict = draw(st.sampled_from([None, *STRICT]))
    if strict is not None:
        home = {"lat": who.home.lat, "lon": who.home.lon}
        who = person(home=home, max_commute_minutes=who.max_commute_minutes, **strict)
    keep = draw(st.integers(0, 6))
    also = draw(st.lists(st.sampled_from([j.id for j in jobs] + ["gone"]), max_size=4))
    return who, jobs, reaches, keep, also


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_kept_are_the_first_n_of_each_tier_and_the_counts_are_the_whole_rankings(case):
    who, jobs, reaches, keep, also = case
    check(who, jobs, reaches, keep, also)


@pytest.mark.parametrize("who", range(len(PEOPLE)))
def test_kept_and_counts_on_many_postings_sharing_sites_and_shifts(who):
    rng = random.Random(who)
    postings = random_postings(rng, 300)
    postings += [msgspec.structs.replace(p, id=f"U{i}", locations=[]) for i, p in
                 enumerate(postings[:10])]  # fmt: skip
    reaches = {
        p.id: reach(rng.uniform(5, 120), home=rng.random() < 0.8) for p in rng.sample(postings, 150)
    }
    check(PEOPLE[who], postings, reaches, 7, [postings[-1].id, postings[5].id])


def test_keep_cannot_be_negative():
    with pytest.raises(ValueError, match="keep must be 0 or more"):
        rank_kept(person(), [posting()], {}, TODAY, -1)

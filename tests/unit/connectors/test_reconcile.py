"""The sync decision: creates, updates, unchanged, closes, reopens, and the closing rules."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.connectors.posting import Listing, PostingIn, Quarantined, with_hash
from jobs.connectors.reconcile import apply_plan, plan_sync


def job(job_id: str, title: str = "Cook") -> PostingIn:
    return with_hash(PostingIn(source_job_id=job_id, title=title))


def listing(*postings: PostingIn, complete: bool = True, quarantined=()) -> Listing:
    return Listing(postings=list(postings), complete=complete, quarantined=list(quarantined))


def stored(*postings: PostingIn, status: str = "open") -> dict[str, tuple[str, str]]:
    return {p.source_job_id: (p.content_hash, status) for p in postings}


def test_new_changed_unchanged_and_vanished():
    a, b, c, d = job("a"), job("b"), job("c"), job("d")
    before = stored(a, b, c, job("e"))
    plan = plan_sync(before, listing(a, job("b", "Head Cook"), c, d))
    assert [p.source_job_id for p in plan.creates] == ["d"]
    assert [p.source_job_id for p in plan.updates] == ["b"]
    assert plan.unchanged == ["a", "c"]
    assert plan.closes == ["e"] and plan.close_blocked is None
    assert b.content_hash != job("b", "Head Cook").content_hash


def test_a_closed_posting_that_reappears_reopens():
    a = job("a")
    plan = plan_sync(stored(a, status="closed"), listing(a))
    assert [p.source_job_id for p in plan.reopens] == ["a"] and plan.unchanged == []


def test_incomplete_listing_closes_nothing_even_when_allowed():
    before = stored(job("a"), job("b"), job("c"))
    plan = plan_sync(before, listing(job("a"), complete=False), allow_mass_close=True)
    assert plan.closes == [] and sorted(plan.kept_open) == ["b", "c"]
    assert "not read completely" in plan.close_blocked


def test_empty_listing_closes_nothing_unless_confirmed():
    before = stored(job("a"), job("b"))
    plan = plan_sync(before, listing())
    assert plan.closes == [] and "empty" in plan.close_blocked
    confirmed = plan_sync(before, listing(), allow_mass_close=True)
    assert sorted(confirmed.closes) == ["a", "b"]


def test_closing_most_postings_needs_confirmation():
    before = stored(*(job(str(n)) for n in range(10)))
    keep = [job(str(n)) for n in range(4)]  # 6 of 10 vanish: more than half
    plan = plan_sync(before, listing(*keep))
    assert plan.closes == [] and "6 of 10 postings would close" in plan.close_blocked
    assert len(plan_sync(before, listing(*keep), mass_close_ratio=0.7).closes) == 6
    assert len(plan_sync(before, listing(*keep), allow_mass_close=True).closes) == 6


def test_one_vanished_posting_closes():
    before = stored(job("a"), job("b"), job("c"))
    assert plan_sync(before, listing(job("a"), job("b"))).closes == ["c"]


def test_a_quarantined_record_is_still_upstream_and_stays_open():
    before = stored(job("a"), job("b"), job("c"))
    bad = Quarantined(reason="missing title", source_job_id="c", raw={})
    plan = plan_sync(before, listing(job("a"), job("b"), quarantined=[bad]))
    assert plan.closes == [] and plan.kept_open == []


ids = st.sampled_from([str(n) for n in range(8)])
titles = st.sampled_from(["Cook", "Driver", "Clerk"])
postings = st.builds(job, ids, titles)
listings = st.builds(
    lambda ps, complete: Listing(
        postings=list({p.source_job_id: p for p in ps}.values()), complete=complete
    ),
    st.lists(postings, max_size=8),
    st.booleans(),
)
states = st.dictionaries(
    ids, st.tuples(st.sampled_from(["h1", "h2"]), st.sampled_from(["open", "closed"]))
)


@given(states, listings, st.booleans())
def test_applying_the_same_listing_twice_equals_applying_it_once(before, pages, allow):
    once = apply_plan(before, plan_sync(before, pages, allow_mass_close=allow))
    again = plan_sync(once, pages, allow_mass_close=allow)
    assert apply_plan(once, again) == once
    assert again.creates == again.updates == again.reopens == again.closes == []


@given(states, listings)
def test_nothing_is_ever_deleted_and_incomplete_listings_never_close(before, pages):
    after = apply_plan(before, plan_sync(before, pages))
    assert set(before) <= set(after)
    if not pages.complete:
        for key, (_, status) in before.items():
            if status == "open":
                assert after[key][1] == "open"


def test_carried_ids_count_as_listed_and_unchanged_or_reopened():
    a, b, c = job("a"), job("b"), job("c")
    before = {**stored(a, b), **stored(c, status="closed")}
    pages = Listing(postings=[], carried=["a", "c"], complete=True)
    plan = plan_sync(before, pages, mass_close_ratio=0.9)
    assert plan.unchanged == ["a"] and plan.reopen_ids == ["c"] and plan.closes == ["b"]
    assert apply_plan(before, plan)["c"][1] == "open"

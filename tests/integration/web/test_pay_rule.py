"""One pay rule: the review page's lowest-pay filter, ranking and the pages agree on what a
posting pays an hour (jobs.matching.pay)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.matching.rank import rank
from jobs.services.matching import posting_facts
from jobs.services.review import MatchFilters, review_matches
from jobs.services.web_sessions import Viewer
from jobs.store import Match, Posting
from tests.unit.matching.builders import TODAY, person

pytestmark = pytest.mark.anyio

PAYS = {
    "Range Job": (19.0, 22.0, "hour"),  # $19.00-$22.00 an hour
    "Salary Job": (40_000.0, None, "year"),  # $19.23 an hour
    "Monthly Job": (3_000.0, None, "month"),  # $17.31 an hour (2080/12 hours a month)
}
# Around each posting's figures: where the old copies (the top of the range, 173.33 hours a
# month) disagreed with ranking.
MINIMUMS = (17.0, 17.308, 17.31, 19.0, 19.23, 19.231, 19.5, 22.0, 22.5)


async def _add_pay_postings(session, world) -> dict[str, int]:
    source_id = (await session.get(Posting, world.postings["forklift"])).source_id
    ids = {}
    for title, (low, high, unit) in PAYS.items():
        row = Posting(
            source_id=source_id,
            source_job_id=title,
            title=title,
            locations=[],
            workplace="on_site",
            pay_min=low,
            pay_max=high,
            pay_currency="USD",
            pay_unit=unit,
            content_hash=title,
            status="open",
        )
        session.add(row)
        await session.flush()
        session.add(
            Match(participant_id=world.participants["ana"], posting_id=row.id, tier="eligible",
                  score=50.0, components={}, reasons=[], transit={})
        )  # fmt: skip
        ids[title] = row.id
    await session.commit()
    return ids


async def test_review_filter_and_ranking_agree_on_a_range_a_salary_and_a_monthly_wage(
    session, world
):
    ids = await _add_pay_postings(session, world)
    rows = list(await session.scalars(select(Posting).where(Posting.id.in_(ids.values()))))
    facts = [posting_facts(row, None, None, None) for row in rows]
    ours = set(ids.values())
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="spec1")
    for minimum in MINIMUMS:
        ranked = rank(person(min_hourly_wage=minimum), facts, {}, TODAY)
        meets = {
            int(result.posting_id)
            for result in ranked
            for reason in result.reasons
            if reason.code == "pay" and "at or above" in reason.text
        }
        _, sections, _ = await review_matches(
            session, viewer, world.participants["ana"], MatchFilters(min_pay=minimum)
        )
        kept = {view.posting_id for view in sections["eligible"] if view.posting_id in ours}
        assert kept == meets, f"minimum ${minimum}"
    # Counted over every match, shown up to the limit: $17-19, $18-20 and the three above.
    _, sections, counts = await review_matches(
        session, viewer, world.participants["ana"], MatchFilters(min_pay=17.0, limit=1)
    )
    assert (counts["eligible"], len(sections["eligible"])) == (5, 1)


async def test_the_pages_show_the_hourly_figures_ranking_uses(session, world):
    ids = await _add_pay_postings(session, world)
    rows = list(await session.scalars(select(Posting).where(Posting.id.in_(ids.values()))))
    ranked = rank(person(), [posting_facts(row, None, None, None) for row in rows], {}, TODAY)
    said = {
        int(result.posting_id): reason.text
        for result in ranked
        for reason in result.reasons
        if reason.code == "pay"
    }
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="spec1")
    _, sections, _ = await review_matches(
        session, viewer, world.participants["ana"], MatchFilters()
    )
    shown = {view.posting_id: view for view in sections["eligible"] if view.posting_id in said}
    assert len(shown) == 3
    for posting_id, view in shown.items():
        low, high = f"${view.hourly_min:.2f}", f"${view.hourly_max:.2f}"
        figures = low if low == high else f"{low}–{high}"
        assert said[posting_id].startswith(f"Pays {figures}/hr")
    assert (shown[ids["Monthly Job"]].hourly_min, shown[ids["Salary Job"]].hourly_min) == (
        17.31,
        19.23,
    )

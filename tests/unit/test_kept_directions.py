"""A job's directions are planned once per question and planner (services.trip_directions)."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from jobs.services import trip_directions
from jobs.services.commutes import SiteShift
from jobs.services.trip_directions import Directions, planned_directions
from jobs.transit.errors import TransitError

pytestmark = pytest.mark.anyio

HOME = (39.05, -94.55)
SITE = SiteShift(
    posting_id=7, lat=39.1, lon=-94.58, start="07:00", end="15:30", days=("mon",), assumed=False
)
DAY = dt.date(2026, 12, 7)


class FakePlanner:
    """Stands for a planner: only its identity matters to what is kept."""


@pytest.fixture
def asked(monkeypatch):
    """The questions that reached the planner, each answered with its own Directions."""
    questions = []

    def plan(planner, home, site, today, curfew_start=None):
        questions.append((planner, home, site, today, curfew_start))
        if curfew_start == "bad":
            raise TransitError("the feed cannot answer")
        return Directions(trips=[], points=[home, (site.lat, site.lon)])

    monkeypatch.setattr(trip_directions, "plan_directions", plan)
    monkeypatch.setattr(trip_directions, "_planned", type(trip_directions._planned)())
    return questions


async def test_the_same_question_is_planned_once(asked):
    planner = FakePlanner()
    first = await planned_directions(planner, HOME, SITE, DAY, "22:00")
    again = await planned_directions(planner, HOME, SITE, DAY, "22:00")
    assert again is first
    assert len(asked) == 1


@pytest.mark.parametrize(
    "changed",
    [
        {"home": (39.06, -94.55)},
        {"site": msgspec.structs.replace(SITE, end="16:00")},
        {"today": DAY + dt.timedelta(days=1)},
        {"curfew_start": "21:00"},
        {"curfew_start": None},
    ],
)
async def test_any_other_question_is_planned_anew(asked, changed):
    planner = FakePlanner()
    question = {"home": HOME, "site": SITE, "today": DAY, "curfew_start": "22:00"}
    await planned_directions(planner, **question)
    await planned_directions(planner, **{**question, **changed})
    assert len(asked) == 2
    assert asked[1][1:] == tuple({**question, **changed}.values())


async def test_another_planner_plans_for_itself(asked):
    await planned_directions(FakePlanner(), HOME, SITE, DAY, None)
    await planned_directions(FakePlanner(), HOME, SITE, DAY, None)
    assert len(asked) == 2


async def test_an_unanswered_question_is_asked_again(asked):
    planner = FakePlanner()
    assert await planned_directions(planner, HOME, SITE, DAY, "bad") is None
    assert await planned_directions(planner, HOME, SITE, DAY, "bad") is None
    assert len(asked) == 2


async def test_the_least_recently_asked_go_first(asked, monkeypatch):
    monkeypatch.setattr(trip_directions, "PLANNED_KEPT", 2)
    planner = FakePlanner()
    for curfew in ("20:00", "21:00", "20:00", "22:00"):  # 21:00 is now the oldest asked
        await planned_directions(planner, HOME, SITE, DAY, curfew)
    assert len(asked) == 3
    await planned_directions(planner, HOME, SITE, DAY, "20:00")
    assert len(asked) == 3
    await planned_directions(planner, HOME, SITE, DAY, "21:00")
    assert len(asked) == 4

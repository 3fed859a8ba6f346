"""The ranking judgement set: scenarios we write (a person, postings as a board shows them, the
ride to each) and pairwise judgements made by reading them against
``src/jobs/matching/RANKING.md``.

    python -m tools.ranking_set check tests/data/ranking/tuning   # format only: no ranking

One JSON file per scenario, in ``tests/data/ranking/tuning/`` or ``tests/data/ranking/heldout/``:

    {"id": "A01", "about": "...", "participant": {...DESIGN's participant format...},
     "postings": [{"id": "a", "title": "...", "employer": "...", "text": "...",
                   "pay": {"min": 16, "max": 18, "unit": "hour"},
                   "ride": {"minutes": 35, "transfers": 1, "ride_home": true},
                   "remote": false, "policy": {"fair_chance_verified": true}}],
     "judgements": [{"better": "a", "worse": "c", "why": "..."}]}

``ride`` null means no bus gets there in time for the shift.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec

from jobs.matching.inputs import (
    EmployerPolicy,
    PostingFacts,
    PostingPay,
    Reach,
    Requirements,
    TripHome,
    TripToWork,
)
from jobs.participant_format import ParticipantIn, parse_participant

ROOT = Path(__file__).resolve().parents[1]
RANKING_DATA = ROOT / "tests" / "data" / "ranking"


class Ride(msgspec.Struct, forbid_unknown_fields=True):
    """Door-to-door minutes to the shift, transfers, and whether a bus gets the person home."""

    minutes: float
    transfers: int = 0
    ride_home: bool = True


class ScenarioPosting(msgspec.Struct, forbid_unknown_fields=True):
    """A posting as a job board shows it."""

    id: str
    title: str
    text: str
    employer: str = ""
    pay: PostingPay | None = None
    ride: Ride | None = None
    remote: bool = False
    policy: EmployerPolicy = EmployerPolicy()


class Judgement(msgspec.Struct, forbid_unknown_fields=True):
    """`better` should rank above `worse` for this scenario's person, and why."""

    better: str
    worse: str
    why: str


class Scenario(msgspec.Struct, forbid_unknown_fields=True):
    """One person, the postings in front of them and the judgements about their order."""

    id: str
    participant: dict[str, object]
    postings: list[ScenarioPosting]
    judgements: list[Judgement]
    about: str = ""

    def person(self) -> ParticipantIn:
        """The participant in DESIGN's format (validated)."""
        return parse_participant(self.participant)

    def reaches(self) -> dict[str, Reach | None]:
        """Reach per posting id as matching reads it."""
        found: dict[str, Reach | None] = {}
        for posting in self.postings:
            if posting.remote:
                continue
            ride = posting.ride
            if ride is None:
                found[posting.id] = Reach(
                    to_work=TripToWork(reachable=False),
                    home=TripHome(reachable=False),
                    home_after_shift=False,
                )
                continue
            found[posting.id] = Reach(
                to_work=TripToWork(reachable=True, minutes=ride.minutes, transfers=ride.transfers),
                home=TripHome(reachable=ride.ride_home),
                home_after_shift=ride.ride_home,
            )
        return found

    def facts(self, requirements: dict[str, Requirements], soc: dict[str, str | None]) -> list[
        PostingFacts
    ]:
        """The postings as matching sees them, given each one's extracted requirements."""
        return [
            PostingFacts(
                id=p.id,
                title=p.title,
                employer=p.employer,
                policy=p.policy,
                workplace="remote" if p.remote else "on_site",
                pay=p.pay,
                soc=soc.get(p.id),
                requirements=requirements.get(p.id, Requirements()),
            )
            for p in self.postings
        ]


def problems_of(scenario: Scenario) -> list[str]:
    """What is wrong with a scenario's format (empty when it is usable)."""
    problems = []
    try:
        scenario.person()
    except (msgspec.ValidationError, ValueError) as exc:
        problems.append(f"participant: {exc}")
    ids = [p.id for p in scenario.postings]
    if len(set(ids)) != len(ids):
        problems.append("postings: ids repeat")
    for i, judgement in enumerate(scenario.judgements):
        for side in (judgement.better, judgement.worse):
            if side not in ids:
                problems.append(f"judgements[{i}]: no posting {side!r}")
        if judgement.better == judgement.worse:
            problems.append(f"judgements[{i}]: a posting against itself")
        if not judgement.why.strip():
            problems.append(f"judgements[{i}]: say why")
    pairs = [(j.better, j.worse) for j in scenario.judgements]
    if any((worse, better) in pairs for better, worse in pairs):
        problems.append("judgements: a pair is judged both ways")
    return problems


def load(folder: Path) -> Iterator[Scenario]:
    """Every scenario file in `folder`, in name order; raises ValueError naming a bad file."""
    for path in sorted(folder.glob("*.json")):
        try:
            scenario = msgspec.json.decode(path.read_bytes(), type=Scenario)
        except msgspec.DecodeError as exc:
            raise ValueError(f"{path}: {exc}") from None
        problems = problems_of(scenario)
        if problems:
            raise ValueError(f"{path}: " + "; ".join(problems))
        yield scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.ranking_set")
    parser.add_argument("command", choices=["check"])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    total_scenarios = total_pairs = 0
    for folder in args.folders:
        try:
            scenarios = list(load(folder))
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 1
        pairs = sum(len(s.judgements) for s in scenarios)
        print(f"{folder}: {len(scenarios)} scenarios, {pairs} judgements")
        total_scenarios += len(scenarios)
        total_pairs += pairs
    print(f"total: {total_scenarios} scenarios, {total_pairs} judgements")
    return 0


if __name__ == "__main__":
    sys.exit(main())

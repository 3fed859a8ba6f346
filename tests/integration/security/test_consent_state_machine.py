"""Consent as a state machine over grant / revoke / expire / view, with an injected clock:
an employer sees a field exactly when a valid consent names that employer and that field."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import delete, func, select

from jobs.services import consents, referrals
from jobs.services.visibility import REDISCLOSURE_NOTICE, SHAREABLE
from jobs.services.web_sessions import Viewer
from jobs.store import Consent, Disclosure, Referral
from jobs.store.engine import session_factory
from jobs.store.migrate import upgrade
from tests.integration.web.world import build_world
from tests.support.db import engine_for

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
EMPLOYERS = ("riverbend", "northside")
POSTING_OF = {"riverbend": "forklift", "northside": "packer"}
FIELDS = sorted(SHAREABLE)


class ConsentMachine(RuleBasedStateMachine):
    """Grants, revocations and the passing of time, checked against a plain model."""

    loop: asyncio.AbstractEventLoop
    factory: object
    world: object

    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.model: dict[int, tuple[str, frozenset[str], datetime, bool]] = {}
        self.disclosures = 0

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def viewer(self, name: str) -> Viewer:
        world = self.world
        roles = {"spec1": "specialist", "part1": "participant", "emp1": "employer"}
        roles["emp2"] = "employer"
        employer_ids = {"emp1": (world.employers["riverbend"],)}
        employer_ids["emp2"] = (world.employers["northside"],)
        return Viewer(
            user_id=world.users[name],
            role=roles[name],
            email=f"{name}@example.org",
            display_name=name,
            participant_id=world.participants["ana"] if name == "part1" else None,
            employer_ids=employer_ids.get(name, ()),
        )

    @initialize()
    def fresh_referrals(self) -> None:
        """Ana is referred to both employers under consents already withdrawn."""

        async def reset() -> None:
            async with self.factory() as session:
                await session.execute(delete(Referral))
                await session.execute(delete(Disclosure))
                await session.execute(delete(Consent))
                ana = self.world.participants["ana"]
                for employer in EMPLOYERS:
                    spent = Consent(
                        participant_id=ana,
                        employer_id=self.world.employers[employer],
                        fields=list(FIELDS),
                        purpose="referral",
                        granted_at=START - timedelta(days=2),
                        revoked_at=START - timedelta(days=1),
                    )
                    session.add(spent)
                    await session.flush()
                    session.add(
                        Referral(
                            participant_id=ana,
                            posting_id=self.world.postings[POSTING_OF[employer]],
                            employer_id=self.world.employers[employer],
                            consent_id=spent.id,
                        )
                    )
                await session.commit()

        self.run(reset())

    @rule(
        employer=st.sampled_from(EMPLOYERS),
        fields=st.sets(st.sampled_from(FIELDS)),
        days=st.integers(1, 3),
    )
    def grant(self, employer: str, fields: set[str], days: int) -> None:
        async def go() -> int:
            async with self.factory() as session:
                consent = await consents.grant(
                    session,
                    self.viewer("spec1"),
                    self.world.participants["ana"],
                    self.world.employers[employer],
                    sorted(fields),
                    "to apply for a job",
                    days=days,
                    now=self.now,
                )
                await session.commit()
                return consent.id

        consent_id = self.run(go())
        self.model[consent_id] = (
            employer,
            frozenset(fields),
            self.now + timedelta(days=days),
            False,
        )

    @rule(data=st.data(), by=st.sampled_from(["part1", "spec1"]))
    def revoke(self, data: st.DataObject, by: str) -> None:
        if not self.model:
            return
        consent_id = data.draw(st.sampled_from(sorted(self.model)))

        async def go() -> None:
            async with self.factory() as session:
                await consents.revoke(session, self.viewer(by), consent_id, now=self.now)
                await session.commit()

        self.run(go())
        employer, fields, expires, _ = self.model[consent_id]
        self.model[consent_id] = (employer, fields, expires, True)

    @rule(hours=st.integers(1, 60))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    def expected(self, employer: str) -> tuple[bool, set[str]]:
        valid = [
            fields
            for who, fields, expires, revoked in self.model.values()
            if who == employer and not revoked and expires > self.now
        ]
        return bool(valid), set().union(*valid) if valid else set()

    @rule(employer_user=st.sampled_from(["emp1", "emp2"]))
    def employer_views(self, employer_user: str) -> None:
        employer = "riverbend" if employer_user == "emp1" else "northside"

        async def go():
            async with self.factory() as session:
                views = await referrals.candidates(
                    session, self.viewer(employer_user), now=self.now
                )
                await session.commit()
                return views

        views = self.run(go())
        visible, fields = self.expected(employer)
        if not visible:
            assert views == []
            return
        (view,) = views
        assert set(view.shared) == fields
        for field in FIELDS:
            assert (getattr(view, field) is not None) == (field in fields), field
        assert (view.notice == REDISCLOSURE_NOTICE) == ("treatment" in fields)
        self.disclosures += 1

    @invariant()
    def every_view_left_a_disclosure(self) -> None:
        async def count() -> int:
            async with self.factory() as session:
                return await session.scalar(select(func.count()).select_from(Disclosure)) or 0

        assert self.run(count()) == self.disclosures


@pytest.fixture
def machine_world(settings):
    """A migrated database with the small world, on an event loop of the machine's own."""
    loop = asyncio.new_event_loop()
    engine = engine_for(settings)

    async def setup():
        await upgrade(engine)
        async with session_factory(engine)() as session:
            return await build_world(session)

    ConsentMachine.world = loop.run_until_complete(setup())
    ConsentMachine.loop = loop
    ConsentMachine.factory = session_factory(engine)
    yield
    loop.run_until_complete(engine.dispose())
    loop.close()


def test_an_employer_sees_a_field_exactly_when_a_valid_consent_names_it(machine_world):
    ConsentMachine.TestCase.settings = hypothesis_settings(
        max_examples=25,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    ConsentMachine.TestCase().runTest()

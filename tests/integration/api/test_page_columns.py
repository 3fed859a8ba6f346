"""The participant's and the employer's pages read only the columns they show: what those
narrower queries return is what the whole records say, with the same checks and audit rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.errors import PermissionDenied
from jobs.services.employer_postings import employer_postings, own_employer
from jobs.services.my_matches import me, me_at_home
from jobs.services.web_sessions import Viewer
from jobs.store import AuditEvent, HiringRules, Posting, Source

pytestmark = pytest.mark.anyio


def _viewer(world, name: str, role: str, **more) -> Viewer:
    return Viewer(
        user_id=world.users[name], role=role, email=world.email(name), display_name=name, **more
    )


async def _actions(session, participant_id: int) -> list[str]:
    rows = await session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.participant_id == participant_id)
        .order_by(AuditEvent.id)
    )
    return list(rows)


async def test_my_home_is_my_records_id_and_home_checked_and_audited_as_me(session, world):
    ana = world.participants["ana"]
    part1 = _viewer(world, "part1", "participant", participant_id=ana)
    home = await me_at_home(session, part1)
    whole = await me(session, part1)
    assert (home.id, home.home_lat, home.home_lon) == (whole.id, whole.home_lat, whole.home_lon)
    assert home.home_lat is not None
    assert home is not whole and home not in session, "a record of its own, never saved"
    assert await _actions(session, ana) == ["read_own_profile", "read_own_profile"]
    with pytest.raises(PermissionDenied, match="for participants"):
        await me_at_home(session, _viewer(world, "spec1", "specialist"))


async def test_the_dashboards_jobs_are_the_companys_postings_in_order(session, world):
    riverbend = world.employers["riverbend"]
    emp1 = _viewer(world, "emp1", "employer", employer_ids=(riverbend,))
    listed = await employer_postings(session, emp1)
    rows = await session.execute(
        select(Posting, (Source.kind == "portal") & (Source.employer_id == riverbend))
        .join(Source, Source.id == Posting.source_id)
        .where(Posting.employer_id == riverbend)
        .order_by(Posting.status, Posting.first_seen_at.desc(), Posting.id.desc())
    )
    whole = [
        ((p.id, p.title, p.locations, p.pay_min, p.pay_max, p.pay_unit, p.status), bool(here))
        for p, here in rows
    ]
    assert len(whole) == 2
    got = [
        ((j.id, j.title, j.locations, j.pay_min, j.pay_max, j.pay_unit, j.status), here)
        for j, here in listed
    ]
    assert got == whole


async def test_own_employer_reads_the_company_and_its_rules_or_makes_the_rules(session, world):
    riverbend = world.employers["riverbend"]
    emp1 = _viewer(world, "emp1", "employer", employer_ids=(riverbend,))
    employer, rules = await own_employer(session, emp1)
    assert employer.id == rules.employer_id == riverbend
    await session.delete(rules)
    await session.flush()
    session.expunge_all()
    employer, rules = await own_employer(session, emp1)
    assert rules.employer_id == riverbend and rules.record_check == "not_stated"
    assert await session.get(HiringRules, riverbend) is rules

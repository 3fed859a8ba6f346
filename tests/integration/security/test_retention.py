"""Retention purge: participants untouched for seven years are deleted, or anonymised when their
placements must stay counted; one day short of the period keeps them; every purge is audited."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from jobs.cli import main
from jobs.services.retention import purge, years_before
from jobs.settings import RetentionSettings
from jobs.store import (
    AuditEvent,
    CriminalRecord,
    Employer,
    Participant,
    Placement,
    Supervision,
    User,
)

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
CUTOFF = years_before(NOW, 7)


def _person(ref: str, touched: datetime) -> Participant:
    person = Participant(
        external_ref=ref,
        name=f"Person {ref}",
        home_address="12 Main St",
        skills=["forklift"],
        created_at=touched,
        updated_at=touched,
    )
    person.supervision = Supervision(
        conditions=["no_alcohol_venues"], created_at=touched, updated_at=touched
    )
    person.record = CriminalRecord(
        felony=True, offense_categories=["theft"], created_at=touched, updated_at=touched
    )
    return person


async def _world(session) -> dict[str, int]:
    day = timedelta(days=1)
    kept = _person("kept", CUTOFF + day)
    gone = _person("gone", CUTOFF - day)
    placed = _person("placed", CUTOFF - day)
    signed_in = _person("signed-in", CUTOFF - 30 * day)
    employer = Employer(key="acme", name="Acme")
    session.add_all([kept, gone, placed, signed_in, employer])
    await session.flush()
    session.add_all(
        [
            Placement(
                participant_id=placed.id,
                employer_id=employer.id,
                job_title="Packer",
                start_date=date(2018, 5, 1),
                hourly_wage=17.5,
                hours_per_week=40,
                separation_reason="personal story",
                created_at=CUTOFF - day,
                updated_at=CUTOFF - day,
            ),
            User(
                email="gone@example.org",
                role="participant",
                password_hash="x",
                participant_id=gone.id,
                created_at=CUTOFF - day,
                updated_at=CUTOFF - day,
            ),
            User(
                email="signed-in@example.org",
                role="participant",
                password_hash="x",
                participant_id=signed_in.id,
                last_login_at=NOW - 10 * day,
                created_at=CUTOFF - 30 * day,
                updated_at=CUTOFF - 30 * day,
            ),
        ]
    )
    await session.commit()
    return {p.external_ref: p.id for p in (kept, gone, placed, signed_in)}


async def test_purge_at_the_boundary(session):
    ids = await _world(session)
    dry = await purge(session, RetentionSettings(7), now=NOW, dry_run=True)
    assert (dry.deleted, dry.anonymised) == ([ids["gone"]], [ids["placed"]])
    assert await session.scalar(select(func.count()).select_from(Participant)) == 4
    await session.rollback()

    report = await purge(session, RetentionSettings(7), now=NOW)
    await session.commit()
    assert report.cutoff == CUTOFF
    assert (report.deleted, report.anonymised) == ([ids["gone"]], [ids["placed"]])
    refs = set(await session.scalars(select(Participant.external_ref)))
    assert refs == {"kept", "signed-in", f"purged-{ids['placed']}"}
    assert await session.scalar(select(User.id).where(User.email == "gone@example.org")) is None

    anonymous = await session.get(Participant, ids["placed"], populate_existing=True)
    assert anonymous.name == "Removed participant"
    assert (anonymous.home_address, anonymous.skills) == ("", [])
    for table in ("participant_supervision", "participant_records"):
        count = await session.scalar(
            text(f"SELECT count(*) FROM {table} WHERE participant_id = :p"),
            {"p": ids["placed"]},
        )
        assert count == 0
    placement = await session.scalar(select(Placement))
    assert (placement.hourly_wage, placement.start_date) == (17.5, date(2018, 5, 1))
    assert placement.participant_id == ids["placed"] and placement.separation_reason is None

    events = {
        (e.action, e.participant_id)
        for e in await session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("retention.%"))
        )
    }
    assert events == {("retention.delete", ids["gone"]), ("retention.anonymise", ids["placed"])}
    await session.rollback()

    # Anonymised people are not purged again; a day later nothing new is stale.
    again = await purge(session, RetentionSettings(7), now=NOW + timedelta(days=1))
    assert (again.deleted, again.anonymised) == ([], [])


def test_retention_command(cli_env):
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    result = runner.invoke(
        main,
        ["retention", "purge", "--dry-run", "--json"],
        env={**cli_env, "JOBS_RETENTION_YEARS": "3"},
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and report["deleted"] == [] and report["anonymised"] == []
    plain = runner.invoke(main, ["retention", "purge"], env=cli_env)
    assert plain.exit_code == 0 and "delete 0 and anonymise 0 of 0" in plain.output

"""Outcomes through the store: recording hires, checks, separations, exits and returns to
custody; reminders; incentives; the demo outcomes; and the report agreeing across the CLI's JSON,
its CSV and the /reports page."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import select

from jobs.app import create_app
from jobs.cli import main
from jobs.cli.placements import placements
from jobs.cli.report import report
from jobs.cli.runtime import transaction
from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.outcomes import Period
from jobs.runtime import Runtime
from jobs.services.demo_outcomes import load_demo_outcomes
from jobs.services.follow_up import due_checkpoints, incentives, participant_timeline
from jobs.services.outcomes_report import outcomes_report, report_rows
from jobs.services.placements import (
    PlacementIn,
    enroll,
    record_check,
    record_custody,
    record_exit,
    record_placement,
    record_separation,
    set_wotc_authorized_through,
    wotc_policy,
)
from jobs.services.totp import code_at
from jobs.store import (
    CaseloadAssignment,
    Checkpoint,
    CriminalRecord,
    CustodyEvent,
    Employer,
    Participant,
    User,
)
from tests.support.db import query

DEMO_TODAY = "2026-11-28"
PASSWORD = "amber lantern orchard drift"


# Service, on a small hand-built world ----------------------------------------------------------


async def _world(session):
    people = [
        Participant(
            external_ref=f"T-{i}",
            name=f"Person {i}",
            skills=[],
            credentials=[],
            work_history=[],
            desired_titles=[],
            availability=[],
        )
        for i in (1, 2)
    ]
    employer = Employer(key="acme", name="Acme Warehouse")
    mine = User(email="mine@example.org", role="specialist", password_hash="x", display_name="Mine")
    theirs = User(email="theirs@example.org", role="specialist", password_hash="x")
    session.add_all([*people, employer, mine, theirs])
    await session.flush()
    people[0].record = CriminalRecord(
        felony=True, offense_categories=[], release_date=date(2025, 10, 1)
    )
    session.add_all(
        [
            CaseloadAssignment(specialist_id=mine.id, participant_id=people[0].id),
            CaseloadAssignment(specialist_id=theirs.id, participant_id=people[1].id),
        ]
    )
    await session.flush()
    return people, employer, mine, theirs


def _hire(person, employer, start, **changes):
    values = {
        "participant_id": person.id,
        "employer_id": employer.id,
        "job_title": "Warehouse associate",
        "start_date": date.fromisoformat(start),
        "hourly_wage": 17.5,
        "hours_per_week": 40.0,
    }
    return PlacementIn(**{**values, **changes})


@pytest.mark.anyio
async def test_a_hire_gets_its_checks_and_a_separation_on_day_89_misses_90_and_180(session):
    (person, _), employer, _, _ = await _world(session)
    job = await record_placement(session, _hire(person, employer, "2026-01-05"))
    assert {c.kind: c.due_on for c in job.checkpoints} == {
        "30": date(2026, 2, 4),
        "90": date(2026, 4, 5),
        "180": date(2026, 7, 4),
    }
    with pytest.raises(Conflict):
        await record_placement(session, _hire(person, employer, "2026-01-05"))
    thirty = next(c for c in job.checkpoints if c.kind == "30")
    with pytest.raises(InvalidInput, match="not due until 2026-02-04"):
        await record_check(session, thirty.id, "confirmed", today=date(2026, 2, 3))
    await record_check(session, thirty.id, "confirmed", today=date(2026, 2, 4))
    with pytest.raises(InvalidInput, match="say why"):
        await record_separation(session, job.id, date(2026, 4, 4), "quit", "  ")
    await record_separation(session, job.id, date(2026, 4, 4), "quit", "moved to Topeka")
    await session.commit()
    statuses = {
        c.kind: c.status
        for c in await session.scalars(select(Checkpoint).where(Checkpoint.placement_id == job.id))
    }
    assert statuses == {"30": "confirmed", "90": "missed", "180": "missed"}

    again = await record_placement(session, _hire(person, employer, "2026-05-11", hourly_wage=19))
    entries = await participant_timeline(session, person.id, date(2026, 11, 28))
    assert [e.placement_id for e in entries] == [job.id, again.id]
    assert entries[1].after_separation


@pytest.mark.anyio
async def test_bad_hires_say_what_is_wrong(session):
    (person, _), employer, _, _ = await _world(session)
    with pytest.raises(InvalidInput, match="hourly wage"):
        await record_placement(session, _hire(person, employer, "2026-01-05", hourly_wage=-1))
    with pytest.raises(InvalidInput, match="offered_on"):
        await record_placement(
            session, _hire(person, employer, "2026-01-05", offered_on=date(2026, 1, 6))
        )
    with pytest.raises(InvalidInput, match="job title"):
        await record_placement(session, _hire(person, employer, "2026-01-05", job_title=" "))


@pytest.mark.anyio
async def test_reminders_are_for_my_caseload_only_and_skip_ended_jobs(session):
    (me_person, their_person), employer, mine, theirs = await _world(session)
    await record_placement(session, _hire(me_person, employer, "2026-10-20"))  # 30: 11-19
    await record_placement(session, _hire(their_person, employer, "2026-10-20"))
    ended = await record_placement(
        session, _hire(me_person, employer, "2026-08-01", job_title="Picker")
    )
    await record_separation(session, ended.id, date(2026, 8, 20), "laid_off", "slow season")
    await session.commit()
    due = await due_checkpoints(session, mine.id, date(2026, 11, 28))
    assert [(d.participant_ref, d.kind, d.days_overdue) for d in due] == [("T-1", "30", 9)]
    upcoming = await due_checkpoints(session, mine.id, date(2026, 11, 10), within_days=14)
    assert [d.due_on for d in upcoming] == [date(2026, 11, 19)]
    assert await due_checkpoints(session, mine.id, date(2026, 11, 1), within_days=14) == []
    assert len(await due_checkpoints(session, theirs.id, date(2026, 11, 28))) == 1


@pytest.mark.anyio
async def test_an_exit_adds_quarter_checks_to_the_jobs_that_overlap_them(session):
    (person, _), employer, _, _ = await _world(session)
    kept = await record_placement(session, _hire(person, employer, "2026-01-12"))
    left = await record_placement(session, _hire(person, employer, "2026-01-20", job_title="Temp"))
    await record_separation(session, left.id, date(2026, 3, 1), "other", "temp job ended")
    with pytest.raises(NotFound, match="no intake"):
        await record_exit(session, person.id, date(2026, 2, 10))
    await enroll(session, person.id, date(2026, 1, 2))
    await record_exit(session, person.id, date(2026, 2, 10), "completed")
    await session.commit()
    rows = list(await session.scalars(select(Checkpoint).order_by(Checkpoint.id)))
    kinds: dict[int, dict[str, date]] = {}
    for c in rows:
        kinds.setdefault(c.placement_id, {})[c.kind] = c.due_on
    assert kinds[kept.id]["q2"] == date(2026, 9, 30)
    assert kinds[kept.id]["q4"] == date(2027, 3, 31)
    assert "q2" not in kinds[left.id]
    q2 = next(c for c in rows if c.placement_id == kept.id and c.kind == "q2")
    await record_check(session, q2.id, "confirmed", today=date(2026, 10, 2), earnings=9100.0)
    with pytest.raises(InvalidInput, match="earnings"):
        thirty = next(c for c in rows if c.placement_id == kept.id and c.kind == "30")
        await record_check(session, thirty.id, "confirmed", today=date(2026, 10, 2), earnings=1.0)
    await session.commit()
    result = await outcomes_report(
        session, Period(start=date(2026, 1, 1), end=date(2026, 12, 31)), date(2026, 11, 28), UTC
    )
    assert result.employed_q2_after_exit.employed == 1
    assert result.median_earnings_q2_after_exit == 9100.0


@pytest.mark.anyio
async def test_custody_events_once_per_day_and_kind(session):
    (person, other), _, _, _ = await _world(session)
    await record_custody(session, person.id, "technical_violation", date(2026, 5, 1))
    await record_custody(session, person.id, "technical_violation", date(2026, 5, 1), note="again")
    await record_custody(session, other.id, "new_offense", date(2026, 6, 1))
    with pytest.raises(InvalidInput, match="kind"):
        await record_custody(session, person.id, "arrest", date(2026, 6, 1))
    await session.commit()
    assert len(list(await session.scalars(select(CustodyEvent)))) == 2
    result = await outcomes_report(
        session, Period(start=date(2026, 1, 1), end=date(2026, 12, 31)), date(2026, 11, 28), UTC
    )
    assert result.returns_to_custody == 2
    assert result.recidivism_rate == 1.0


@pytest.mark.anyio
async def test_wotc_status_is_a_setting_and_incentives_follow_it(session):
    (person, _), employer, _, _ = await _world(session)
    job = await record_placement(
        session, _hire(person, employer, "2026-03-02", offered_on=date(2026, 2, 24))
    )
    await session.commit()
    assert (await wotc_policy(session)).authorized_through == date(2025, 12, 31)
    [found] = await incentives(session, date(2026, 3, 10), placement_ids=[job.id])
    assert found.wotc.status == "in_hiatus"
    assert found.wotc.deadlines[1].due_on == date(2026, 3, 30)
    assert found.bonding.eligible and found.bonding.coverage_ends == date(2026, 9, 1)
    await set_wotc_authorized_through(session, date(2027, 12, 31))
    await session.commit()
    [renewed] = await incentives(session, date(2026, 3, 10), placement_ids=[job.id])
    assert renewed.wotc.status == "available"
    await set_wotc_authorized_through(session, None)
    assert (await wotc_policy(session)).authorized_through is None


# The demo, the CLI and the page -----------------------------------------------------------------


@pytest.fixture
def demo(cli_env, settings):
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    loaded = runner.invoke(main, ["demo"], env=cli_env)
    assert loaded.exit_code == 0, loaded.output

    async def load() -> dict[str, int]:
        async with transaction(Runtime.build(settings)) as session:
            return await load_demo_outcomes(session)

    first = asyncio.run(load())
    return {"first": first, "load": load, "env": cli_env, "runner": runner}


OUTCOME_TABLES = (
    "placements",
    "placement_checkpoints",
    "custody_events",
    "program_enrollments",
    "program_projections",
)


def _snapshot(url):
    return {t: sorted(map(repr, query(url, f"SELECT * FROM {t}"))) for t in OUTCOME_TABLES}


def _run(demo, group, *args):
    result = demo["runner"].invoke(group, list(args), env=demo["env"])
    assert result.exit_code == 0, result.output
    return result


def test_demo_loads_once_and_its_report_figures(demo, settings, tmp_path):
    """One demo load for several checks: idempotence, the figures, JSON = CSV = report rows."""
    url = demo["env"]["JOBS_DATABASE_URL"]
    counts = {t: query(url, f"SELECT count(*) FROM {t}")[0][0] for t in OUTCOME_TABLES}
    assert counts == {
        "placements": 10,
        "placement_checkpoints": 32,
        "custody_events": 2,
        "program_enrollments": 12,
        "program_projections": 1,
    }
    before = _snapshot(url)
    assert asyncio.run(demo["load"]()) == {}
    assert _snapshot(url) == before

    data = json.loads(_run(demo, report, "outcomes", "--json", "--today", DEMO_TODAY).stdout)
    assert (data["period_from"], data["period_to"]) == ("2026-01-01", DEMO_TODAY)
    assert data["participants_served"] == 12
    assert data["participants_projected"] == 15
    assert data["placements"] == 8
    assert data["participants_placed"] == 7
    assert data["placement_rate"] == 0.5833
    assert data["median_hourly_wage"] == 18.25
    assert {k: (v["eligible"], v["retained"]) for k, v in data["retention"].items()} == {
        "30": (7, 7),
        "90": (6, 3),
        "180": (5, 2),
    }
    assert data["returns_to_custody"] == 2
    assert data["returns_by_type"] == {"new_offense": 1, "technical_violation": 1}
    assert data["recidivism_rate"] == 0.1667
    assert data["separations"] == 3
    assert data["new_placements_after_separation"] == 1
    assert data["employed_q2_after_exit"]["employed"] == 1
    assert data["median_earnings_q2_after_exit"] == 14332.5
    assert data["median_days_to_first_placement"] == 34
    names = {row["name"] for row in data["by_specialist"]}
    assert names >= {"Renee Castillo", "Omar Haddad"}
    assert sum(row["placements"] for row in data["by_employer"]) == 8
    text = _run(demo, report, "outcomes", "--today", DEMO_TODAY).stdout
    assert "placements              8 (7 people placed, rate 58.3%)" in text
    by_employer = text.split("By employer:")[1]
    assert (
        sum(int(line.split("placements")[1].split()[0]) for line in by_employer.splitlines()[1:])
        == 8
    )
    _json_and_csv_agree(demo, tmp_path)
    _report_rows_name_every_figure_once(settings)


def _csv_figures(text):
    rows = list(csv.DictReader(io.StringIO(text)))
    return {(r["section"], r["group"], r["measure"]): r["value"] for r in rows}


def _same(csv_value, json_value):
    if json_value is None:
        return csv_value == ""
    return float(csv_value) == pytest.approx(float(json_value))


def _json_and_csv_agree(demo, tmp_path):
    path = tmp_path / "outcomes.csv"
    args = ("outcomes", "--today", DEMO_TODAY, "--from", "2026-01-01", "--to", "2026-11-28")
    data = json.loads(_run(demo, report, *args, "--json", "--csv", str(path)).stdout)
    figures = _csv_figures(path.read_text(encoding="utf-8"))
    assert figures == _csv_figures(_run(demo, report, *args, "--csv", "-").stdout)
    checked = 0
    for measure in (
        "participants_served",
        "placements",
        "placement_rate",
        "median_hourly_wage",
        "returns_to_custody",
        "recidivism_rate",
        "participants_projected",
        "median_days_to_first_placement",
    ):
        assert _same(figures[("summary", "program", measure)], data[measure]), measure
        checked += 1
    for kind, count in data["retention"].items():
        for measure in ("eligible", "retained", "rate"):
            assert _same(figures[("retention", kind, measure)], count[measure])
            checked += 1
    for row in data["by_employer"]:
        assert _same(figures[("by_employer", row["name"], "placements")], row["placements"])
    assert checked == 17


def test_placements_cli_records_and_lists(demo):
    added = json.loads(
        _run(
            demo,
            placements,
            "add",
            "KC-0007",
            "--employer",
            "clearwater-facility-services",
            "--start",
            "2026-11-30",
            "--wage",
            "15.5",
            "--hours",
            "32",
            "--posting",
            "DEMO-040",
            "--offered",
            "2026-11-20",
            "--json",
        ).stdout
    )
    assert [c["kind"] for c in added["checkpoints"]] == ["30", "90", "180"]
    listed = json.loads(_run(demo, placements, "list", "KC-0007", "--json").stdout)
    assert listed["placements"][0]["job_title"] == "Evening Custodian - Downtown Office Tower"
    refused = demo["runner"].invoke(
        placements,
        ["check", str(added["checkpoints"][0]["id"]), "confirmed", "--today", "2026-12-01"],
        env=demo["env"],
    )
    assert refused.exit_code != 0 and "not due until 2026-12-30" in refused.output
    due = json.loads(
        _run(
            demo, placements, "due", "specialist@example.org", "--today", DEMO_TODAY, "--json"
        ).stdout
    )
    assert [(d["participant_ref"], d["kind"]) for d in due][:1] == [("KC-0003", "90")]


async def _totp_secret(settings, email):
    async with transaction(Runtime.build(settings)) as session:
        user = await session.scalar(select(User).where(User.email == email))
        return user.totp_secret


def _signed_in(client, email):
    login = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
    # Staff type a code from the TOTP secret the demo enrolled them with (sealed at rest).
    secret = asyncio.run(_totp_secret(client.app.state.settings, email))
    code = code_at(secret, datetime.now(UTC)) if secret else ""
    answer = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "code": code, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


FIGURE = re.compile(r'data-measure="([^"]+)" data-group="([^"]+)" data-value="([^"]*)"')


def test_page_csv_and_json_agree_and_only_staff_see_them(demo, settings):
    app = create_app(settings)
    with TestClient(app=app, base_url="http://testserver.local") as client:
        assert client.get("/reports/", follow_redirects=False).status_code in (302, 303, 401)
        _signed_in(client, "participant@example.org")
        assert client.get("/reports/").status_code == 403
    with TestClient(app=app, base_url="http://testserver.local") as client:
        _signed_in(client, "specialist@example.org")
        query_string = "?from=2026-01-01&to=2026-11-28"
        page = client.get("/reports/" + query_string)
        assert page.status_code == 200, page.text
        assert "<svg" in page.text and 'class="print report"' in page.text
        shown = {(g, m): v for m, g, v in FIGURE.findall(page.text)}
        data = client.get("/reports/outcomes.json" + query_string).json()
        download = client.get("/reports/outcomes.csv" + query_string)
        assert download.headers["content-type"].startswith("text/csv")
        assert "attachment" in download.headers["content-disposition"]
        figures = _csv_figures(download.text)
        for measure in (
            "participants_served",
            "placements",
            "placement_rate",
            "median_hourly_wage",
            "returns_to_custody",
            "recidivism_rate",
        ):
            assert _same(shown[("program", measure)], data[measure]), measure
            assert _same(figures[("summary", "program", measure)], data[measure]), measure
        for kind, count in data["retention"].items():
            for measure in ("eligible", "retained"):
                assert _same(shown[(f"retention_{kind}", measure)], count[measure])
        for row in data["by_specialist"]:
            assert _same(shown[(row["name"], "placements")], row["placements"])
        bad = client.get("/reports/?from=yesterday")
        assert bad.status_code == 200 and "give a date as YYYY-MM-DD" in bad.text
        checkins = client.get("/reports/checkins")
        assert checkins.status_code == 200 and "Carpenter Helper" in checkins.text
        due = [int(n) for n in re.findall(r'action="/reports/checkins/(\d+)"', checkins.text)]
        token = re.search(r'name="csrf_token" value="([^"]+)"', checkins.text).group(1)
        forged = client.post(f"/reports/checkins/{due[0]}", data={"status": "confirmed"})
        assert forged.status_code == 403
        saved = client.post(
            f"/reports/checkins/{due[0]}",
            data={"status": "confirmed", "note": "pay stub", "csrf_token": token},
            follow_redirects=False,
        )
        assert saved.status_code == 303, saved.text
        after = client.get("/reports/checkins")
        assert f'action="/reports/checkins/{due[0]}"' not in after.text
        incentives_page = client.get("/reports/incentives")
        assert "Form 8850" in incentives_page.text


def _report_rows_name_every_figure_once(settings):
    async def build():
        async with transaction(Runtime.build(settings)) as session:
            return await outcomes_report(
                session,
                Period(start=date(2026, 1, 1), end=date(2026, 11, 28)),
                date(2026, 11, 28),
                settings.clock.zone,
            )

    result = asyncio.run(build())
    rows = report_rows(result)
    assert len({(s, g, m) for s, g, m, _ in rows}) == len(rows)  # no figure twice
    assert ("summary", "program", "placements", "8") in rows


@pytest.mark.anyio
async def test_an_intake_without_enrollment_counts_from_the_programs_date(session):
    """A record made at 21:00 on 31 December in Kansas City (03:00 UTC on 1 January) counts as
    an intake of 31 December: the report's dates are the program's, not UTC's."""
    from zoneinfo import ZoneInfo

    from jobs.services.outcomes_report import program_records
    from jobs.store import Participant

    session.add(
        Participant(
            external_ref="TZ-1",
            name="Late Intake",
            created_at=datetime(2026, 1, 1, 3, 0, tzinfo=UTC),
        )
    )
    await session.commit()
    records = await program_records(session, ZoneInfo("America/Chicago"))
    (late,) = [p for p in records.participants if p.external_ref == "TZ-1"]
    assert late.intake_on == date(2025, 12, 31)

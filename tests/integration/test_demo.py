"""`jobs demo`: the Kansas City demo data loads, prints the logins, and loading twice changes
nothing."""

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobs.cli import main
from jobs.services.accounts import verify_password
from tests.support.db import query

TABLES = (
    "users",
    "participants",
    "participant_supervision",
    "participant_records",
    "employers",
    "employer_members",
    "caseload_assignments",
    "sources",
    "postings",
    "extractions",
)


@pytest.fixture
def jobs(cli_env):
    runner = CliRunner()

    def run(*args, env=None):
        return runner.invoke(main, list(args), env={**cli_env, **(env or {})})

    assert run("db", "upgrade").exit_code == 0
    return run


def counts(url):
    return {table: query(url, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def snapshot(url):
    """Everything a reload could change, row by row (timestamps included)."""
    return {table: sorted(map(repr, query(url, f"SELECT * FROM {table}"))) for table in TABLES}


def test_demo_loads_the_kansas_city_set_and_prints_the_logins(jobs, cli_env):
    result = jobs("demo")
    assert result.exit_code == 0, result.output
    for email in (
        "admin@example.org",
        "specialist@example.org",
        "employer@example.org",
        "participant@example.org",
    ):
        assert email in result.stdout
    assert "amber lantern orchard drift" in result.stdout
    numbers = counts(cli_env["JOBS_DATABASE_URL"])
    assert numbers["participants"] == 12
    assert numbers["participant_supervision"] == 12
    assert numbers["employers"] >= 8
    assert numbers["postings"] >= 55
    assert numbers["extractions"] == numbers["postings"]
    assert numbers["caseload_assignments"] == 12
    assert numbers["users"] >= 5


def test_loading_twice_changes_nothing(jobs, cli_env):
    url = cli_env["JOBS_DATABASE_URL"]
    assert jobs("demo").exit_code == 0
    before = snapshot(url)
    again = jobs("demo", "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert not any(report["created"].values()), report
    assert not any(report["updated"].values()), report
    assert snapshot(url) == before


def test_reset_removes_and_reloads(jobs, cli_env):
    url = cli_env["JOBS_DATABASE_URL"]
    assert jobs("demo").exit_code == 0
    numbers = counts(url)
    result = jobs("demo", "--reset", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["created"]["participants"] == 12
    assert counts(url) == numbers


def test_demo_accounts_sign_in_with_the_printed_password(jobs, cli_env):
    jobs("demo")
    hashes = dict(query(cli_env["JOBS_DATABASE_URL"], "SELECT email, password_hash FROM users"))
    for email in ("admin@example.org", "specialist@example.org", "participant@example.org"):
        assert verify_password(hashes[email], "amber lantern orchard drift")


def test_without_a_set_password_one_is_generated_kept_private_and_reprinted(jobs, cli_env):
    first = jobs("demo", "--json", env={"JOBS_DEMO_PASSWORD": ""})
    password = json.loads(first.stdout)["password"]
    kept = Path(cli_env["JOBS_DATA_DIR"]) / "demo_password"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert len(password) >= 15
    second = jobs("demo", "--json", env={"JOBS_DEMO_PASSWORD": ""})
    assert json.loads(second.stdout)["password"] == password
    hashes = dict(query(cli_env["JOBS_DATABASE_URL"], "SELECT email, password_hash FROM users"))
    assert verify_password(hashes["specialist@example.org"], password)


def test_demo_walk_through_needs_no_authenticator_app(jobs, cli_env):
    from datetime import UTC, datetime, timedelta

    from jobs.services.totp import code_at

    loaded = jobs("demo", "--json")
    assert loaded.exit_code == 0, loaded.output
    secrets = {e["email"]: e["totp_secret"] for e in json.loads(loaded.stdout)["logins"]}
    shown = jobs("users", "code", "specialist@example.org")
    assert shown.exit_code == 0, shown.output
    code = shown.stdout.strip()
    now = datetime.now(UTC)
    secret = secrets["specialist@example.org"]
    assert code in {code_at(secret, now - timedelta(seconds=back)) for back in (0, 30)}
    refused = jobs("users", "code", "someone@else.example")
    assert refused.exit_code != 0 and "not a demo account" in refused.output
    production = jobs("users", "code", "specialist@example.org", env={"JOBS_ENV": "production"})
    assert production.exit_code != 0


def test_the_demo_employer_has_a_candidate_referred_with_consent(jobs, cli_env):
    assert jobs("demo").exit_code == 0
    url = cli_env["JOBS_DATABASE_URL"]
    rows = query(
        url,
        "SELECT r.status, c.fields IS NOT NULL, e.key FROM referrals r"
        " JOIN consents c ON c.id = r.consent_id JOIN employers e ON e.id = r.employer_id",
    )
    assert [(status, key) for status, _, key in rows] == [("interviewing", "riverbend-logistics")]
    assert jobs("demo").exit_code == 0  # loading again adds no second referral
    assert len(query(url, "SELECT id FROM referrals")) == 1

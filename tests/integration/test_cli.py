"""The `jobs` command: db, users, participants, and clear errors instead of tracebacks."""

import json
import socket

import pytest
from click.testing import CliRunner

from jobs.cli import main
from tests.conftest import FIXTURES

EXAMPLE = FIXTURES / "participants/design_example.json"


@pytest.fixture
def jobs(cli_env):
    """Run `jobs ...` against this test's database; returns click's Result."""
    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(main, list(args), env={**cli_env, **(env or {})}, input=input)

    return run


@pytest.fixture
def migrated(jobs):
    result = jobs("db", "upgrade")
    assert result.exit_code == 0, result.output
    return jobs


def test_db_upgrade_is_repeatable(jobs):
    first = jobs("db", "upgrade")
    assert first.exit_code == 0 and "upgraded from empty" in first.output
    second = jobs("db", "upgrade")
    assert second.exit_code == 0 and "already at revision" in second.output
    assert "up to date" in jobs("db", "status").output


def test_commands_refuse_an_unmigrated_database(jobs):
    result = jobs("participants", "list")
    assert result.exit_code == 1
    assert "run `jobs db upgrade` first" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://nobody@127.0.0.1:1/nothing",
        "sqlite+aiosqlite:////proc/no-such-dir/x.sqlite3",
    ],
)
def test_an_unreachable_database_is_one_clear_line(jobs, url):
    result = jobs("participants", "list", env={"JOBS_DATABASE_URL": url})
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    assert "not usable" in lines[0] or "cannot" in lines[0].lower()


def test_design_example_imports_and_lists(migrated):
    result = migrated("participants", "import", str(EXAMPLE), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "file": str(EXAMPLE),
        "records": 1,
        "created": 1,
        "updated": 0,
    }
    again = migrated("participants", "import", str(EXAMPLE), "--json")
    assert json.loads(again.stdout)["updated"] == 1
    listed = json.loads(migrated("participants", "list", "--json").stdout)
    assert [p["external_ref"] for p in listed] == ["KC-0042"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda p: p.update(drivers_license="yes"), "drivers_license: Expected `bool`"),
        (lambda p: p["supervision"].update(conditions=["no_bars"]), "supervision.conditions[0]"),
        (lambda p: p["supervision"]["curfew"].update(start="25:00"), "supervision.curfew.start"),
        (lambda p: p["home"].update(lat=200), "home.lat"),
    ],
)
def test_a_file_with_one_bad_record_imports_nothing(migrated, tmp_path, change, expected):
    good = json.loads(EXAMPLE.read_text())[0]
    bad = json.loads(EXAMPLE.read_text())[0]
    good["external_ref"] = "KC-0001"
    bad["external_ref"] = "KC-0002"
    change(bad)
    path = tmp_path / "people.json"
    path.write_text(json.dumps([good, bad]))
    result = migrated("participants", "import", str(path))
    assert result.exit_code == 1
    assert "record 2 (KC-0002)" in result.output
    assert expected in result.output
    assert "nothing was imported" in result.output
    assert json.loads(migrated("participants", "list", "--json").stdout) == []


def test_a_missing_import_file_is_named(migrated, tmp_path):
    result = migrated("participants", "import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "nope.json" in result.output and "does not exist" in result.output


def test_users_add_stores_an_argon2id_hash(migrated):
    result = migrated(
        "users",
        "add",
        "--role",
        "specialist",
        "--email",
        "Case.Manager@Example.org",
        "--password-stdin",
        "--json",
        input="a perfectly long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["email"] == "case.manager@example.org"
    again = migrated(
        "users",
        "add",
        "--role",
        "specialist",
        "--email",
        "case.manager@example.org",
        "--password-stdin",
        input="a perfectly long passphrase\n",
    )
    assert again.exit_code == 1 and "already exists" in again.output
    bad_role = migrated("users", "add", "--role", "warden", "--email", "x@example.org")
    assert bad_role.exit_code == 2 and "warden" in bad_role.output


def test_serve_says_when_the_port_is_taken(migrated):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = migrated("serve", "--port", str(port))
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output

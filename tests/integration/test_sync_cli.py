"""`jobs sources add` / `jobs sync` / `jobs postings list` against payloads served on loopback."""

import asyncio
import json

import pytest
from click.testing import CliRunner

from jobs.cli import main
from jobs.store import Employer
from jobs.store.engine import create_engine, session_factory
from tests.conftest import FIXTURES
from tests.support.db import query
from tests.support.loopback import Reply, serve

BOARD = FIXTURES / "connectors/greenhouse/board.json"
CSV = FIXTURES / "connectors/csv/openings.csv"


@pytest.fixture
def jobs(cli_env):
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(main, list(args), env=cli_env)
        return result

    assert run("db", "upgrade").exit_code == 0
    return run


@pytest.fixture
def upstream():
    with serve() as server:
        server.routes["/v1/boards/heartland/jobs"] = Reply(BOARD.read_bytes())
        yield server


def sync_json(jobs, *names):
    result = jobs("sync", *names, "--json")
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def open_ids(jobs):
    rows = json.loads(jobs("postings", "list", "--json").stdout)
    return sorted(row["source_job_id"] for row in rows)


def test_first_sync_creates_resync_creates_nothing_and_a_vanished_job_closes(
    jobs, upstream, cli_env
):
    added = jobs(
        "sources",
        "add",
        "greenhouse",
        "gh",
        "--base-url",
        upstream.base_url,
        "--set",
        "board=heartland",
    )
    assert added.exit_code == 0, added.output
    result, (first,) = sync_json(jobs)
    assert result.exit_code == 0, result.output
    # The fixture board has three jobs; one has no title and goes to quarantine.
    assert (first["fetched"], first["created"], first["quarantined"]) == (2, 2, 1)
    assert first["status"] == "ok"
    assert open_ids(jobs) == ["4410021001", "4410021002"]
    extracted = query(cli_env["JOBS_DATABASE_URL"], "SELECT count(*) FROM extractions")
    assert extracted == [(2,)]  # sync extracts what it stored

    _, (again,) = sync_json(jobs)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)

    board = json.loads(BOARD.read_text())
    board["jobs"] = [j for j in board["jobs"] if j["id"] != 4410021002]
    upstream.routes["/v1/boards/heartland/jobs"] = Reply(json.dumps(board).encode())
    _, (third,) = sync_json(jobs)
    assert third["closed"] == 1
    assert open_ids(jobs) == ["4410021001"]
    closed = json.loads(jobs("postings", "list", "--status", "closed", "--json").stdout)
    assert [row["source_job_id"] for row in closed] == ["4410021002"]


@pytest.mark.parametrize(
    "failure",
    [
        Reply(b"upstream is down", status=500, content_type="text/plain"),
        Reply(b'{"jobs": []}'),
        Reply(b'{"jobs": [', status=200),
    ],
    ids=["http-500", "empty-listing", "malformed-json"],
)
def test_a_failing_or_empty_upstream_closes_nothing(jobs, upstream, failure):
    jobs(
        "sources",
        "add",
        "greenhouse",
        "gh",
        "--base-url",
        upstream.base_url,
        "--set",
        "board=heartland",
    )
    sync_json(jobs)
    upstream.routes["/v1/boards/heartland/jobs"] = failure
    result, (run,) = sync_json(jobs)
    assert run["closed"] == 0
    assert run["errors"], run
    assert open_ids(jobs) == ["4410021001", "4410021002"]
    if failure.status == 500:
        assert result.exit_code == 1 and "sync failed for gh" in result.output


def test_a_csv_file_source_syncs_and_quarantines_its_broken_rows(jobs):
    added = jobs("sources", "add", "csv", "city", "--set", f"path={CSV}")
    assert added.exit_code == 0, added.output
    result, (run,) = sync_json(jobs, "city")
    assert result.exit_code == 0, result.output
    assert run["created"] >= 1
    assert run["quarantined"] >= 1  # the row without a title
    listed = json.loads(jobs("sources", "list", "--json").stdout)
    assert listed[0]["open_postings"] == run["created"]


def test_sources_add_refuses_bad_config_with_a_clear_line(jobs):
    missing = jobs("sources", "add", "lever", "lv")
    assert missing.exit_code == 1 and "lever needs --set site=" in missing.output
    unknown = jobs("sources", "add", "rolodex", "x")
    assert unknown.exit_code == 2 and "rolodex" in unknown.output
    jobs("sources", "add", "lever", "lv", "--set", "site=acme")
    twice = jobs("sources", "add", "lever", "lv", "--set", "site=acme")
    assert twice.exit_code == 1 and "already exists" in twice.output


def test_syncing_an_unknown_source_names_it(jobs):
    result = jobs("sync", "nowhere")
    assert result.exit_code == 1 and "no source named nowhere" in result.output


def _add_employer(settings, key: str, name: str, status: str) -> None:
    async def add() -> None:
        engine = create_engine(settings.database)
        try:
            async with session_factory(engine)() as session, session.begin():
                session.add(Employer(key=key, name=name, status=status))
        finally:
            await engine.dispose()

    asyncio.run(add())


def _linked(settings) -> set:
    rows = query(settings.database.url, "SELECT employer_id FROM postings")
    return {employer_id for (employer_id,) in rows}


def test_synced_postings_link_to_an_employer_only_through_a_confirmed_alias(jobs, settings):
    """Issue 20, High 1: an employer's name alone links no posting; an admin's alias does."""
    _add_employer(settings, "city-kc", "City of Kansas City", "approved")
    assert jobs("sources", "add", "csv", "city", "--set", f"path={CSV}").exit_code == 0
    assert jobs("sync", "city").exit_code == 0
    assert _linked(settings) == {None}
    aliased = jobs("employers", "alias", "city-kc", "city of kansas city")
    assert aliased.exit_code == 0, aliased.output
    assert jobs("sync", "city").exit_code == 0  # nothing changed upstream: links still update
    (employer_id,) = query(settings.database.url, "SELECT id FROM employers")[0]
    assert _linked(settings) == {employer_id}
    unknown = jobs("employers", "alias", "nobody", "X Corp")
    assert unknown.exit_code == 1 and "no employer with key 'nobody'" in unknown.output

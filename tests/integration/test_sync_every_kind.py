"""Every connector kind through `jobs sources add` and `jobs sync`, served on loopback from our
recorded payloads; a resync creates nothing; the same job from two sources shows once."""

import json

import pytest
from click.testing import CliRunner

from jobs.cli import main
from tests.conftest import FIXTURES
from tests.support.loopback import Reply, serve

PAYLOADS = FIXTURES / "connectors"


def payload(name: str, content_type: str = "application/json") -> Reply:
    return Reply((PAYLOADS / name).read_bytes(), content_type=content_type)


def kinds(base: str) -> dict[str, tuple[list[str], dict]]:
    """KIND: (--set values, routes) for each kind, in the API paths each kind calls."""
    return {
        "greenhouse": (
            ["board=heartland"],
            {
                "/v1/boards/heartland/jobs": payload("greenhouse/board.json"),
            },
        ),
        "lever": (
            ["site=crossroadskitchen", "page_size=2"],
            {
                "/v0/postings/crossroadskitchen": lambda q: payload(
                    {"0": "lever/page1.json", "2": "lever/page2.json"}[q["skip"]]
                ),
            },
        ),
        "ashby": (
            ["board=brightroofsolar"],
            {
                "/posting-api/job-board/brightroofsolar": payload("ashby/board.json"),
            },
        ),
        "smartrecruiters": (
            ["company=MidwestPackaging", "page_size=2", "details=false"],
            {
                "/v1/companies/MidwestPackaging/postings": lambda q: payload(
                    f"smartrecruiters/postings_offset{q['offset']}.json"
                ),
            },
        ),
        "workable": (
            ["account=prairiehomehealth"],
            {
                "/api/accounts/prairiehomehealth": payload("workable/account.json"),
            },
        ),
        "usajobs": (
            ["keyword=custodian", "location=Kansas City, MO", "page_size=2"],
            {
                "/api/Search": lambda q: payload(f"usajobs/page{q['Page']}.json"),
            },
        ),
        "jsonld": (
            [f"url={base}/careers"],
            {
                "/careers": payload("jsonld/career_page.html", "text/html"),
            },
        ),
        "feed": (
            [f"url={base}/jobs.rss"],
            {
                "/jobs.rss": payload("feed/jobs.rss", "application/rss+xml"),
            },
        ),
        "csv": (
            [f"url={base}/openings.csv"],
            {
                "/openings.csv": payload("csv/openings.csv", "text/csv"),
            },
        ),
    }


@pytest.fixture
def jobs(cli_env):
    runner = CliRunner()
    env = {**cli_env, "JOBS_USAJOBS_KEY": "test-key", "JOBS_USAJOBS_EMAIL": "ops@example.org"}

    def run(*args):
        return runner.invoke(main, list(args), env=env)

    assert run("db", "upgrade").exit_code == 0
    return run


@pytest.mark.parametrize("kind", sorted(kinds("")))
def test_each_kind_syncs_from_loopback_and_resyncs_without_creating(jobs, kind):
    with serve() as upstream:
        settings, routes = kinds(upstream.base_url)[kind]
        upstream.routes.update(routes)
        pairs = [arg for value in settings for arg in ("--set", value)]
        base = [] if kind in ("jsonld", "feed", "csv") else ["--base-url", upstream.base_url]
        added = jobs("sources", "add", kind, f"my-{kind}", *base, *pairs)
        assert added.exit_code == 0, added.output
        first = jobs("sync", f"my-{kind}", "--json")
        assert first.exit_code == 0, first.output
        (run,) = json.loads(first.stdout)
        assert run["status"] == "ok", run
        assert run["created"] >= 1 and run["created"] == run["fetched"]
        again = jobs("sync", f"my-{kind}", "--json")
        (rerun,) = json.loads(again.stdout)
        assert (rerun["created"], rerun["updated"], rerun["closed"]) == (0, 0, 0), rerun
        assert rerun["unchanged"] == run["created"]
        assert upstream.requests, "the connector asked the loopback server"


RSS_WITH_THE_SAME_JOB = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Board</title><link>https://board.example</link>
<description>Jobs</description>
<item><title>Warehouse Associate - 2nd Shift</title>
<link>https://job-boards.greenhouse.io/heartlandfreight/jobs/4410021001?utm_source=board</link>
<guid>board-77</guid><description>Pick and pack.</description>
<pubDate>Tue, 22 Sep 2026 09:00:00 -0500</pubDate></item>
</channel></rss>"""


def test_the_same_job_from_two_sources_is_one_canonical_posting(jobs):
    with serve() as upstream:
        upstream.routes["/v1/boards/heartland/jobs"] = payload("greenhouse/board.json")
        upstream.routes["/board.rss"] = Reply(
            RSS_WITH_THE_SAME_JOB.encode(), content_type="text/xml"
        )
        jobs(
            "sources",
            "add",
            "greenhouse",
            "employer-own",
            "--base-url",
            upstream.base_url,
            "--set",
            "board=heartland",
        )
        jobs("sources", "add", "feed", "job-board", "--set", f"url={upstream.base_url}/board.rss")
        assert jobs("sync", "--json").exit_code == 0
    rows = json.loads(jobs("postings", "list", "--json").stdout)
    by_source = {(r["source"], r["source_job_id"]): r for r in rows}
    own = by_source[("employer-own", "4410021001")]
    copy = next(r for r in rows if r["source"] == "job-board")
    assert own["duplicate_of"] is None
    assert copy["duplicate_of"] == own["id"]  # the employer's own system is canonical
    assert sum(1 for r in rows if r["duplicate_of"] is None) == len(rows) - 1

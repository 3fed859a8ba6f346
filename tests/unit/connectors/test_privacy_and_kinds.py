"""Connectors send nothing but their source config; KINDS checks source configs."""

from __future__ import annotations

import pytest

from jobs.connectors import KINDS

from .fakes import fixture_response

# A participant as DESIGN describes one; none of these words may leave in any request.
PARTICIPANT = {
    "external_ref": "KC-0042",
    "name": "Jordan Participant",
    "home": {"address": "3900 Prospect Ave, Kansas City, MO", "postal_code": "64130"},
    "skills": ["forklift operation"],
    "supervision": {"agency": "missouri_pp", "curfew": {"start": "22:00"}},
    "record": {"felony": True, "offense_categories": ["drug_possession"]},
}
PARTICIPANT_WORDS = [
    "external_ref",
    "KC-0042",
    "Jordan",
    "Participant",
    "3900 Prospect",
    "64130",
    "forklift",
    "supervision",
    "missouri_pp",
    "curfew",
    "felony",
    "offense",
    "drug_possession",
    "record",
]

SOURCES = {
    "greenhouse": {"board": "heartlandfreight", "pay": "true"},
    "lever": {"site": "crossroadskitchen"},
    "ashby": {"board": "brightroofsolar"},
    "smartrecruiters": {"company": "MidwestPackaging"},
    "workable": {"account": "prairiehomehealth"},
    "usajobs": {
        "keyword": "custodian",
        "location": "Kansas City, MO",
        "key": "k",
        "email": "program@example.org",
    },
    "jsonld": {"url": "https://www.riverbendsupply.example/careers"},
    "feed": {"url": "https://jobs.example/jobs.rss"},
    "csv": {"url": "https://files.example/openings.csv"},
}

ROUTES = {
    "/v1/boards/heartlandfreight/jobs": fixture_response("greenhouse/board.json"),
    "/v1/boards/heartlandfreight/jobs/4410021001": fixture_response(
        "greenhouse/job_4410021001.json"
    ),
    "/v0/postings/crossroadskitchen": fixture_response("lever/page1.json"),
    "/posting-api/job-board/brightroofsolar": fixture_response("ashby/board.json"),
    "/v1/companies/MidwestPackaging/postings": fixture_response(
        "smartrecruiters/postings_offset2.json"
    ),
    "/api/accounts/prairiehomehealth": fixture_response("workable/account.json"),
    "/api/Search": fixture_response("usajobs/page2.json"),
    "/careers": fixture_response("jsonld/career_page.html"),
    "/jobs.rss": fixture_response("feed/jobs.rss"),
    "/openings.csv": fixture_response("csv/openings.csv"),
}


@pytest.mark.anyio
@pytest.mark.parametrize("kind", sorted(SOURCES))
async def test_no_request_carries_a_participant_field(kind, upstream, make_fetcher):
    for path, response in ROUTES.items():
        upstream.route(path, response)
    async with upstream.client() as client:
        # The participant sits right there in the caller; the connector has no way to send it.
        caller_state = {"participant": PARTICIPANT}
        listing = await KINDS[kind].run(
            client, dict(SOURCES[kind]), None, fetcher=make_fetcher(client, kind)
        )
        assert caller_state["participant"] is PARTICIPANT
    assert listing.postings, listing.errors
    assert upstream.requests
    for request in upstream.requests:
        assert request.method == "GET" and request.content == b""
        sent = " ".join([str(request.url), *(f"{k}: {v}" for k, v in request.headers.items())])
        for word in PARTICIPANT_WORDS:
            assert word.lower() not in sent.lower(), (kind, word, sent)
        config_values = {str(v) for v in SOURCES[kind].values()}
        for key, value in request.url.params.items():
            assert value in config_values or key in {
                "content",
                "pay_transparency",
                "mode",
                "skip",
                "limit",
                "includeCompensation",
                "offset",
                "details",
                "ResultsPerPage",
                "Page",
            }, (kind, key, value)


def test_every_kind_of_the_issue_is_registered():
    assert set(KINDS) == {
        "greenhouse",
        "lever",
        "ashby",
        "smartrecruiters",
        "workable",
        "usajobs",
        "jsonld",
        "feed",
        "csv",
    }
    assert KINDS["usajobs"].from_environment == {
        "key": "JOBS_USAJOBS_KEY",
        "email": "JOBS_USAJOBS_EMAIL",
    }
    assert KINDS["greenhouse"].default_base_url == "https://boards-api.greenhouse.io"


@pytest.mark.parametrize(
    ("kind", "config", "problem"),
    [
        ("greenhouse", {}, "greenhouse needs --set board=..."),
        ("lever", {"site": "x", "board": "y"}, "lever does not use 'board'"),
        ("usajobs", {}, "usajobs needs --set keyword=... or --set location=..."),
        ("csv", {}, "csv needs --set path=... or --set url=..."),
        ("csv", {"path": "a.csv", "colour": "x"}, "csv does not use 'colour'"),
    ],
)
def test_source_config_is_checked_with_plain_messages(kind, config, problem):
    assert problem in " / ".join(KINDS[kind].check(config))


@pytest.mark.parametrize(
    ("kind", "config"),
    [
        ("greenhouse", {"board": "acme", "name": "Acme", "timezone": "America/Chicago"}),
        ("usajobs", {"location": "Kansas City, MO"}),
        ("jsonld", {"url": "https://a.example/1\nhttps://a.example/2"}),
        ("csv", {"path": "jobs.csv", "column.title": "Role", "column.id": "Req"}),
    ],
)
def test_good_source_configs_pass(kind, config):
    assert KINDS[kind].check(config) == []

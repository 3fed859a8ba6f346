"""ATS identities, tracking parameters, and cross-source duplicate decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.connectors.dedupe import (
    Candidate,
    ats_identity,
    employer_key,
    find_duplicates,
    identity_keys,
    strip_tracking,
)
from jobs.connectors.posting import Location, PostingIn

LEVER_ID = "6f1c2a9e-4b3d-4c8e-9a71-0d2e5b8c1f01"


@pytest.mark.parametrize(
    ("url", "identity"),
    [
        (
            "https://job-boards.greenhouse.io/acme/jobs/4410021001?gh_src=x1",
            "greenhouse:4410021001",
        ),
        ("https://boards.greenhouse.io/acme/jobs/12345", "greenhouse:12345"),
        (
            "https://www.acme.example/careers/open?gh_jid=4410021001&utm_source=li",
            "greenhouse:4410021001",
        ),
        (
            f"https://jobs.lever.co/kitchen/{LEVER_ID.upper()}/apply?lever-source=x",
            f"lever:{LEVER_ID}",
        ),
        (
            "https://jobs.ashbyhq.com/solar/0b7e3c1d-52a4-4f0e-8d9a-7c6b5a4f3e21/application",
            "ashby:0b7e3c1d-52a4-4f0e-8d9a-7c6b5a4f3e21",
        ),
        ("https://apply.workable.com/prairie/j/8F3C2A1B9D/", "workable:8F3C2A1B9D"),
        (
            "https://jobs.smartrecruiters.com/Midwest/744000200000001-forklift-operator",
            "smartrecruiters:744000200000001",
        ),
        (
            "https://api.smartrecruiters.com/v1/companies/Midwest/postings/744000200000001",
            "smartrecruiters:744000200000001",
        ),
        ("https://www.usajobs.gov:443/job/801234500", "usajobs:801234500"),
        ("https://www.usajobs.gov/GetJob/ViewDetails/801234500", "usajobs:801234500"),
        (
            "https://jobs.deel.com/zonos/job-details/815a46a0-a70f-4842-8ffe-b4c6f8e07802/overview",
            "uuid:815a46a0-a70f-4842-8ffe-b4c6f8e07802",
        ),
        ("https://www.acme.example/jobs/42", None),
        (None, None),
    ],
)
def test_ats_identity_from_urls(url, identity):
    assert ats_identity(url) == identity


def test_tracking_parameters_are_stripped_and_real_ones_kept():
    url = "https://X.example/jobs/9?utm_source=a&utm_campaign=b&gh_src=c&ref=d&source=e&id=9#top"
    assert strip_tracking(url) == "https://x.example/jobs/9?id=9"


def test_employer_names_compare_without_suffixes():
    assert employer_key("The ACME Co., Inc.") == employer_key("Acme") == "acme"
    assert employer_key("Smith & Sons LLC") == "smith and sons"


def posting(
    job_id,
    title,
    employer,
    *,
    url=None,
    city="Kansas City",
    days=0,
    identity=None,
    workplace="on_site",
):
    return PostingIn(
        source_job_id=job_id,
        title=title,
        employer=employer,
        url=url,
        ats_identity=identity,
        locations=[Location(text=city, city=city, region="MO")] if city else [],
        workplace=workplace,
        posted_at=datetime(2026, 9, 1, tzinfo=UTC) + timedelta(days=days),
    )


def test_same_job_from_a_board_and_the_employer_system_points_at_the_employer():
    candidates = [
        Candidate(
            "feed-1",
            "kc-board",
            "feed",
            posting(
                "kcsc-1",
                "Line Cook",
                "Crossroads Kitchen",
                url=f"https://jobs.lever.co/kitchen/{LEVER_ID}?lever-source=kc",
            ),
        ),
        Candidate(
            "lever-1",
            "kitchen",
            "lever",
            posting(LEVER_ID, "Line Cook", "Crossroads Kitchen", identity=f"lever:{LEVER_ID}"),
        ),
        Candidate(
            "feed-2",
            "kc-board",
            "feed",
            posting(
                "kcsc-2",
                "Warehouse Associate - 2nd Shift",
                "Heartland Freight Services, Inc.",
                days=3,
            ),
        ),
        Candidate(
            "gh-2",
            "heartland",
            "greenhouse",
            posting(
                "4410021001",
                "Warehouse Associate 2nd Shift",
                "Heartland Freight Services",
                identity="greenhouse:4410021001",
            ),
        ),
    ]
    decisions = {d.key: d for d in find_duplicates(candidates)}
    assert decisions["lever-1"].duplicate_of is None
    assert decisions["feed-1"].duplicate_of == "lever-1"
    assert decisions["feed-1"].matched_by == "identity"
    assert decisions["gh-2"].duplicate_of is None
    assert decisions["feed-2"].duplicate_of == "gh-2"
    assert decisions["feed-2"].matched_by == "fuzzy"


def test_fuzzy_match_needs_employer_place_and_dates_to_agree():
    base = posting("a", "Forklift Operator", "Midwest Packaging")
    others = [
        posting("b", "Forklift Operator", "Other Packaging"),
        posting("c", "Forklift Operator", "Midwest Packaging", city="Wichita"),
        posting("d", "Forklift Operator", "Midwest Packaging", days=45),
        posting("e", "Accounts Payable Clerk", "Midwest Packaging"),
    ]
    for other in others:
        decisions = find_duplicates(
            [Candidate("a", "one", "lever", base), Candidate("x", "two", "feed", other)]
        )
        assert all(d.duplicate_of is None for d in decisions), other.source_job_id


def test_two_openings_in_one_source_are_never_fuzzy_merged():
    first = posting("1", "Warehouse Associate", "Heartland Freight")
    second = posting("2", "Warehouse Associate", "Heartland Freight")
    decisions = find_duplicates(
        [Candidate(1, "gh", "greenhouse", first), Candidate(2, "gh", "greenhouse", second)]
    )
    assert [d.duplicate_of for d in decisions] == [None, None]


def test_lever_uuid_links_to_an_employer_page_naming_the_same_uuid():
    lever = posting(LEVER_ID, "Line Cook", "Crossroads Kitchen", identity=f"lever:{LEVER_ID}")
    page = posting("p", "Cook", "Kitchen Co", url=f"https://kitchen.example/jobs/{LEVER_ID}")
    assert identity_keys(lever) & identity_keys(page)


titles = st.sampled_from(
    [
        "Line Cook",
        "Line cook",
        "Forklift Operator",
        "Dishwasher",
        "Warehouse Associate",
        "Warehouse Associate I",
    ]
)
employers = st.sampled_from(["Acme", "ACME Inc.", "Heartland", "Crossroads Kitchen"])
kinds = st.sampled_from(["greenhouse", "lever", "feed", "jsonld", "csv"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(titles, employers, kinds, st.integers(0, 60)), max_size=12))
def test_every_duplicate_points_at_a_canonical_posting(rows):
    candidates = [
        Candidate(index, f"{kind}-{index % 3}", kind, posting(str(index), t, e, days=d))
        for index, (t, e, kind, d) in enumerate(rows)
    ]
    decisions = find_duplicates(candidates)
    assert [d.key for d in decisions] == [c.key for c in candidates]
    canonical = {d.key for d in decisions if d.duplicate_of is None}
    for decision in decisions:
        assert decision.duplicate_of is None or decision.duplicate_of in canonical

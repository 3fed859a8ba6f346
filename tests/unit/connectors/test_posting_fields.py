"""Employment types, source addresses and the content hash of a normalised posting."""

from __future__ import annotations

from jobs.connectors.employment import employment_types
from jobs.connectors.posting import Location, PostingIn, content_hash, with_hash
from jobs.connectors.urls import rebase


def test_employment_types_are_canonical_and_unknown_values_kept():
    assert employment_types(["FULL_TIME", "PART_TIME"]) == ["full_time", "part_time"]
    assert employment_types("fulltime, temporary") == ["full_time", "temporary"]
    assert employment_types("Permanent") == ["full_time"]
    assert employment_types("DEPARTMENT_·_ST.GEORGE_UT_·_FULL_TIME") == [
        "DEPARTMENT_·_ST.GEORGE_UT_·_FULL_TIME"
    ]
    assert employment_types(None) == []


def test_base_url_replaces_scheme_host_and_prefix():
    assert rebase("https://feeds.example/jobs.rss?x=1", "http://127.0.0.1:8001/mirror/") == (
        "http://127.0.0.1:8001/mirror/jobs.rss?x=1"
    )
    assert rebase("https://feeds.example/jobs.rss", None) == "https://feeds.example/jobs.rss"


def test_content_hash_ignores_raw_and_notes_but_not_fields():
    a = PostingIn(source_job_id="1", title="Cook", raw={"seen": 1}, notes=["x"])
    b = PostingIn(source_job_id="1", title="Cook", raw={"seen": 2})
    c = PostingIn(source_job_id="1", title="Cook", locations=[Location(text="KC")])
    assert content_hash(a) == content_hash(b) != content_hash(c)
    assert with_hash(a).content_hash == content_hash(a)

"""The audit chain's hash and the Host-name check, as plain functions."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from jobs.settings import Settings
from jobs.store.audit import CHAINED_FIELDS, chain_hash
from jobs.web.hardening import host_allowed, host_name

ROW = {
    "id": 1,
    "occurred_at": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    "actor_user_id": 3,
    "actor_label": "",
    "actor_role": "specialist",
    "action": "read_profile",
    "subject_type": "participant",
    "subject_id": "7",
    "participant_id": 7,
    "client_ip": "10.0.0.1",
    "outcome": "ok",
    "detail": {"b": 1, "a": [1, 2]},
    "note": "",
}


def test_the_hash_is_stable_and_covers_every_field_and_the_link():
    first = chain_hash(ROW, "")
    assert first == chain_hash(dict(reversed(list(ROW.items()))), "")
    assert len(first) == 64 and int(first, 16) >= 0
    assert chain_hash(ROW, "0" * 64) != first
    later = ROW["occurred_at"] + timedelta(microseconds=1)
    assert chain_hash(dict(ROW, occurred_at=later), "") != first
    for name in CHAINED_FIELDS:
        if name == "occurred_at":
            continue
        changed = dict(ROW)
        changed[name] = "something else"
        assert chain_hash(changed, "") != first, name


def test_the_same_instant_in_another_zone_hashes_the_same():
    other = dict(ROW, occurred_at=ROW["occurred_at"].astimezone(timezone(timedelta(hours=-6))))
    assert chain_hash(other, "") == chain_hash(ROW, "")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("LocalHost", "localhost"),
        ("[::1]:8080", "::1"),
        ("jobs.example.org", "jobs.example.org"),
        ("", ""),
    ],
)
def test_host_name_drops_the_port(header, name):
    assert host_name(header) == name


def test_host_patterns():
    allowed = ("jobs.example.org", "*.example.net")
    assert host_allowed("jobs.example.org", allowed)
    assert host_allowed("a.example.net", allowed)
    assert not host_allowed("example.net", allowed)
    assert not host_allowed("jobs.example.org.evil.test", allowed)
    assert not host_allowed("", allowed)
    assert host_allowed("anything", ("*",))


def test_hosts_and_body_limit_come_from_the_environment(tmp_path):
    base = {"JOBS_DATA_DIR": str(tmp_path)}
    default = Settings.from_env(base).server
    assert "127.0.0.1" in default.allowed_hosts and "localhost" in default.allowed_hosts
    assert default.max_body_bytes == 1_000_000
    custom = Settings.from_env(
        {
            **base,
            "JOBS_ALLOWED_HOSTS": "Jobs.Example.org, *.example.net",
            "JOBS_MAX_BODY_BYTES": "2048",
            "JOBS_HOST": "10.0.0.5",
        }
    ).server
    assert custom.allowed_hosts == ("jobs.example.org", "*.example.net", "10.0.0.5")
    assert custom.max_body_bytes == 2048

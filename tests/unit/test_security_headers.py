"""The security-headers hook: each of its headers once, with its value, whatever the answer
already carried; the answer's other headers kept as they were."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import cast

from hypothesis import given
from hypothesis import strategies as st

from jobs.settings import Settings
from jobs.web.hardening import CONTENT_SECURITY_POLICY, security_headers

OURS = (
    b"content-security-policy",
    b"x-content-type-options",
    b"referrer-policy",
    b"x-frame-options",
    b"permissions-policy",
    b"cross-origin-opener-policy",
)
NAMES = st.sampled_from(
    [
        b"content-type",
        b"set-cookie",
        b"X-Frame-Options",
        b"cache-control",
        b"Pragma",
        b"vary",
        *OURS,
    ]
)
HEADERS = st.lists(st.tuples(NAMES, st.sampled_from([b"a", b"SAMEORIGIN", b"public"])))


def _sent(headers, path="/me/jobs", status=200, production=False):
    settings = cast(Settings, SimpleNamespace(is_production=production))  # all the hook reads
    message = {"type": "http.response.start", "status": status, "headers": list(headers)}
    asyncio.run(security_headers(settings)(message, {"type": "http", "path": path}))
    return message["headers"]


def _values(headers, name):
    return [value for key, value in headers if key.lower() == name]


@given(HEADERS)
def test_each_header_once_with_our_value_and_the_others_kept(headers):
    sent = _sent(headers)
    assert _values(sent, b"content-security-policy") == [CONTENT_SECURITY_POLICY.encode()]
    assert _values(sent, b"x-frame-options") == [b"DENY"]
    assert _values(sent, b"cache-control") == [b"no-store"]
    assert _values(sent, b"pragma") == [b"no-cache"]
    for name in OURS:
        assert len(_values(sent, name)) == 1
    for name in (b"content-type", b"set-cookie", b"vary"):
        assert _values(sent, name) == _values(headers, name)


@given(HEADERS)
def test_a_static_file_keeps_its_cache_lifetime_and_an_error_its_own(headers):
    sent = _sent(headers, path="/static/app.css")
    assert len(_values(sent, b"cache-control")) == 1
    assert _values(sent, b"cache-control") != [b"no-store"]
    assert _values(sent, b"pragma") == _values(headers, b"pragma")
    missing = _sent(headers, path="/static/gone.css", status=404)
    assert _values(missing, b"cache-control") == _values(headers, b"cache-control")


def test_hsts_only_in_production():
    assert _values(_sent([]), b"strict-transport-security") == []
    assert len(_values(_sent([], production=True), b"strict-transport-security")) == 1

"""The fetcher: retries, Retry-After, size cap, circuit breaker, host limit, clear errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import anyio
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.connectors.http import (
    CircuitBreaker,
    CircuitOpen,
    Fetcher,
    FetchError,
    HostLimiter,
    MalformedResponse,
    ResponseTooLarge,
    RetryPolicy,
    retry_after_seconds,
)

URL = "https://boards.example/v1/jobs"


def sequence(*responses):
    """A handler answering with each response (or raising each exception) in turn."""
    queue = list(responses)

    def handle(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handle


@pytest.mark.anyio
async def test_server_error_is_retried_until_it_succeeds(upstream, make_fetcher, sleeps):
    upstream.route(
        "/v1/jobs",
        sequence(httpx.Response(500), httpx.Response(503), httpx.Response(200, json={"ok": True})),
    )
    async with upstream.client() as client:
        fetcher = make_fetcher(client)
        assert await fetcher.get_json(URL) == {"ok": True}
    assert len(upstream.requests) == 3
    assert sleeps == [0.5, 1.0]  # full jitter at its top (jitter=1.0): base * 2**n


@pytest.mark.anyio
async def test_backoff_is_capped(upstream, make_fetcher, sleeps):
    upstream.route("/v1/jobs", httpx.Response(502))
    async with upstream.client() as client:
        fetcher = make_fetcher(client, retry=RetryPolicy(attempts=6, base_delay=1.0, max_delay=3.0))
        with pytest.raises(FetchError, match="HTTP 502"):
            await fetcher.get(URL)
    assert sleeps == [1.0, 2.0, 3.0, 3.0, 3.0]


@pytest.mark.anyio
async def test_429_retry_after_seconds_is_obeyed(upstream, make_fetcher, sleeps):
    upstream.route(
        "/v1/jobs",
        sequence(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=[])),
    )
    async with upstream.client() as client:
        assert await make_fetcher(client).get_json(URL) == []
    assert sleeps == [7.0]


@pytest.mark.anyio
async def test_429_retry_after_http_date_is_obeyed(upstream, make_fetcher, sleeps):
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    upstream.route(
        "/v1/jobs",
        sequence(httpx.Response(429, headers={"Retry-After": later}), httpx.Response(200, json=[])),
    )
    async with upstream.client() as client:
        await make_fetcher(client).get_json(URL)
    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 30


@pytest.mark.anyio
async def test_retry_after_beyond_the_cap_gives_up_with_a_clear_error(upstream, make_fetcher):
    upstream.route("/v1/jobs", httpx.Response(429, headers={"Retry-After": "3600"}))
    async with upstream.client() as client:
        with pytest.raises(FetchError) as caught:
            await make_fetcher(client, source="greenhouse:acme").get(URL)
    assert "greenhouse:acme" in str(caught.value) and URL in str(caught.value)
    assert "3600s" in str(caught.value)
    assert len(upstream.requests) == 1


@pytest.mark.anyio
async def test_timeouts_are_retried_then_reported_with_source_and_url(upstream, make_fetcher):
    upstream.route("/v1/jobs", sequence(httpx.ReadTimeout("slow")))
    async with upstream.client() as client:
        with pytest.raises(FetchError) as caught:
            await make_fetcher(client, source="lever:kitchen").get(URL)
    message = str(caught.value)
    assert message.startswith("lever:kitchen: GET https://boards.example/v1/jobs")
    assert "timed out" in message
    assert len(upstream.requests) == 4


@pytest.mark.anyio
async def test_connection_reset_is_retried(upstream, make_fetcher):
    upstream.route(
        "/v1/jobs",
        sequence(
            httpx.ReadError("Connection reset by peer"), httpx.Response(200, json={"jobs": []})
        ),
    )
    async with upstream.client() as client:
        assert await make_fetcher(client).get_json(URL) == {"jobs": []}
    assert len(upstream.requests) == 2


@pytest.mark.anyio
async def test_404_is_not_retried_and_says_what_to_check(upstream, make_fetcher):
    async with upstream.client() as client:
        with pytest.raises(FetchError, match="404 not found: check the board"):
            await make_fetcher(client).get("https://boards.example/v1/boards/nope/jobs")
    assert len(upstream.requests) == 1


@pytest.mark.anyio
async def test_oversize_response_is_refused_by_content_length(upstream, make_fetcher):
    upstream.route("/v1/jobs", httpx.Response(200, content=b"x" * 2000))
    async with upstream.client() as client:
        with pytest.raises(ResponseTooLarge, match="size cap"):
            await make_fetcher(client, max_bytes=1000).get(URL)
    assert len(upstream.requests) == 1


@pytest.mark.anyio
async def test_oversize_streamed_response_is_cut_off(upstream, make_fetcher):
    async def endless():
        for _ in range(100):
            yield b"y" * 100

    upstream.route("/v1/jobs", lambda request: httpx.Response(200, content=endless()))
    async with upstream.client() as client:
        with pytest.raises(ResponseTooLarge):
            await make_fetcher(client, max_bytes=1000).get(URL)


@pytest.mark.anyio
async def test_malformed_json_is_a_clear_error(upstream, make_fetcher):
    upstream.route("/v1/jobs", httpx.Response(200, content=b'{"jobs": [{"id": 1,'))
    async with upstream.client() as client:
        with pytest.raises(MalformedResponse, match="malformed JSON"):
            await make_fetcher(client).get_json(URL)


@pytest.mark.anyio
async def test_circuit_opens_after_repeated_failures_and_makes_no_request(upstream, make_fetcher):
    upstream.route("/v1/jobs", httpx.Response(500))
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, cooldown=60.0, clock=lambda: now[0])
    async with upstream.client() as client:
        fetcher = make_fetcher(client, breaker=breaker, retry=RetryPolicy(attempts=1))
        for _ in range(2):
            with pytest.raises(FetchError):
                await fetcher.get(URL)
        with pytest.raises(CircuitOpen, match="circuit open"):
            await fetcher.get(URL)
        assert len(upstream.requests) == 2
        now[0] = 61.0  # after the cool-down one trial goes through
        upstream.route("/v1/jobs", httpx.Response(200, json=[]))
        assert await fetcher.get_json(URL) == []
        assert breaker.state == "closed"


def test_a_failed_trial_reopens_the_circuit():
    now = [0.0]
    breaker = CircuitBreaker(threshold=3, cooldown=10.0, clock=lambda: now[0])
    for _ in range(3):
        breaker.record_failure()
    assert breaker.state == "open"
    now[0] = 10.0
    assert breaker.state == "half_open" and breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"


@pytest.mark.anyio
async def test_host_limit_caps_requests_in_flight(make_fetcher):
    in_flight = 0
    peak = 0

    async def handle(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await anyio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, json={})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
        fetcher = make_fetcher(client, hosts=HostLimiter(per_host=2))
        async with anyio.create_task_group() as group:
            for number in range(8):
                group.start_soon(fetcher.get, f"https://one.example/{number}")
    assert peak == 2


@pytest.mark.anyio
async def test_only_get_without_body_is_sent(upstream, make_fetcher):
    upstream.route("/v1/jobs", httpx.Response(200, json={}))
    async with upstream.client() as client:
        await make_fetcher(client).get(URL, params={"content": "true"})
    request = upstream.requests[0]
    assert request.method == "GET" and request.content == b""
    assert request.url.params["content"] == "true"


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_seconds_reads_delta_seconds(seconds):
    assert retry_after_seconds(str(seconds)) == float(seconds)


def test_retry_after_reads_http_dates_and_ignores_garbage():
    now = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Oct 2026 12:00:45 GMT", now=now) == 45.0
    assert retry_after_seconds("Thu, 01 Oct 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_fetch_error_names_source_and_url():
    error = FetchError("feed:kc", "https://x.example/feed", "HTTP 500", status=500)
    assert str(error) == "feed:kc: GET https://x.example/feed: HTTP 500"
    assert isinstance(Fetcher, type)

"""The one place connectors read from: timeouts, size cap, retries, circuit breaker, host limits.

Connector modules only describe what to read (``connectors.reading``); ``read_source`` carries
their reading out here. Only GET is possible and no request body can be sent, so nothing but a
source's own configuration (board names, keywords, URLs) ever leaves the platform.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
import msgspec
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from jobs import __version__
from jobs.connectors.posting import Listing
from jobs.connectors.reading import Failed, Page, ReadFile, Reading, Request

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
USER_AGENT = f"jobs-connectors/{__version__} (fair-chance job matching)"


class FetchError(Exception):
    """A GET that failed for good; the message names the source and the URL."""

    def __init__(
        self,
        source: str,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{source}: GET {url}: {reason}")
        self.source = source
        self.url = url
        self.reason = reason
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


class ResponseTooLarge(FetchError):
    """The response was bigger than the size cap; it was not read further."""


class CircuitOpen(FetchError):
    """The source failed too often lately; no request was made."""


class MalformedResponse(FetchError):
    """The body arrived but is not valid JSON (or not the expected shape)."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retries for idempotent GETs: exponential backoff with full jitter, capped."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    # A Retry-After longer than this is not waited out: the fetch fails with a clear error.
    max_retry_after: float = 120.0


class CircuitBreaker:
    """Opens after ``threshold`` failed fetches in a row; lets one trial through after cooldown."""

    def __init__(
        self,
        threshold: int = 5,
        cooldown: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self.failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> str:
        """closed, open or half_open."""
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        """Whether a request may be made now."""
        return self.state != "open"

    def record_success(self) -> None:
        self.failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold or self.state == "half_open":
            self._opened_at = self._clock()


class Breakers:
    """One circuit breaker per source, kept for the life of the process."""

    def __init__(self, threshold: int = 5, cooldown: float = 300.0) -> None:
        self._threshold = threshold
        self._cooldown = cooldown
        self._by_source: dict[str, CircuitBreaker] = {}

    def for_source(self, source: str) -> CircuitBreaker:
        if source not in self._by_source:
            self._by_source[source] = CircuitBreaker(self._threshold, self._cooldown)
        return self._by_source[source]


class HostLimiter:
    """At most ``per_host`` requests in flight to one host (create one per event loop)."""

    def __init__(self, per_host: int = 4) -> None:
        self.per_host = per_host
        self._slots: dict[str, asyncio.Semaphore] = {}

    def slot(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        if host not in self._slots:
            self._slots[host] = asyncio.Semaphore(self.per_host)
        return self._slots[host]


@dataclass
class Fetched:
    """A response read in full (within the size cap)."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode(_charset(self.headers) or "utf-8", errors="replace")


def _charset(headers: httpx.Headers) -> str | None:
    content_type = headers.get("content-type", "")
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@dataclass
class Fetcher:
    """GETs for one source over the shared client, with every safeguard applied."""

    client: httpx.AsyncClient
    source: str
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_bytes: int = DEFAULT_MAX_BYTES
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    hosts: HostLimiter | None = None
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = random.random
    requests: int = 0

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        """GET a URL, retrying what is worth retrying; raise FetchError naming source and URL."""
        shown = str(httpx.URL(url, params=params)) if params else url
        if not self.breaker.allow():
            raise CircuitOpen(
                self.source,
                shown,
                f"circuit open after {self.breaker.failures} failed fetches; not trying again "
                f"before the {self.breaker.cooldown:.0f}s cool-down ends",
            )
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.retry.attempts),
            retry=retry_if_exception(lambda exc: isinstance(exc, FetchError) and exc.retryable),
            wait=self._wait,
            sleep=self.sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    fetched = await self._once(url, shown, params, headers)
        except FetchError as exc:
            if exc.retryable or isinstance(exc, ResponseTooLarge):
                self.breaker.record_failure()
            raise
        self.breaker.record_success()
        return fetched

    async def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """GET and decode JSON; malformed JSON raises MalformedResponse."""
        fetched = await self.get(url, params=params, headers=headers)
        try:
            return msgspec.json.decode(fetched.content)
        except msgspec.DecodeError as exc:
            raise MalformedResponse(self.source, fetched.url, f"malformed JSON: {exc}") from exc

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = self.jitter() * min(
            self.retry.max_delay, self.retry.base_delay * 2 ** (state.attempt_number - 1)
        )
        if isinstance(exc, FetchError) and exc.retry_after is not None:
            return exc.retry_after  # the server said when; obey it (capped in _check_status)
        return backoff

    async def _once(
        self,
        url: str,
        shown: str,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
    ) -> Fetched:
        sent = {"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})}
        slot = self.hosts.slot(url) if self.hosts else None
        if slot:
            await slot.acquire()
        try:
            self.requests += 1
            async with self.client.stream(
                "GET", url, params=params, headers=sent, timeout=self.timeout
            ) as response:
                final = str(response.url)
                self._check_status(response, final)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise self._too_large(final, int(declared))
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise self._too_large(final, size)
                    chunks.append(chunk)
                return Fetched(final, response.status_code, response.headers, b"".join(chunks))
        except httpx.TimeoutException as exc:
            raise FetchError(
                self.source, shown, f"timed out ({type(exc).__name__})", retryable=True
            ) from exc
        except httpx.TransportError as exc:
            raise FetchError(
                self.source,
                shown,
                f"connection failed: {type(exc).__name__}: {exc}",
                retryable=True,
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(self.source, shown, f"{type(exc).__name__}: {exc}") from exc
        finally:
            if slot:
                slot.release()

    def _too_large(self, url: str, size: int) -> ResponseTooLarge:
        return ResponseTooLarge(
            self.source, url, f"response over the size cap ({size} > {self.max_bytes} bytes)"
        )

    def _check_status(self, response: httpx.Response, url: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 429 or status >= 500:
            wait = retry_after_seconds(response.headers.get("retry-after"))
            if wait is not None and wait > self.retry.max_retry_after:
                raise FetchError(
                    self.source,
                    url,
                    f"HTTP {status}; asked to retry after {wait:.0f}s, longer than "
                    f"{self.retry.max_retry_after:.0f}s: giving up for this run",
                    status=status,
                )
            raise FetchError(
                self.source,
                url,
                f"HTTP {status}",
                status=status,
                retryable=True,
                retry_after=wait,
            )
        if status == 404:
            raise FetchError(
                self.source,
                url,
                "HTTP 404 not found: check the board or account name",
                status=status,
            )
        raise FetchError(self.source, url, f"HTTP {status}", status=status)


def fetcher_for(client: httpx.AsyncClient, source: str, fetcher: Fetcher | None) -> Fetcher:
    """The fetcher the caller gave, or a default one for this source."""
    return fetcher if fetcher is not None else Fetcher(client, source, hosts=HostLimiter())


async def read_source(reading: Reading, fetcher: Fetcher) -> Listing:
    """Carry out a connector's reading: each request it yields is done through ``fetcher`` and
    what came of it sent back, until the connector returns its listing."""
    try:
        request = next(reading)
        while True:
            request = reading.send(await _answer(request, fetcher))
    except StopIteration as finished:
        return finished.value


async def _answer(request: Request, fetcher: Fetcher) -> Any:
    if isinstance(request, list):
        return list(await asyncio.gather(*(_answer(one, fetcher) for one in request)))
    if isinstance(request, ReadFile):
        try:
            body = await anyio.Path(request.path).read_bytes()
        except OSError as exc:
            return Failed(f"{fetcher.source}: cannot read {request.path}: {exc.strerror or exc}")
        return Page(request.path, body)
    try:
        if request.json:
            return await fetcher.get_json(
                request.url, params=request.params, headers=request.headers
            )
        fetched = await fetcher.get(request.url, params=request.params, headers=request.headers)
    except FetchError as exc:
        return Failed(str(exc))
    return Page(fetched.url, fetched.content, _charset(fetched.headers))

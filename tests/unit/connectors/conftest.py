"""Fixtures for connector tests: a fake upstream and a fetcher that never really sleeps."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from jobs.connectors.http import CircuitBreaker, Fetcher, HostLimiter, RetryPolicy

from .fakes import Sleeps, Upstream


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_fetcher(sleeps: Sleeps) -> Callable[..., Fetcher]:
    def make(client: httpx.AsyncClient, source: str = "test-source", **options) -> Fetcher:
        options.setdefault("retry", RetryPolicy(attempts=4, base_delay=0.5, max_delay=8.0))
        options.setdefault("breaker", CircuitBreaker(threshold=5, cooldown=60.0))
        options.setdefault("hosts", HostLimiter(4))
        return Fetcher(client, source, sleep=sleeps, jitter=lambda: 1.0, **options)

    return make

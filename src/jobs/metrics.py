"""Prometheus metrics: every metric of the project, defined once here.

Two kinds:

- **events, counted where they happen** (objects below, kept in the memory of the process that
  ran the work): request timings (``web/observability.py``), task durations and failures
  (``task_run``: the procrastinate tasks in ``services.task_queue``, the in-process runner of
  `jobs serve`), syncs and the postings they saw (``services.sync``). A `jobs worker` shows its
  own on ``--metrics-port``; the web's ``/metrics`` shows the web processes' (and, on SQLite,
  the in-process runner's).
- **state, read from the database at scrape time** (``services.metric_figures``): queue depth
  on PostgreSQL, outbox messages by channel and status, each source's last sync. Any web
  process reads the same rows, so the figures are right however many workers and web
  processes run, and survive restarts.

Label values must come from a small fixed set (route templates, task names, source names,
statuses): never ids, addresses or anything personal.

With several web processes (``jobs serve --workers N``) each process keeps its own values in
files under ``PROMETHEUS_MULTIPROC_DIR`` (set by ``jobs serve`` when unset) and ``/metrics``
adds them up (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

T = TypeVar("T")

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
# Seconds: a page should answer in tens of milliseconds; the tail shows queueing.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
TASK_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)

REGISTRY = CollectorRegistry(auto_describe=True)

REQUEST_SECONDS = Histogram(
    "jobs_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
REQUESTS_IN_FLIGHT = Gauge(
    "jobs_http_requests_in_flight",
    "Requests being answered now.",
    registry=REGISTRY,
    multiprocess_mode="livesum",
)
TASK_SECONDS = Histogram(
    "jobs_task_duration_seconds",
    "How long one background task ran, by task name.",
    ["task"],
    buckets=TASK_BUCKETS,
    registry=REGISTRY,
)
TASK_FAILURES = Counter(
    "jobs_task_failures_total",
    "Background tasks that ended in an error, by task name.",
    ["task"],
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "jobs_queue_depth",
    "Background tasks waiting (todo), running (doing) or failed for good, by queue and status.",
    ["queue", "status"],
    registry=REGISTRY,
    # Fed here only by the in-process runner (SQLite: tasks running now); on PostgreSQL the
    # figures come from procrastinate's table at scrape time (services.metric_figures).
    multiprocess_mode="livesum",
)
SYNC_RUNS = Counter(
    "jobs_sync_runs_total",
    "Source syncs, by source name and result (ok, partial, failed).",
    ["source", "status"],
    registry=REGISTRY,
)
SYNC_POSTINGS = Counter(
    "jobs_sync_postings_total",
    "Postings seen by syncs, by source and outcome (created, updated, closed, quarantined).",
    ["source", "outcome"],
    registry=REGISTRY,
)


# What a sync did with each posting it saw: the ``outcome`` label of the sync metrics.
SYNC_OUTCOMES = ("created", "updated", "closed", "quarantined")


class Scraped:
    """A gauge read from the database at scrape time (see ``services.metric_figures``)."""

    def __init__(self, name: str, documentation: str, labels: list[str]) -> None:
        self.name, self.documentation, self.labels = name, documentation, labels

    def family(self, samples: Iterable[tuple[tuple[str, ...], float]]) -> GaugeMetricFamily:
        """The gauge with these (label values, value) samples."""
        family = GaugeMetricFamily(self.name, self.documentation, labels=self.labels)
        for labels, value in samples:
            family.add_metric(list(labels), value)
        return family


QUEUE_DEPTH_READ = Scraped(
    "jobs_queue_depth",
    "Background tasks waiting (todo), running (doing) or failed for good, by queue and status.",
    ["queue", "status"],
)
OUTBOX_MESSAGES = Scraped(
    "jobs_outbox_messages",
    "Messages in the outbox, by channel (sms, email) and status (queued, sending, sent, "
    "delivered, failed, cancelled).",
    ["channel", "status"],
)
SYNC_LAST_SUCCESS = Scraped(
    "jobs_sync_last_success_timestamp_seconds",
    "When each source's last complete (ok) sync finished, in Unix seconds.",
    ["source"],
)
SYNC_LAST_POSTINGS = Scraped(
    "jobs_sync_last_run_postings",
    "Postings of each source's last finished sync, by outcome (created, updated, closed, "
    "quarantined).",
    ["source", "outcome"],
)
SYNC_LAST_FAILED = Scraped(
    "jobs_sync_last_run_failed",
    "1 when each source's last finished sync failed or was partial, else 0.",
    ["source"],
)
DATABASE_READ = Scraped(
    "jobs_metrics_database_up",
    "1 when this scrape could read the database figures, 0 when the database did not answer.",
    [],
)


@contextmanager
def task_run(task: str, queue: str | None = None) -> Iterator[None]:
    """Time one run of a background task into TASK_SECONDS and count it in TASK_FAILURES when it
    raises. With ``queue`` (the in-process runner, which has no queue table) it also counts as
    running in QUEUE_DEPTH meanwhile. A cancelled run (shutdown) is neither timed nor a failure."""
    running = QUEUE_DEPTH.labels(queue=queue, status="doing") if queue else None
    if running:
        running.inc()
    started = time.perf_counter()
    try:
        yield
    except Exception:
        TASK_FAILURES.labels(task=task).inc()
        TASK_SECONDS.labels(task=task).observe(time.perf_counter() - started)
        raise
    else:
        TASK_SECONDS.labels(task=task).observe(time.perf_counter() - started)
    finally:
        if running:
            running.dec()


async def timed(task: str, queue: str | None, call: Awaitable[T]) -> T:
    """Await ``call`` inside ``task_run(task, queue)``."""
    with task_run(task, queue):
        return await call


def keep_in_files(folder: str) -> None:
    """Keep the values of metrics made from now on in ``folder``, which the caller has already
    set as ``PROMETHEUS_MULTIPROC_DIR`` (prometheus-client reads it there). For a process that
    imported this module before the variable was set: the supervisor of `jobs serve --workers
    N`, whose in-process runner the web processes show."""
    if folder and values.ValueClass is values.MutexValue:
        values.ValueClass = values.MultiProcessValue()


class _Together(Collector):
    """The process's (or every web process's) metrics and the figures read at scrape time, one
    family per name (a scraped family joins the live one of the same name)."""

    def __init__(self, base: Collector, extra: Iterable[Metric]) -> None:
        self.base, self.extra = base, list(extra)

    def collect(self) -> Iterator[Metric]:
        families = {family.name: family for family in self.base.collect()}
        for family in self.extra:
            same = families.get(family.name)
            if same is None:
                families[family.name] = family
            else:
                same.samples.extend(family.samples)
        yield from families.values()


def exposition(multiprocess_dir: str = "", extra: Iterable[Metric] = ()) -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and their content type; with
    ``multiprocess_dir`` (``settings.server.metrics_dir``) added up over every web process;
    ``extra``: families read at scrape time."""
    base: Collector = REGISTRY
    if multiprocess_dir:
        base = CollectorRegistry()
        MultiProcessCollector(base, path=multiprocess_dir)
    together = CollectorRegistry(auto_describe=False)
    together.register(_Together(base, extra))
    return generate_latest(together), CONTENT_TYPE_LATEST

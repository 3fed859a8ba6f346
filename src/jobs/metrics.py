"""Prometheus metrics: every metric object of the project, defined once here.

The web app feeds the request metrics itself (``web/observability.py``). Other parts call the
objects below directly, for example::

    from jobs import metrics
    with metrics.TASK_SECONDS.labels(task="rematch_participant").time(): ...
    metrics.TASK_FAILURES.labels(task="sync_source").inc()
    metrics.QUEUE_DEPTH.labels(queue="default", status="todo").set(12)
    metrics.SYNC_RUNS.labels(source="kc-greenhouse", status="ok").inc()
    metrics.SYNC_POSTINGS.labels(source="kc-greenhouse", outcome="created").inc(3)
    metrics.OUTBOX_MESSAGES.labels(channel="sms", status="due").set(4)

Label values must come from a small fixed set (route templates, task names, source names,
statuses): never ids, addresses or anything personal.

With several web processes (``jobs serve --workers N``) each process keeps its own values in
files under ``PROMETHEUS_MULTIPROC_DIR`` (set by ``jobs serve`` when unset) and ``/metrics``
adds them up (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

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
    "Background tasks waiting or running, by queue and status.",
    ["queue", "status"],
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
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
OUTBOX_MESSAGES = Gauge(
    "jobs_outbox_messages",
    "Messages in the outbox, by channel and status (due, sent, failed, stopped).",
    ["channel", "status"],
    registry=REGISTRY,
    multiprocess_mode="mostrecent",
)


def exposition(multiprocess_dir: str = "") -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and their content type; with
    ``multiprocess_dir`` (``settings.server.metrics_dir``) added up over every web process."""
    if multiprocess_dir:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=multiprocess_dir)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

"""A `jobs worker`'s own ``/metrics`` (``--metrics-port``): the task durations and failures and
the syncs counted in that process, under the same rule as the web's (direct loopback, or the
bearer token ``JOBS_METRICS_TOKEN``; anything else is a plain 404).

A small threaded HTTP server beside the worker's event loop: a scrape never waits for a task.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import make_wsgi_app

from jobs import metrics
from jobs.web.observability import may_read_metrics

FORWARDING = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes are not logged (one every few seconds)."""


def metrics_app(token: str) -> Callable[..., Iterable[bytes]]:
    """The WSGI app: this process's metrics at ``/metrics`` for whoever may read them."""
    exposition = make_wsgi_app(metrics.REGISTRY)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        allowed = may_read_metrics(
            environ.get("REMOTE_ADDR", ""),
            environ.get("HTTP_AUTHORIZATION", ""),
            any(name in environ for name in FORWARDING),
            token,
        )
        if environ.get("PATH_INFO") != "/metrics" or not allowed:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
        return exposition(environ, start_response)

    return app


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve_metrics(host: str, port: int, token: str) -> WSGIServer:
    """Start serving in a daemon thread (it ends with the process); returns the server."""
    server = make_server(host, port, metrics_app(token), _Threaded, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, name="jobs-metrics", daemon=True).start()
    return server

"""A tiny HTTP server on 127.0.0.1 that replays recorded payloads, for end-to-end sync tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    body: bytes
    status: int = 200
    content_type: str = "application/json"


@dataclass
class Loopback:
    """Routes by path; a route is a Reply, or a function of the query parameters (for paging).
    Change ``routes`` between requests to change what upstream says."""

    base_url: str
    routes: dict[str, Reply | Callable[[dict[str, str]], Reply]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


@contextmanager
def serve() -> Iterator[Loopback]:
    state: Loopback | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            assert state is not None
            state.requests.append(self.path)
            parts = urlsplit(self.path)
            reply = state.routes.get(parts.path)
            if callable(reply):
                params = {key: values[0] for key, values in parse_qs(parts.query).items()}
                reply = reply(params)
            if reply is None:
                reply = Reply(b'{"error": "not found"}', status=404)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Loopback(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

"""A tiny HTTP server on 127.0.0.1 that replays recorded payloads, for end-to-end sync tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    body: bytes
    status: int = 200
    content_type: str = "application/json"


@dataclass
class Loopback:
    """Routes by path (query ignored); change ``routes`` between requests to change upstream."""

    base_url: str
    routes: dict[str, Reply] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


@contextmanager
def serve() -> Iterator[Loopback]:
    state: Loopback | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            assert state is not None
            state.requests.append(self.path)
            reply = state.routes.get(urlsplit(self.path).path)
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

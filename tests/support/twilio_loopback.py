"""A Twilio-compatible Messages API on 127.0.0.1 for tests: it records every request (path,
basic-auth user, headers, form) and answers each from a script of outcomes: "ok" (201 with a
new sid), an HTTP status such as 429 or 500, or "hang" (no answer until the client gives up)."""

from __future__ import annotations

import base64
import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Recorded:
    path: str
    user: str
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class FakeTwilio:
    base_url: str
    script: list[str | int] = field(default_factory=list)  # consumed in order; empty: "ok"
    requests: list[Recorded] = field(default_factory=list)
    hang_seconds: float = 5.0


@contextmanager
def fake_twilio() -> Iterator[FakeTwilio]:
    state: FakeTwilio | None = None
    sids = itertools.count(1)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            assert state is not None
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode()
            form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
            auth = self.headers.get("Authorization", "")
            user = ""
            if auth.startswith("Basic "):
                user = base64.b64decode(auth[6:]).decode().partition(":")[0]
            with lock:
                state.requests.append(
                    Recorded(self.path, user, {k.lower(): v for k, v in self.headers.items()}, form)
                )
                outcome = state.script.pop(0) if state.script else "ok"
            if outcome == "hang":
                time.sleep(state.hang_seconds)
                return
            if outcome == "ok":
                sid = f"SM{next(sids):032d}"
                body = (
                    f'{{"sid": "{sid}", "status": "queued", "to": "{form.get("To", "")}"}}'
                ).encode()
                status = 201
            else:
                status = int(outcome)
                body = f'{{"code": {status}, "message": "scripted failure"}}'.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = FakeTwilio(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

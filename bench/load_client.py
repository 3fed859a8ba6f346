"""The load's users as a browser on another machine would be: one keep-alive HTTP/1.1 connection
each, GET requests with the session cookie, the answer read whole and left compressed.

``bench_load.py`` runs its 50 users on the same two cores as the server it measures, so every
millisecond the client spends is one the server does not get. httpx costs about 1.4 ms of CPU per
request here (its request and response models, cookie jar, decompression); this client reads the
status line, the headers and the body (by length or chunked) and nothing more, about a tenth of
that. The server does the same work either way: it still compresses what the client accepts.
A real user's browser decompresses on the user's own device, not on the server's cores.
"""

from __future__ import annotations

import asyncio
import contextlib
from http.cookies import SimpleCookie

ACCEPT = b"Accept: text/html,application/json\r\nAccept-Encoding: gzip\r\n"


class HttpError(Exception):
    """A transport failure or an answer this client cannot read."""


class Answer:
    """What the load looks at: the status and the body's size."""

    __slots__ = ("size", "status")

    def __init__(self, status: int, size: int) -> None:
        self.status = status
        self.size = size


class KeepAliveClient:
    """GETs over one connection, reopened when the server closes it; cookies the server sets are
    sent back (name=value; a cookie set to expire is dropped)."""

    def __init__(self, host: str, port: int, cookies: dict[str, str], timeout: float = 120) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = dict(cookies)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> Answer:
        """One GET; reconnects once when a kept-alive connection turns out to be closed."""
        for attempt in (1, 2):
            fresh = self._writer is None
            try:
                return await asyncio.wait_for(self._get(path), self.timeout)
            except (ConnectionError, asyncio.IncompleteReadError) as exc:
                await self.close()
                if fresh or attempt == 2:
                    raise HttpError(type(exc).__name__) from exc
            except TimeoutError as exc:
                await self.close()
                raise HttpError("timeout") from exc
        raise AssertionError("unreachable")

    async def _get(self, path: str) -> Answer:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._writer.write(
            b"GET %s HTTP/1.1\r\nHost: %s:%d\r\n%s%s\r\n"
            % (
                path.encode(),
                self.host.encode(),
                self.port,
                ACCEPT,
                f"Cookie: {cookie}\r\n".encode() if cookie else b"",
            )
        )
        head = await self._reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise HttpError(f"bad status line {lines[0]!r}")
        length, chunked, close = None, False, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif name == "connection":
                close = value.lower() == "close"
            elif name == "set-cookie":
                self._keep_cookie(value)
        size = await (self._chunks() if chunked else self._body(length, close))
        if close:
            await self.close()
        return Answer(int(parts[1]), size)

    async def _body(self, length: int | None, close: bool) -> int:
        assert self._reader is not None
        if length is not None:
            await self._reader.readexactly(length)
            return length
        if close:  # no length: the body runs to the end of the connection
            return len(await self._reader.read())
        return 0

    async def _chunks(self) -> int:
        assert self._reader is not None
        size = 0
        while True:
            line = await self._reader.readuntil(b"\r\n")
            n = int(line.split(b";", 1)[0].strip(), 16)
            if n == 0:
                await self._reader.readuntil(b"\r\n")  # no trailers are sent here
                return size
            await self._reader.readexactly(n + 2)
            size += n

    def _keep_cookie(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] in ("0", "-1") or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    async def close(self) -> None:
        """Close the connection (the next GET opens a new one)."""
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

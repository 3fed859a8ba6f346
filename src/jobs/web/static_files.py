"""Static files under fingerprinted names, kept by browsers for a year, compressed once.

Each file in ``web/static`` is also served as ``name.<hash>.ext``, where the hash is the first
ten hex digits of the SHA-256 of its content; templates link to that name (the ``static``
global), so a changed file gets a new address and the old copy in a browser is never used
again. A fingerprinted answer may therefore be cached for a year and marked immutable; the plain
name still answers (old pages, bookmarks) with a short lifetime.

The files are few and small: they are read once when the app is built and kept in memory with
their gzip form, made once (at the highest level, since it is paid once), so a request for one
costs no file read and no compression. The app's compression leaves these answers alone.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from email.utils import formatdate
from pathlib import Path
from typing import Any, NamedTuple

from litestar import Request, Router, route
from litestar.enums import HttpMethod
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response.base import ASGIResponse

FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")
FOR_A_YEAR = "public, max-age=31536000, immutable"
FOR_A_WHILE = "public, max-age=300"
# Answers this long or longer go out compressed to clients that accept gzip (the app's own
# compression uses the same threshold); the handlers below carry ``SKIP_COMPRESSION``.
COMPRESS_FROM_BYTES = 2048
SKIP_COMPRESSION = "skip_compression"


def fingerprint(path: Path) -> str:
    """``app.css`` -> ``app.<first 10 hex digits of its SHA-256>.css``."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{path.stem}.{digest}{path.suffix}"


class StaticFile(NamedTuple):
    """One static file as it is served: its bytes, their gzip form (None when the file is
    small or does not shrink) and the headers that describe them."""

    name: str
    body: bytes
    gzipped: bytes | None
    media_type: str
    etag: str  # of the plain bytes; the gzip form's has "-gzip" added inside the quotes
    modified: str  # Last-Modified, as HTTP writes dates


def read_static_file(path: Path) -> StaticFile:
    """A static file, read and compressed (once)."""
    body = path.read_bytes()
    gzipped: bytes | None = None
    if len(body) >= COMPRESS_FROM_BYTES:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return StaticFile(
        name=path.name,
        body=body,
        gzipped=gzipped,
        media_type=media_type,
        etag=hashlib.sha256(body).hexdigest()[:32],
        modified=formatdate(path.stat().st_mtime, usegmt=True),
    )


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip (named, and not with q=0)."""
    for part in header.split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() not in ("gzip", "x-gzip"):
            continue
        quality = params.strip().lower().removeprefix("q=").strip()
        try:
            return not params.strip() or float(quality) > 0
        except ValueError:
            return False
    return False


class StaticFiles:
    """The static folder, answering to plain and fingerprinted names alike, from memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        paths = [path for path in sorted(folder.iterdir()) if path.is_file()]
        self.names = {path.name: fingerprint(path) for path in paths}
        self.files: dict[str, StaticFile] = {}
        for path in paths:
            found = read_static_file(path)
            self.files[path.name] = self.files[self.names[path.name]] = found

    def url(self, name: str) -> str:
        """The fingerprinted address of static file ``name`` (the plain one if unknown)."""
        return "/static/" + self.names.get(name, name)

    def answer(self, name: str, accept_encoding: str, *, head: bool = False) -> ASGIResponse:
        """The answer to a GET (or HEAD) of ``/static/<name>``; NotFound for any other name."""
        found = self.files.get(name)
        if found is None:
            raise NotFoundException("no such file")
        body, etag = found.body, found.etag
        headers = {
            "content-disposition": f'inline; filename="{found.name}"',
            "last-modified": found.modified,
        }
        if found.gzipped is not None:
            headers["vary"] = "Accept-Encoding"
            if accepts_gzip(accept_encoding):
                body, etag = found.gzipped, f"{etag}-gzip"
                headers["content-encoding"] = "gzip"
        headers["etag"] = f'"{etag}"'
        if head:
            media = found.media_type
            headers["content-type"] = (
                f"{media}; charset=utf-8" if media.startswith("text/") else media
            )
            headers["content-length"] = str(len(body))
            return ASGIResponse(headers=headers, is_head_response=True, media_type=media)
        return ASGIResponse(body=body, headers=headers, media_type=found.media_type)


def static_router(static: StaticFiles) -> Router:
    """``/static/<name>``: GET and HEAD of the files of ``static``."""

    @route(
        "/{name:str}",
        http_method=[HttpMethod.GET, HttpMethod.HEAD],
        opt={SKIP_COMPRESSION: True},
        include_in_schema=False,
    )
    async def static_file(request: Request[Any, Any, Any], name: FromPath[str]) -> ASGIResponse:
        accepted = request.headers.get("accept-encoding", "")
        return static.answer(name, accepted, head=request.method == HttpMethod.HEAD)

    return Router(path="/static", route_handlers=[static_file])


def cache_control(path: str) -> str:
    """How long a browser may keep the static answer at ``path``."""
    return FOR_A_YEAR if FINGERPRINTED.match(path.rsplit("/", 1)[-1]) else FOR_A_WHILE

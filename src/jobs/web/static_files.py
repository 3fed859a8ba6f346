"""Static files under fingerprinted names, kept by browsers for a year.

Each file in ``web/static`` is also served as ``name.<hash>.ext``, where the hash is the first
ten hex digits of the SHA-256 of its content; templates link to that name (the ``static``
global), so a changed file gets a new address and the old copy in a browser is never used
again. A fingerprinted answer may therefore be cached for a year and marked immutable; the plain
name still answers (old pages, bookmarks) with a short lifetime.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePath
from typing import Any

from litestar.file_system import BaseLocalFileSystem

FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")
FOR_A_YEAR = "public, max-age=31536000, immutable"
FOR_A_WHILE = "public, max-age=300"


def fingerprint(path: Path) -> str:
    """``app.css`` -> ``app.<first 10 hex digits of its SHA-256>.css``."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{path.stem}.{digest}{path.suffix}"


class StaticFiles(BaseLocalFileSystem):
    """The static folder, answering to plain and fingerprinted names alike."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = {
            path.name: fingerprint(path) for path in sorted(folder.iterdir()) if path.is_file()
        }
        self.real = {named: plain for plain, named in self.names.items()}

    def url(self, name: str) -> str:
        """The fingerprinted address of static file ``name`` (the plain one if unknown)."""
        return "/static/" + self.names.get(name, name)

    def _plain(self, path: Any) -> Any:
        pure = PurePath(path)
        plain = self.real.get(pure.name)
        return pure.with_name(plain) if plain else path

    async def info(self, path: Any, **kwargs: Any) -> Any:
        return await super().info(self._plain(path), **kwargs)

    async def open(self, file: Any, mode: str, buffering: int = -1) -> Any:
        return await super().open(self._plain(file), mode, buffering)


def cache_control(path: str) -> str:
    """How long a browser may keep the static answer at ``path``."""
    return FOR_A_YEAR if FINGERPRINTED.match(path.rsplit("/", 1)[-1]) else FOR_A_WHILE

"""What a connector asks to read and what it is given back; ``connectors.http`` does the reading.

A connector's ``read(config, base_url, *, source, known)`` is a generator. It yields a ``Get``
(or a list of them, read at the same time) or a ``ReadFile``, and is sent back what came of each:
the decoded JSON, or a ``Page`` when it asked for the body, or ``Failed`` with the sentence to
report. It returns the ``Listing``. So the connector modules only parse: no HTTP in them, and
one place (``http.read_source``) applies every retry, limit and circuit breaker.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

from jobs.connectors.posting import Listing, ListingBuilder


@dataclass(frozen=True)
class Get:
    """One GET: the address, its query and headers; ``json`` False asks for the body as a Page."""

    url: str
    params: Mapping[str, str | int] | None = None
    headers: Mapping[str, str] | None = None
    json: bool = True


@dataclass(frozen=True)
class ReadFile:
    """A local file to read whole (CSV sources with ``path``)."""

    path: str


@dataclass(frozen=True)
class Page:
    """A body read in full: where it finally came from, its bytes and their declared charset."""

    url: str
    content: bytes
    charset: str | None = None

    @property
    def text(self) -> str:
        """The body as text, in its declared charset (else UTF-8), bad bytes replaced."""
        return self.content.decode(self.charset or "utf-8", errors="replace")


@dataclass(frozen=True)
class Failed:
    """A read that failed for good; ``message`` names the source and the address."""

    message: str


Request = Get | ReadFile | list[Get]
Reading = Generator[Request, Any, Listing]


def listed(answer: Any, key: str | None, builder: ListingBuilder, problem: str) -> list | None:
    """The list a JSON answer holds under ``key`` (``None``: the answer itself).

    None when the read failed or the answer has no such list; the reason is recorded on the
    builder (``problem`` says what was missing).
    """
    if isinstance(answer, Failed):
        builder.error(answer.message)
        return None
    items = answer if key is None else answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(items, list):
        builder.error(problem)
        return None
    return items

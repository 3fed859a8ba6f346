"""Source addresses: an API's default base or the source's own, and mirrors (``--base-url``)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def rebase(url: str, base_url: str | None) -> str:
    """Replace the scheme, host (and path prefix) of a URL by ``base_url``, for mirrors."""
    if not base_url:
        return url
    parts = urlsplit(url)
    base = urlsplit(base_url)
    path = base.path.rstrip("/") + (parts.path if parts.path.startswith("/") else "/" + parts.path)
    return urlunsplit((base.scheme, base.netloc, path, parts.query, ""))


def api_url(default_base: str, path: str, base_url: str | None) -> str:
    """An API address: ``base_url`` (or the kind's default) plus the path."""
    return (base_url or default_base).rstrip("/") + path

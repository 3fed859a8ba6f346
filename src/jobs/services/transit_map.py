"""The transit lines that maps draw under homes and job sites: those of the feed in use
(``JOBS_GTFS_PATH``, else the bundled demo feed), read and projected once per feed and process.

A feed is known by its path, size and modification time, so replacing the file is noticed
without reading it again on every map.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import anyio.to_thread

from jobs.settings import Settings
from jobs.transit.cache import demo_feed_path
from jobs.transit.errors import TransitError
from jobs.transit.lines import ProjectedLines, load_route_lines, project

log = logging.getLogger(__name__)
NO_LINES = ProjectedLines(kx=1.0, lines=())

_lock = threading.Lock()
_projected: dict[tuple[str, int, int], ProjectedLines] = {}


def feed_path(settings: Settings) -> Path:
    """The GTFS feed in use."""
    return Path(settings.transit.gtfs_path or demo_feed_path())


def _key(path: Path) -> tuple[str, int, int]:
    if path.is_dir():
        stats = [p.stat() for p in sorted(path.glob("*.txt"))]
        return (
            str(path.resolve()),
            sum(s.st_size for s in stats),
            max((s.st_mtime_ns for s in stats), default=0),
        )
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def lines_of(path: Path) -> ProjectedLines:
    """The feed's projected lines, from the cache when this feed was read before."""
    try:
        key = _key(path)
    except OSError:
        return NO_LINES
    with _lock:
        found = _projected.get(key)
        if found is not None:
            return found
        try:
            found = project(load_route_lines(path))
        except (TransitError, OSError, KeyError, ValueError) as exc:
            log.warning("no transit lines on maps: %s", exc)
            found = NO_LINES
        _projected[key] = found
        return found


def cached_lines(settings: Settings) -> ProjectedLines | None:
    """The projected lines if they were read already (no file is read)."""
    path = feed_path(settings)
    try:
        return _projected.get(_key(path))
    except OSError:
        return NO_LINES


async def transit_lines(settings: Settings) -> ProjectedLines:
    """The projected lines of the feed in use (read in a worker thread the first time)."""
    found = cached_lines(settings)
    if found is not None:
        return found
    return await anyio.to_thread.run_sync(lines_of, feed_path(settings))

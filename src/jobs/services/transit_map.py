"""The transit lines that maps draw under homes and job sites: those of the feed in use
(``JOBS_GTFS_PATH``, else the bundled demo feed), read and projected once per runtime."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import anyio.to_thread

from jobs.transit.errors import TransitError
from jobs.transit.lines import ProjectedLines, load_route_lines, project

if TYPE_CHECKING:
    from jobs.runtime import Runtime

log = logging.getLogger(__name__)
NO_LINES = ProjectedLines(kx=1.0, lines=())


def lines_of(path: Path) -> ProjectedLines:
    """The feed's route lines, projected for maps; none (and a warning) when it cannot be read."""
    try:
        return project(load_route_lines(path))
    except (TransitError, OSError, KeyError, ValueError) as exc:
        log.warning("no transit lines on maps: %s", exc)
        return NO_LINES


async def transit_lines(runtime: Runtime) -> ProjectedLines:
    """The projected lines of the feed in use (read in a worker thread the first time)."""
    return await anyio.to_thread.run_sync(runtime.transit_lines)

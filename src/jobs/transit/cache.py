"""Loading a feed through a compact on-disk cache (.npz) keyed by the feed's checksum."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from jobs.transit.gtfs import FeedFiles
from jobs.transit.timetable import ARRAY_FIELDS, FORMAT_VERSION, Timetable, build_timetable


def demo_feed_path() -> Path:
    """The bundled hand-written Kansas City demo feed (a folder of GTFS .txt files)."""
    return Path(str(resources.files("jobs.transit") / "demo_feed"))


def cache_dir_in(data_dir: Path) -> Path:
    """Where parsed feeds are cached inside a data dir: `<data dir>/cache/gtfs`."""
    return data_dir / "cache" / "gtfs"


def load_timetable(path: str | Path, cache_dir: str | Path | None = None) -> Timetable:
    """Load a GTFS zip or folder, from the cache when this exact feed was parsed before.

    `cache_dir` None means no cache at all (parse every time).
    """
    feed = FeedFiles(path)
    try:
        checksum = feed.checksum()
        cache_file = None
        if cache_dir is not None:
            cache_file = Path(cache_dir) / f"{checksum[:32]}-v{FORMAT_VERSION}.npz"
            cached = _read_cache(cache_file, checksum)
            if cached is not None:
                return cached
        timetable = build_timetable(feed, checksum)
    finally:
        feed.close()
    if cache_file is not None:
        _write_cache(cache_file, timetable)
    return timetable


def _read_cache(cache_file: Path, checksum: str) -> Timetable | None:
    if not cache_file.exists():
        return None
    try:
        with np.load(cache_file, allow_pickle=False) as data:
            meta = data["meta"]
            if str(meta[0]) != checksum or int(meta[3]) != FORMAT_VERSION:
                return None
            arrays = {name: data[name] for name in ARRAY_FIELDS}
        return Timetable(str(meta[0]), str(meta[1]), dt.date.fromisoformat(str(meta[2])), **arrays)
    except (OSError, KeyError, ValueError):
        return None  # a damaged or foreign cache file is rebuilt, never trusted


def _write_cache(cache_file: Path, timetable: Timetable) -> None:
    meta = np.asarray(
        [
            timetable.checksum,
            timetable.timezone,
            timetable.first_date.isoformat(),
            str(FORMAT_VERSION),
        ]
    )
    tmp = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            # Any: numpy's stub would read a dict of arrays as its allow_pickle flag.
            arrays: dict[str, Any] = timetable.arrays()
            np.savez(handle, meta=meta, **arrays)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache_file)
    except OSError:
        # The cache only saves time: a read-only or full disk must not lose the parsed feed.
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)

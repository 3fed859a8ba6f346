"""Reading GTFS text files from a zip archive or a folder.

This module only knows the file format: which files exist, their columns and rows, and the feed's
checksum. Turning rows into a timetable is `timetable.py`'s job.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from jobs.transit.errors import FeedError

REQUIRED_FILES = ("stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
SERVICE_FILES = ("calendar.txt", "calendar_dates.txt")


class FeedFiles:
    """The text files of one GTFS feed, from a .zip or a folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self._members: dict[str, str] = {}
        if not self.path.exists():
            raise FeedError(f"GTFS feed not found: {self.path}")
        if self.path.is_dir():
            self._members = {p.name: str(p) for p in self.path.iterdir() if p.suffix == ".txt"}
        else:
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise FeedError(f"{self.path}: not a zip archive or folder of GTFS files") from exc
            # Some agencies wrap the files in one folder inside the zip: accept that too.
            for name in self._zip.namelist():
                base = name.rsplit("/", 1)[-1]
                if base.endswith(".txt") and base not in self._members:
                    self._members[base] = name
        if not any(name in self._members for name in REQUIRED_FILES):
            raise FeedError(f"{self.path}: not a GTFS feed (no stops.txt, routes.txt, trips.txt)")
        missing = [name for name in REQUIRED_FILES if name not in self._members]
        if missing:
            raise FeedError(
                f"{self.path}: GTFS feed is missing required file(s): {', '.join(missing)}"
            )
        if not any(name in self._members for name in SERVICE_FILES):
            raise FeedError(
                f"{self.path}: GTFS feed has neither calendar.txt nor calendar_dates.txt"
            )

    def has(self, name: str) -> bool:
        """Whether the feed contains the file `name` (e.g. "frequencies.txt")."""
        return name in self._members

    def _read_bytes(self, name: str) -> bytes:
        member = self._members[name]
        if self._zip is not None:
            return self._zip.read(member)
        return Path(member).read_bytes()

    def rows(self, name: str) -> tuple[dict[str, int], Iterator[list[str]]]:
        """Column index by name and an iterator of stripped rows of `name` (empty if absent)."""
        if name not in self._members:
            return {}, iter(())
        raw = self._read_bytes(name)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        columns = {col.strip(): i for i, col in enumerate(header)}
        width = len(header)

        def generate() -> Iterator[list[str]]:
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if len(row) < width:
                    row = row + [""] * (width - len(row))
                yield [cell.strip() for cell in row]

        return columns, generate()

    def checksum(self) -> str:
        """SHA-256 of the feed's content (the zip's bytes, or the folder's .txt files by name)."""
        digest = hashlib.sha256()
        if self._zip is not None:
            with self.path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        else:
            for name in sorted(self._members):
                digest.update(name.encode() + b"\0")
                digest.update(Path(self._members[name]).read_bytes())
        return digest.hexdigest()

    def close(self) -> None:
        """Close the zip archive, if any."""
        if self._zip is not None:
            self._zip.close()


def parse_time(text: str) -> int | None:
    """Seconds into the service day for "H:MM:SS" (hours may pass 24); None if blank.

    Raises ValueError for a malformed time.
    """
    if not text:
        return None
    parts = text.split(":")
    if len(parts) != 3:
        raise ValueError(f"time {text!r} is not H:MM:SS")
    hours, minutes, seconds = (int(p) for p in parts)
    if hours < 0 or not 0 <= minutes < 60 or not 0 <= seconds < 60:
        raise ValueError(f"time {text!r} is out of range")
    return hours * 3600 + minutes * 60 + seconds

"""The one runtime object: built once by ``create_app`` and by the CLI, passed down to services.

It holds everything that would otherwise be process-wide state: the settings, the field-encryption
key ring, the score weights, the transit planner with its cache of reach answers and the lines
maps draw, the schools and child care the registrant rules measure from, the skills extractor for
this database (the shipped taxonomy plus imported ESCO/O*NET terms) and the shared HTTP client.
Two runtimes in one process (two apps in a test) share none of it. Nothing below ``cli/`` and
``app.py`` reads the environment: they build a runtime from ``Settings`` and hand it on.

The one thing shared between runtimes is the extractor over the shipped taxonomy
(``jobs.skills.extract.shipped_extractor``): it is a pure function of package data and takes
seconds to build.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from jobs.errors import ConfigurationError
from jobs.matching.child_places import ChildPlaces, parse_child_place_list
from jobs.matching.score import InvalidWeight, ScoreWeights, score_weights
from jobs.settings import MatchingSettings, Settings
from jobs.store.audit import load_or_create_audit_key
from jobs.store.encryption import KeyRingSource, key_ring_source
from jobs.transit.cache import cache_dir_in, demo_feed_path, load_timetable
from jobs.transit.planner import Planner
from jobs.transit.reach import ReachCache
from jobs.transit.walking import WalkModel

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.ext.asyncio import AsyncSession

    from jobs.skills.extract import Extractor
    from jobs.transit.lines import ProjectedLines

DEMO_CHILD_PLACES = Path(__file__).resolve().parent / "demo" / "child_places.json"
REACH_ANSWERS_KEPT = 50_000


def weights_for(settings: Settings) -> ScoreWeights:
    """The score weights: matching's defaults with the JOBS_SCORE_* settings applied."""
    try:
        return score_weights(dict(settings.matching.score_weights))
    except InvalidWeight as exc:
        raise ConfigurationError(f"JOBS_SCORE_{exc.name.upper()} {exc.problem}") from None


def read_child_places(path: Path | None, settings: MatchingSettings | None = None) -> ChildPlaces:
    """The schools and child care the registrant rules measure from when none are imported: the
    list at ``path`` (JOBS_CHILD_PLACES_PATH), else the bundled Kansas City demo list, with what
    each says it covers (a bare array of places covers no county)."""
    path = path or DEMO_CHILD_PLACES
    settings = settings or MatchingSettings()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"JOBS_CHILD_PLACES_PATH: cannot read {path}: {exc}") from None
    try:
        found = parse_child_place_list(raw)
    except msgspec.DecodeError as exc:
        raise ConfigurationError(
            f"JOBS_CHILD_PLACES_PATH: {path} is not a list of places"
            f' [{{"name", "kind", "lat", "lon"}}]: {exc}'
        ) from None
    return ChildPlaces(
        found.places,
        found.coverage,
        max_age_days=365 * settings.child_places_max_age_years,
        edge_margin_m=settings.child_places_edge_m,
    )


def gtfs_path(settings: Settings) -> Path:
    """The GTFS feed in use: JOBS_GTFS_PATH, else the bundled Kansas City demo feed."""
    return Path(settings.transit.gtfs_path or demo_feed_path())


@dataclass(eq=False)
class Runtime:
    """What the app or one CLI command shares with every service it calls."""

    settings: Settings
    key_ring: KeyRingSource
    weights: ScoreWeights
    audit_key: bytes = field(default=b"", repr=False)  # signs the audit chain (data_dir/audit.key)
    http: httpx.AsyncClient | None = None  # set by the app's lifespan or the CLI command
    reach_answers: ReachCache = field(default_factory=lambda: ReachCache(REACH_ANSWERS_KEPT))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _planner: Planner | None = field(default=None, repr=False)
    _child_places: ChildPlaces | None = field(default=None, repr=False)
    _stored_places: tuple[tuple[int, str], ChildPlaces] | None = field(default=None, repr=False)
    _transit_lines: ProjectedLines | None = field(default=None, repr=False)
    _extended: tuple[str, Extractor] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings, *, http: httpx.AsyncClient | None = None) -> Runtime:
        """A runtime for ``settings``; a bad score weight or key ring stops here, in one line.
        The planner, the child-places list and the extractor are read on first use."""
        return cls(
            settings=settings,
            key_ring=key_ring_source(settings),
            weights=weights_for(settings),
            audit_key=load_or_create_audit_key(settings.data_dir),
            http=http,
        )

    def planner(self) -> Planner:
        """The transit planner over the configured feed (loaded on first use; blocking)."""
        with self._lock:
            if self._planner is None:
                cache_dir = cache_dir_in(self.settings.data_dir)
                timetable = load_timetable(gtfs_path(self.settings), cache_dir)
                self._planner = Planner(timetable, WalkModel())
            return self._planner

    def child_places(self) -> ChildPlaces:
        """The file list of schools and child care (JOBS_CHILD_PLACES_PATH, else the bundled
        demo list; read on first use): what the rules use while no list is imported."""
        with self._lock:
            if self._child_places is None:
                self._child_places = read_child_places(
                    self.settings.matching.child_places_path, self.settings.matching
                )
            return self._child_places

    async def child_places_in(self, session: AsyncSession) -> ChildPlaces:
        """The schools and child care the registrant rules measure from: the imported lists
        (the ``child_places`` table, read again when an import changed it), else the file list."""
        from jobs.services.child_places import stored_child_places, stored_digest

        digest = await stored_digest(session)
        if not digest[0]:
            return await asyncio.to_thread(self.child_places)
        held = self._stored_places
        if held is not None and held[0] == digest:
            return held[1]
        stored = await stored_child_places(session, self.settings.matching)
        if stored is None:  # emptied since the digest was read
            return await asyncio.to_thread(self.child_places)
        self._stored_places = (digest, stored)
        return stored

    def transit_lines(self) -> ProjectedLines:
        """The feed's route lines projected for maps (read on first use; blocking)."""
        from jobs.services.transit_map import lines_of

        with self._lock:
            if self._transit_lines is None:
                self._transit_lines = lines_of(gtfs_path(self.settings))
            return self._transit_lines

    async def extractor(self, session: AsyncSession) -> Extractor:
        """The skills extractor for this database: the shipped one while nothing was imported,
        else one over the shipped taxonomy extended with the imported terms (built once per
        imported set, in a worker thread)."""
        from jobs.services.taxonomy import build_extended, imported_digest, imported_entries
        from jobs.skills.extract import shipped_extractor

        digest = await imported_digest(session)
        if not digest:
            return await asyncio.to_thread(shipped_extractor)
        held = self._extended
        if held is not None and held[0] == digest:
            return held[1]
        entries = await imported_entries(session)
        extractor = await asyncio.to_thread(build_extended, entries)
        self._extended = (digest, extractor)
        return extractor

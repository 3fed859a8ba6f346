"""Connectors: read openings from job boards and employer systems into normalised postings.

Each kind is a module with an async ``fetch(client, config, base_url, *, fetcher=None)``
returning a ``Listing``; ``KINDS`` names them with the config keys each needs, so
``jobs sources add`` can check a source before it is saved.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import ModuleType

import httpx

from jobs.connectors import (
    ashby,
    csv_file,
    feed,
    greenhouse,
    jsonld,
    lever,
    smartrecruiters,
    usajobs,
    workable,
)
from jobs.connectors.http import Fetcher
from jobs.connectors.posting import Listing, Location, Pay, PostingIn, Quarantined

FetchFunction = Callable[..., Awaitable[Listing]]
# Keys any source may carry: the source's name (used in messages and for its circuit breaker)
# and the zone for dates the source gives without one.
COMMON_KEYS = ("name", "timezone")


@dataclass(frozen=True)
class Kind:
    """One connector kind: its fetch function and the config keys it accepts."""

    name: str
    fetch: FetchFunction
    required: tuple[str, ...] = ()
    required_any: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    default_base_url: str | None = None
    # Keys matching ``prefix.*`` are accepted too (csv column overrides).
    prefixes: tuple[str, ...] = ()
    # Config keys the caller fills from the environment (never stored with the source).
    from_environment: Mapping[str, str] | None = None

    def check(self, config: Mapping[str, str]) -> list[str]:
        """Problems with a source's config, each in a sentence; empty when it is fine."""
        problems = [
            f"{self.name} needs --set {key}=..." for key in self.required if not config.get(key)
        ]
        if self.required_any and not any(config.get(key) for key in self.required_any):
            choices = " or ".join(f"--set {key}=..." for key in self.required_any)
            problems.append(f"{self.name} needs {choices}")
        known = set(self.required) | set(self.required_any) | set(self.optional)
        known |= set(COMMON_KEYS)
        for key in config:
            if key in known or any(key.startswith(p + ".") for p in self.prefixes):
                continue
            problems.append(
                f"{self.name} does not use {key!r}; it takes {', '.join(sorted(known))}"
            )
        return problems

    async def run(
        self,
        client: httpx.AsyncClient,
        config: dict[str, str],
        base_url: str | None = None,
        *,
        fetcher: Fetcher | None = None,
        known: Mapping[str, str] | None = None,
    ) -> Listing:
        """Fetch this kind of source; ``known`` maps open postings' ids to their raw_hash."""
        return await self.fetch(client, config, base_url, fetcher=fetcher, known=known)


def _kind(
    module: ModuleType,
    *,
    prefixes: tuple[str, ...] = (),
    from_environment: Mapping[str, str] | None = None,
) -> Kind:
    return Kind(
        name=module.KIND,
        fetch=module.fetch,
        required=tuple(getattr(module, "REQUIRED", ())),
        required_any=tuple(getattr(module, "REQUIRED_ANY", ())),
        optional=tuple(getattr(module, "OPTIONAL", ())),
        default_base_url=getattr(module, "DEFAULT_BASE", None),
        prefixes=prefixes,
        from_environment=from_environment,
    )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        _kind(greenhouse),
        _kind(lever),
        _kind(ashby),
        _kind(smartrecruiters),
        _kind(workable),
        _kind(
            usajobs,
            from_environment={"key": "JOBS_USAJOBS_KEY", "email": "JOBS_USAJOBS_EMAIL"},
        ),
        _kind(jsonld),
        _kind(feed),
        _kind(csv_file, prefixes=("column",)),
    )
}

__all__ = [
    "KINDS",
    "Fetcher",
    "Kind",
    "Listing",
    "Location",
    "Pay",
    "PostingIn",
    "Quarantined",
]

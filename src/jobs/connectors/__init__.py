"""Connectors: read openings from job boards and employer systems into normalised postings.

Each kind is a module that only parses: its ``read(config, base_url, *, source, known)`` says
what to read (``connectors.reading``) and turns the answers into a ``Listing``; ``Kind.run`` has
``connectors.http`` do the reading. ``KINDS`` names the kinds with the config keys each needs,
so ``jobs sources add`` can check a source before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from jobs.connectors.http import Fetcher, fetcher_for, read_source
from jobs.connectors.posting import Listing, Location, Pay, PostingIn, Quarantined
from jobs.connectors.reading import Reading

ReadFunction = Callable[..., Reading]
# Keys any source may carry: the source's name (used in messages and for its circuit breaker)
# and the zone for dates the source gives without one.
COMMON_KEYS = ("name", "timezone")


@dataclass(frozen=True)
class Kind:
    """One connector kind: how it reads a source and the config keys it accepts."""

    name: str
    read: ReadFunction
    # The source's name in messages when the config gives none ("greenhouse:acme").
    source_label: Callable[[Mapping[str, str]], str]
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
        """Read this kind of source; ``known`` maps open postings' ids to their raw_hash."""
        name = config.get("name") or self.source_label(config)
        http = fetcher_for(client, name, fetcher)
        return await read_source(self.read(config, base_url, source=http.source, known=known), http)


def _kind(
    module: ModuleType,
    *,
    prefixes: tuple[str, ...] = (),
    from_environment: Mapping[str, str] | None = None,
) -> Kind:
    return Kind(
        name=module.KIND,
        read=module.read,
        source_label=module.source_label,
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

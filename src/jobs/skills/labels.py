"""Taxonomy labels in other languages: what a skill or credential is called on a page that is
not in English.

The taxonomy's own labels stay English (``skills.jsonl``); a language's labels live beside it in
``labels_<language>.jsonl``, one ``{"id": ..., "label": ...}`` a line, written by us and reviewed
by a speaker. Only the credentials and entry-level skills participants meet most have one; any
other skill keeps the posting's words.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import msgspec

from jobs.errors import InvalidInput

LANGUAGES = ("es",)


class Label(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One taxonomy id's name in a language."""

    id: str
    label: str


@cache
def labels(language: str) -> dict[str, str]:
    """Every taxonomy id that has a name in ``language``, with that name (empty for English and
    for a language without a table)."""
    if language not in LANGUAGES:
        return {}
    data = resources.files("jobs.skills").joinpath("data", f"labels_{language}.jsonl")
    decoder = msgspec.json.Decoder(Label)
    found: dict[str, str] = {}
    for number, line in enumerate(data.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = decoder.decode(line)
        except msgspec.DecodeError as error:
            raise InvalidInput(f"labels_{language}.jsonl line {number}: {error}") from error
        found[entry.id] = entry.label
    return found


def label_in(language: str, skill_id: str | None) -> str | None:
    """The name of taxonomy skill ``skill_id`` in ``language``, or None when we have none."""
    if not skill_id:
        return None
    return labels(language).get(skill_id)

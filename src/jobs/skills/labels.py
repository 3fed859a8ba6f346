"""Taxonomy labels in other languages: what a skill or credential is called on a page that is
not in English.

The taxonomy's own labels stay English (``skills.jsonl``); a language's labels live beside it in
``labels_<language>.jsonl``, one ``{"id": ..., "label": ...}`` a line, written by us and reviewed
by a speaker; a credential's line also gives the article its name takes in a sentence
(``"article": "la"``: "Obtenga la tarjeta ..."). Only the credentials and entry-level skills
participants meet most have one; any other skill keeps the posting's words.
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
    article: str = ""


def labels(language: str) -> dict[str, str]:
    """Every taxonomy id that has a name in ``language``, with that name (empty for English and
    for a language without a table)."""
    return {skill_id: entry.label for skill_id, entry in _entries(language).items()}


@cache
def _entries(language: str) -> dict[str, Label]:
    if language not in LANGUAGES:
        return {}
    data = resources.files("jobs.skills").joinpath("data", f"labels_{language}.jsonl")
    decoder = msgspec.json.Decoder(Label)
    found: dict[str, Label] = {}
    for number, line in enumerate(data.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = decoder.decode(line)
        except msgspec.DecodeError as error:
            raise InvalidInput(f"labels_{language}.jsonl line {number}: {error}") from error
        found[entry.id] = entry
    return found


def label_in(language: str, skill_id: str | None) -> str | None:
    """The name of taxonomy skill ``skill_id`` in ``language``, or None when we have none."""
    entry = _entries(language).get(skill_id or "")
    return entry.label if entry else None


def name_in_sentence(language: str, skill_id: str | None) -> str | None:
    """The name of taxonomy skill ``skill_id`` in ``language`` as a sentence says it, with its
    article ("la tarjeta de manipulador de alimentos"), or None when we have none."""
    entry = _entries(language).get(skill_id or "")
    if entry is None:
        return None
    return f"{entry.article} {entry.label}" if entry.article else entry.label

"""Employment types (full_time, part_time, contract, temporary...) from the words sources use."""

from __future__ import annotations

import re
from collections.abc import Iterable

from jobs.text_cleaning import clean_text

_EMPLOYMENT = {
    "fulltime": "full_time",
    "full": "full_time",
    "permanent": "full_time",
    "regular": "full_time",
    "parttime": "part_time",
    "part": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "term": "temporary",
    "temporary": "temporary",
    "temp": "temporary",
    "seasonal": "seasonal",
    "intern": "intern",
    "internship": "intern",
    "internships": "intern",
    "perdiem": "per_diem",
    "prn": "per_diem",
    "volunteer": "volunteer",
    "intermittent": "intermittent",
    "apprentice": "apprenticeship",
    "apprenticeship": "apprenticeship",
    "f": "full_time",
    "p": "part_time",
}


def employment_types(values: Iterable[object] | object) -> list[str]:
    """Canonical employment types (full_time, part_time, contract, temporary, intern...).

    Several may be listed in one value ("Full-time, Part-time"). A value that is none of them
    is kept as given, so nothing the source said is lost.
    """
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        values = [values]
    result: list[str] = []
    for value in values:
        text = clean_text(value)
        if not text:
            continue
        pieces = re.split(r"\s*(?:,|/|;|\bor\b|&)\s*", text)
        found = []
        for piece in pieces:
            key = re.sub(r"[^a-z]", "", piece.lower().replace("time", ""))
            if key in _EMPLOYMENT:
                found.append(_EMPLOYMENT[key])
        if not found:
            found = [text]
        for item in found:
            if item not in result:
                result.append(item)
    return result

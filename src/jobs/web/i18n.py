"""Languages of the participant pages: gettext catalogues compiled from the .po files with Babel.

The .po files are the source of truth; they are compiled to .mo in memory the first time a
language is used, so a fresh clone needs no build step.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``language`` (English text as the fallback)."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    if language not in LANGUAGES or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pick_language(*candidates: str | None, accept_language: str = "") -> str:
    """The first supported language among the candidates, then the Accept-Language header."""
    for candidate in candidates:
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    for code in _wishes(accept_language):
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def _wishes(accept_language: str) -> list[str]:
    """The languages of an Accept-Language header, most wanted first (``q`` weights; ties keep
    the header's order; ``q=0`` means "not this one")."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:20]):
        code, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if code.strip() and weight > 0:
            weighted.append((-weight, index, code.strip()[:2].lower()))
    return [code for _, _, code in sorted(weighted)]

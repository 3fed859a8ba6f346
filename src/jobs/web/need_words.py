"""What a job asks for ("What you need"), said in the reader's language.

A need is one of three things: what our code names (the driver's license), said through the
gettext catalogue; a taxonomy skill or credential, said by its name in the reader's language
when we have one (``jobs.skills.labels``); or the posting's own words, shown as posted and, on a
page not in English, quoted «like this» so the reader knows they are the employer's words.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from typing import Any

from jobs.services.review import DRIVERS_LICENSE, Need
from jobs.skills.labels import label_in
from jobs.web.formats import N_

# The needs our code names, in the catalogue's words.
CODE_WORDS: dict[str, str] = {"drivers_license": N_("driver's license")}
assert CODE_WORDS["drivers_license"] == DRIVERS_LICENSE


class NeedWords:
    """The "What you need" list of a job in one language."""

    def __init__(self, language: str, catalogue: gettext.NullTranslations) -> None:
        self.language = language
        self._ = catalogue.gettext

    def need(self, need: Need) -> str:
        """One need in the reader's words."""
        words = CODE_WORDS.get(need.what)
        if words is not None:
            return self._(words)
        if self.language == "en":
            return need.label
        return label_in(self.language, need.id) or f"«{need.label}»"

    def needs(self, needs: Iterable[Need]) -> list[str]:
        """The needs in order, each once in the reader's words."""
        return list(dict.fromkeys(self.need(n) for n in needs if n.label))

    def context(self) -> dict[str, Callable[..., Any]]:
        """The names templates use."""
        return {"need_words": self.needs}

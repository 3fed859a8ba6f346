"""A cheap guess at the posting's language from common function words."""

from __future__ import annotations

import re
from collections import Counter

_WORDS = re.compile(r"[a-zà-ÿ]+")
_FUNCTION_WORDS = {
    "en": {
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "for",
        "with",
        "you",
        "will",
        "is",
        "are",
        "our",
        "be",
        "we",
        "or",
        "on",
        "as",
        "must",
        "this",
        "your",
        "an",
        "by",
        "have",
        "work",
    },
    "es": {
        "el",
        "la",
        "de",
        "que",
        "y",
        "en",
        "los",
        "las",
        "del",
        "para",
        "con",
        "por",
        "una",
        "un",
        "es",
        "se",
        "su",
        "al",
        "como",
        "trabajo",
        "experiencia",
        "más",
    },
    "fr": {
        "le",
        "la",
        "les",
        "de",
        "des",
        "et",
        "en",
        "du",
        "un",
        "une",
        "pour",
        "avec",
        "est",
        "vous",
        "nous",
        "sur",
        "dans",
        "au",
        "aux",
        "travail",
    },
    "de": {
        "der",
        "die",
        "das",
        "und",
        "mit",
        "für",
        "ist",
        "sie",
        "wir",
        "ein",
        "eine",
        "zu",
        "von",
        "im",
        "auf",
        "den",
        "dem",
        "arbeit",
    },
    "pt": {
        "o",
        "os",
        "as",
        "de",
        "do",
        "da",
        "dos",
        "das",
        "e",
        "em",
        "para",
        "com",
        "um",
        "uma",
        "não",
        "por",
        "que",
        "você",
        "trabalho",
    },
}


def guess_language(text: str, sample_chars: int = 5000) -> str:
    """ISO 639-1 code of the likeliest language (en, es, fr, de, pt), or "und" when unsure."""
    words = _WORDS.findall(text[:sample_chars].lower())
    if len(words) < 3:
        return "und"
    counts = Counter(words)
    scores = {lang: sum(counts[word] for word in vocab) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0 or scores[best] < 0.05 * len(words):
        return "und"
    # English wins ties: postings often mix a few Spanish words into English text.
    if scores["en"] >= 0.8 * scores[best]:
        return "en"
    return best

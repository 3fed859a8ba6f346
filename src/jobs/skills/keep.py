"""Which skill candidates to keep: a small logistic score over simple features of each one.

The extractor reads more candidate skills than a person would list (free text cut from an
examination paragraph, a general word linked to a specific skill). Each candidate, after merging,
gets a probability of being a skill a person would write down, from a handful of features (linked
or free text, which reader found it, its section, its length, how often the posting names it);
candidates below the threshold are dropped. The weights and the threshold are fitted by
``tools/fit_skill_keep.py`` on the gold set's tuning postings whose text is ours (in the repo) and
shipped in ``skill_keep.json`` beside this module (see ``SKILL_KEEP_CARD.md``); without that file
the extractor keeps what the rules alone keep.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from importlib import resources

import msgspec

from jobs.skills.linking import GENERIC_WORDS
from jobs.skills.requirements import SkillMention

# Which reader found a span: the taxonomy matcher, an open phrase, a duty phrase, the span model.
# "source_relaxed": every span is free text the rules alone would not keep.
SOURCES = ("taxonomy", "phrase", "duty", "model")
_SECTIONS = ("duties", "requirements", "preferred", "selection", "other")
_KINDS = ("hard_skill", "soft_skill", "tool", "knowledge")

FEATURES: tuple[str, ...] = (
    "linked",
    *(f"source_{s}" for s in SOURCES),
    "source_relaxed",
    *(f"section_{s}" for s in _SECTIONS),
    "any_duty_or_requirement",
    "words_1",
    "words_2",
    "words_3_or_more",
    "log_mentions",
    "generic_share",
    "position",
    "asked",
    "required",
    *(f"kind_{k}" for k in _KINDS),
    "has_examples",
    "label_is_text",
    "log_candidates",
    "model_score",
    "title_case",
    "log_word_repeats",
    "posting_has_selection",
    "linked_in_selection",
    "free_in_selection",
    "first_word_ing",
    "in_a_list",
    "after_knowledge_of",
    "after_ability_to",
    "has_digit",
)
# Features from how often the tuning labels agreed with candidates like this one: the smoothed
# log-odds of the candidate's own key (taxonomy id or free-text label), and the mean and the
# lowest over its words, and its label's last word's (``KeepModel.key_odds`` and ``word_odds``;
# absent keys count as 0).
PRIOR_FEATURES: tuple[str, ...] = ("key_odds", "word_odds_mean", "word_odds_min", "head_odds")

_WORD = re.compile(r"[a-z0-9+#]+")
_KNOWLEDGE_OF = re.compile(r"knowledge\s+of|familiarity\s+with|experience\s+(?:with|in)", re.I)
_ABILITY_TO = re.compile(r"\b(?:ability|able|skill)\s+(?:to|in)\b", re.I)
_FUNCTION = frozenset({
    "a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "as", "by", "at", "its",
    "their",
})  # fmt: skip


class SpanOrigin(msgspec.Struct):
    """What the extractor knows of one evidence span: the readers that found it, the model's
    confidence where the span model found it, and whether the rules alone keep it (``strict``)."""

    sources: set[str] = msgspec.field(default_factory=set)
    model_score: float = 0.0
    strict: bool = False


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _FUNCTION]


def skill_features(
    mention: SkillMention,
    text: str,
    origins: Mapping[tuple[int, int], SpanOrigin],
    candidates: int,
    has_selection: bool,
    word_counts: Mapping[str, int],
) -> list[float]:
    """The feature vector of one merged skill candidate, in ``FEATURES`` order."""
    spans = [(e.start, e.end) for e in mention.evidence] or [(mention.start, mention.end)]
    sources: set[str] = set()
    model_score = 0.0
    strict = False
    for span in spans:
        origin = origins.get(span)
        if origin is not None:
            sources |= origin.sources
            model_score = max(model_score, origin.model_score)
            strict = strict or origin.strict
    words = _words(mention.label)
    count = len(words)
    generic = sum(w in GENERIC_WORDS for w in words) / count if count else 1.0
    section = mention.section if mention.section in _SECTIONS else "other"
    linked = mention.id is not None
    in_selection = section == "selection"
    repeats = min((word_counts.get(w, 0) for w in words), default=0)
    shown = mention.text.strip()
    values = [
        float(linked),
        *(float(s in sources) for s in SOURCES),
        float(not strict),
        *(float(section == s) for s in _SECTIONS),
        float(mention.section in ("duties", "requirements")),
        float(count <= 1),
        float(count == 2),
        float(count >= 3),
        math.log1p(len(spans) - 1),
        generic,
        mention.start / len(text) if text else 0.0,
        float(mention.asked),
        float(mention.required),
        *(float(mention.kind == k) for k in _KINDS),
        float(bool(mention.examples)),
        float(_words(shown) == words),
        math.log1p(candidates),
        model_score,
        float(bool(shown) and all(w[:1].isupper() for w in shown.split())),
        math.log1p(max(0, repeats - 1)),
        float(has_selection),
        float(linked and in_selection),
        float(not linked and in_selection),
        float(bool(words) and words[0].endswith("ing")),
        float(_in_a_list(text, mention.start)),
        float(_KNOWLEDGE_OF.search(text, max(0, mention.start - 200), mention.start) is not None),
        float(_ABILITY_TO.search(text, max(0, mention.start - 100), mention.start) is not None),
        float(any(c.isdigit() for c in mention.label)),
    ]
    return values


def _in_a_list(text: str, start: int) -> bool:
    """Whether the words stand in a list: a colon, semicolon or bullet earlier on their line."""
    line = text[max(text.rfind("\n", 0, start) + 1, start - 200) : start]
    return any(mark in line for mark in (":", ";", "•")) or line.lstrip()[:1] in ("-", "*")


def word_counts(text: str) -> dict[str, int]:
    """How often each word occurs in the text (lower case)."""
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts


def candidate_key(mention: SkillMention) -> str:
    """The key the prior tables use: the taxonomy id, or the free-text label."""
    return mention.id or mention.label.lower()


def candidate_words(mention: SkillMention) -> list[str]:
    """The distinct content words of a candidate's label and posting words."""
    return list(dict.fromkeys(_words(mention.label) + _words(mention.text)))


def prior_features(
    mention: SkillMention, key_odds: Mapping[str, float], word_odds: Mapping[str, float]
) -> list[float]:
    """The ``PRIOR_FEATURES`` values of one candidate."""
    odds = [word_odds.get(w, 0.0) for w in candidate_words(mention)] or [0.0]
    label = _words(mention.label)
    head = word_odds.get(label[-1], 0.0) if label else 0.0
    return [key_odds.get(candidate_key(mention), 0.0), sum(odds) / len(odds), min(odds), head]


class KeepModel(msgspec.Struct, frozen=True):
    """Logistic weights over ``FEATURES`` + ``PRIOR_FEATURES`` and the probability below which
    a candidate goes."""

    features: list[str]
    weights: list[float]
    bias: float
    threshold: float
    means: list[float] = []
    scales: list[float] = []
    key_odds: dict[str, float] = {}
    word_odds: dict[str, float] = {}

    @property
    def uses_priors(self) -> bool:
        """Whether the weights read the prior features (and so the word and label tables)."""
        return len(self.features) > len(FEATURES)

    def probability(self, values: Sequence[float]) -> float:
        """The probability that a candidate with these feature values is a skill to keep."""
        total = self.bias
        for value, weight, mean, scale in zip(
            values, self.weights, self.means, self.scales, strict=True
        ):
            total += weight * (value - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def load_keep_model() -> KeepModel | None:
    """The shipped keep model, or None when its file is absent or names other features (the
    structural ``FEATURES`` alone, or with ``PRIOR_FEATURES``)."""
    try:
        raw = resources.files("jobs.skills").joinpath("skill_keep.json").read_text("utf-8")
    except FileNotFoundError:
        return None
    model = msgspec.convert(json.loads(raw), KeepModel)
    return model if tuple(model.features) in (FEATURES, FEATURES + PRIOR_FEATURES) else None


def keep_skills(
    mentions: list[SkillMention],
    text: str,
    origins: Mapping[tuple[int, int], SpanOrigin],
    model: KeepModel,
    has_selection: bool,
) -> list[SkillMention]:
    """The candidates whose keep probability reaches the model's threshold, in order."""
    counts = word_counts(text)

    def values(mention: SkillMention) -> list[float]:
        row = skill_features(mention, text, origins, len(mentions), has_selection, counts)
        if model.uses_priors:
            row += prior_features(mention, model.key_odds, model.word_odds)
        return row

    return [
        mention for mention in mentions if model.probability(values(mention)) >= model.threshold
    ]

"""The tuning split's dropped skill candidates, one JSON line each, with the rule that dropped them.

    python -m tools.dropped_skills > dropped.jsonl      # every dropped candidate
    python -m tools.dropped_skills --groups             # counts by rule and last word

Reads the tuning split only (``split == tuning``); held-out postings are never read. Runs the
shipped extractor twice over the tuning postings: once as shipped (its skills are the
predictions), once recording every merged candidate (``Extractor.on_candidates``), free text the
rules alone would drop included: open and duty phrases that fail the free-text test
(``is_free_text_skill``, ``is_specific``, the four-word limit) and span-model spans that link to
no taxonomy skill. Each candidate the shipped run does not keep is a line: the rule that dropped
it (``rule``, and for the free-text test which step failed), its sentence, and its gold verdict
(``gain``: it matches a gold label the shipped skills missed; ``same``: a gold label already
matched; ``fp``: no gold label, a false positive if kept), by the harness's ``labels_match``.
A development tool, outside the ``jobs`` package (issue #15, recall).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import Any

from jobs.skills.extract import _MAX_FREE_TEXT_WORDS, Extraction, shipped_extractor
from jobs.skills.keep import FEATURES
from jobs.skills.linking import (
    _ADJECTIVE_ENDINGS,
    _AGENCY,
    _CLAUSE_WORDS,
    _FUNCTION,
    _NOT_HEAD_WORDS,
    _NOT_SKILL_HEADS,
    _VAGUE_MODIFIERS,
    _WORD,
    GENERIC_WORDS,
    MATERIALS,
    is_generic,
)
from jobs.skills.open_skills import is_free_text_skill
from jobs.skills.posting_text import prepare_text
from jobs.skills.requirements import SkillMention
from jobs.skills.taxonomy import normalise_term
from tools.evaluate_skills import (
    GOLD_DIR,
    connector_postings,
    labels_match,
    load_gold_dir,
    match_sets,
    shared_postings,
)
from tools.fit_skill_keep import candidates_of, posting_inputs
from tools.shared_data import SHARED_DATA
from tools.skill_mistakes import _sentence

_RELAXED = FEATURES.index("source_relaxed")
_SOURCES = [(FEATURES.index(f"source_{s}"), s) for s in ("taxonomy", "phrase", "duty", "model")]


def specific_step(words: str) -> str:
    """Which step of ``linking.is_specific`` refuses the words ("" when none does)."""
    found = [
        w for w in _WORD.findall(normalise_term(words)) if w not in _FUNCTION | _VAGUE_MODIFIERS
    ]
    if len(found) < 2 or is_generic(words):
        return "one word"
    last = found[-1]
    if last in MATERIALS:
        return "head a material"
    if last in _NOT_SKILL_HEADS:
        return "head not a skill"
    if last.endswith(_ADJECTIVE_ENDINGS):
        return "head an adjective ending"
    if last in _NOT_HEAD_WORDS or (last.endswith("ed") and not last.endswith("eed")):
        return "head a cut clause"
    if all(w in GENERIC_WORDS for w in found):
        return "all generic"
    if _CLAUSE_WORDS.intersection(found[1:]):
        return "clause word"
    if _AGENCY.search(words):
        return "agency"
    return ""


def rule_of(mention: SkillMention, sources: set[str]) -> str:
    """The rule that dropped a relaxed candidate."""
    if sources <= {"model"}:
        return "model span not linked"
    words = mention.label
    if len(words.split()) > _MAX_FREE_TEXT_WORDS:
        return "free text: over four words"
    if not is_free_text_skill(words):
        return "free text: is_free_text_skill"
    step = specific_step(words)
    return f"free text: is_specific ({step})" if step else "free text: other"


def dropped(tuning: list[Any], postings: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every relaxed candidate of the tuning postings that the shipped run does not keep."""
    extractor = shipped_extractor()
    inputs = posting_inputs(tuning, postings)
    shipped: dict[str, Extraction] = {
        g.id: e for g, e in zip(tuning, extractor.extract_many(inputs), strict=True)
    }
    seen = candidates_of(extractor, inputs)
    rows: list[dict[str, Any]] = []
    for item in tuning:
        extraction = shipped[item.id]
        text = prepare_text(postings[item.id]["text"]).text
        kept = {s.label for s in extraction.skills}
        _, missed, _ = match_sets([(s.label, s.text) for s in extraction.skills], item.skills)
        mentions, values = seen.get(item.id, ([], []))
        for mention, value in zip(mentions, values, strict=True):
            if not value[_RELAXED] or mention.label in kept:
                continue
            sources = {name for index, name in _SOURCES if value[index]}
            gains = [g for g in missed if _matches(mention, g)]
            same = [g for g in item.skills if _matches(mention, g)]
            words = _WORD.findall(mention.label.lower())
            rows.append(
                {"posting": item.id, "style": item.style, "label": mention.label,
                 "span": mention.text, "rule": rule_of(mention, sources),
                 "sources": sorted(sources), "section": mention.section,
                 "verdict": "gain" if gains else "same" if same else "fp",
                 "gold": gains or same, "head": words[-1] if words else "",
                 "words": len(words),
                 "sentence": _sentence(text, mention.start, mention.end)}
            )  # fmt: skip
    return rows


def _matches(mention: SkillMention, gold: str) -> bool:
    return labels_match(mention.label, gold) or labels_match(mention.text, gold)


def _groups(rows: list[dict[str, Any]]) -> None:
    """Counts by rule, then by the last word of the free-text ones, gains against false
    positives."""
    by_rule: Counter[tuple[str, str]] = Counter((r["rule"], r["verdict"]) for r in rows)
    for rule in sorted({r for r, _ in by_rule}):
        counts = {v: by_rule[(rule, v)] for v in ("gain", "same", "fp")}
        shown = "  ".join(f"{v} {n:4d}" for v, n in counts.items())
        print(f"{rule:50s} {shown}")
    print()
    heads: Counter[tuple[str, str]] = Counter((r["head"], r["verdict"]) for r in rows)
    totals = Counter(r["head"] for r in rows)
    for head, _ in totals.most_common(60):
        print(f"{head:20s} gain {heads[(head, 'gain')]:4d}  fp {heads[(head, 'fp')]:5d}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", action="store_true", help="counts by rule and last word")
    args = parser.parse_args(argv)
    gold, postings = load_gold_dir(GOLD_DIR)
    postings = {
        **connector_postings(SHARED_DATA / "connectors"),
        **shared_postings(SHARED_DATA),
        **postings,
    }
    tuning = [g for g in gold if g.split == "tuning" and g.id in postings]
    rows = dropped(tuning, postings)
    if args.groups:
        _groups(rows)
        return 0
    for row in rows:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

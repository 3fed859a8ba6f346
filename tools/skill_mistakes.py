"""The tuning split's skill mistakes, one JSON line each, with what is needed to group them.

    python -m tools.skill_mistakes > mistakes.jsonl         # false positives and misses
    python -m tools.skill_mistakes --kinds                  # counts by kind
    python -m tools.skill_mistakes --modifiers              # linked words before a noun
    python -m tools.skill_mistakes --merged                 # misses read under another label

A false positive is a prediction the harness's matching (``match_sets``) leaves unmatched; each
line carries the prediction's label, taxonomy id (None for free text), section, whether it is
asked or a duty, its span and the sentence around it, and whether the span sits in a list (a
comma or "and"/"or" next to it) or after an example word ("such as", "including"). A miss is a
gold label nothing matched. Held-out postings are never read: only ``split == tuning``.
``--modifiers`` lists instead every linked prediction whose words stand right before a noun they
may only describe ("floor care equipment", "outbound LTL shipments"), one line a span, with the
noun's class (equipment, place, program or client, document, person, activity), for a person to
judge before a head-noun rule is tried (issue #15).
``--merged`` lists the tuning misses whose words a prediction of another label was read from
("OSHA regulations" listed as workplace safety): the gold label, the taxonomy id and label it went
under, the synonym that linked the span (or ``example`` / ``rule``), and the sentence, grouped by
taxonomy entry with counts (tuning only, like every mode here).
A development tool, outside the ``jobs`` package.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from jobs.skills.extract import Extraction, shipped_extractor
from jobs.skills.posting_text import prepare_text
from jobs.skills.requirements import Evidence, SkillMention
from jobs.skills.taxonomy import Taxonomy, load_taxonomy, normalise_term
from tools.evaluate_skills import (
    GOLD_DIR,
    GoldPosting,
    _covers,
    _words,
    connector_postings,
    extract_gold,
    labels_match,
    load_gold_dir,
    match_sets,
    shared_postings,
)
from tools.shared_data import SHARED_DATA

_EXAMPLE_WORDS = re.compile(
    r"\b(?:such as|including|includes|like|e\.g\.|for example|i\.e\.)\s*:?\s*$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.;:!?\n]")


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or bullet) around a span, the span marked with brackets."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    return (text[left:start] + "[" + text[start:end] + "]" + text[end:right]).strip()


def kind_of(record: dict[str, Any]) -> str:
    """A first, mechanical grouping of a false positive (the kinds the analysis starts from)."""
    before, after = record["before"], record["after"]
    if _EXAMPLE_WORDS.search(before[-40:]) or re.search(
        r"\b(?:such as|including|like|e\.g\.)\b[^.;]*$", before[-80:], re.IGNORECASE
    ):
        return "list example"
    if re.search(r"(?:,|\band\b|\bor\b|/)\s*$", before) or re.match(
        r"\s*(?:,|\band\b|\bor\b|/)", after
    ):
        return "list item"
    if record["id"] is not None and not record["words_in_label"]:
        return "linked, label words not in span"
    if record["id"] is not None:
        return "linked"
    return "free text"


def _judged(
    gold: list[GoldPosting], texts: dict[str, str], extractions: dict[str, Extraction]
) -> Iterator[tuple[GoldPosting, Extraction, str, Any]]:
    """Each extracted gold posting with its extraction, prepared text and ``match_sets`` verdict
    (false positives, misses, matches)."""
    for item in gold:
        extraction = extractions.get(item.id)
        if extraction is None:
            continue
        text = prepare_text(texts[item.id]).text
        verdict = match_sets([(s.label, s.text) for s in extraction.skills], item.skills)
        yield item, extraction, text, verdict


def mistakes(
    gold: list[GoldPosting],
    texts: dict[str, str],
    extractions: dict[str, Extraction],
    everything: bool = False,
) -> list[dict[str, Any]]:
    """False-positive and miss records of the given postings (``everything``: every prediction,
    ``fp`` False for those matched or naming a skill already counted)."""
    records: list[dict[str, Any]] = []
    for item, extraction, text, (extra, missed, _) in _judged(gold, texts, extractions):
        extra_labels = {shown.split(" <", 1)[0] for shown in extra}
        for skill in extraction.skills:
            wrong = skill.label in extra_labels
            extra_labels.discard(skill.label)
            if not wrong and not everything:
                continue
            span_words = set(re.findall(r"[a-z]+", skill.text.lower()))
            label_words = set(re.findall(r"[a-z]+", skill.label.lower()))
            record = {
                "posting": item.id,
                "style": item.style,
                "fp": wrong,
                "prediction": True,
                "label": skill.label,
                "id": skill.id,
                "kind_of_skill": skill.kind,
                "section": skill.section,
                "asked": skill.asked,
                "span": skill.text,
                "spans": len(skill.evidence),
                "examples": skill.examples,
                "words_in_label": bool(span_words & label_words),
                "before": text[max(0, skill.start - 80) : skill.start],
                "after": text[skill.end : skill.end + 40],
                "sentence": _sentence(text, skill.start, skill.end),
                "near_gold": [g for g in item.skills if _shares_word(g, skill.label)],
            }
            record["kind"] = kind_of(record)
            records.append(record)
        for label in missed:
            near = [s.label for s in extraction.skills if _shares_word(label, s.label)]
            records.append(
                {"posting": item.id, "style": item.style, "fp": False, "prediction": False,
                 "label": label, "near_predicted": near, "in_text": _in_text(label, text)}
            )  # fmt: skip
    return records


# Words after a span that are no noun it could describe (function words, adverbs, verbs, "such").
_FUNCTION_WORDS = """and in with including or to for of the on sufficient such a an as related
    engaged relating is are be when used by at both from through using applicable safely
    accurately that
    after pertaining orally necessary under following before interact commonly against
    like during will pertinent regarding needed various involving which may involved
    provided if all around you can relevant applied concerning clearly based considering
    associated appropriate"""
_NOT_A_HEAD = frozenset(_FUNCTION_WORDS.split())
# Classes of the noun after the span (the kinds the blind reviews described).
HEAD_CLASSES: dict[str, frozenset[str]] = {
    kind: frozenset(words.split())
    for kind, words in {
        "equipment": """equipment part parts component components system systems machine machines
            machinery conveyor conveyors trailer trailers truck trucks vehicle vehicles tool tools
            device devices computers consoles software modules rack unit units shipments freight""",
        "place": """area areas division divisions plant plants center centre office bay department
            team room shop site yard window floor zone""",
        "program or client": "program programs client clients project projects account accounts",
        "document": """orders order readings reading reports report logs log paperwork sheets
            photos plans records forms tickets documents""",
        "person": """aide aides operator operators worker workers employees personnel supervisor
            supervisors technician tech caregivers positions attendants helpers staff crew crews""",
        "activity": """work activities experience methods practices procedures techniques skills
            knowledge principles rules tasks duties operations services training process
            processes requirements standards concepts basics theory regulations safety""",
    }.items()
}
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'-]*)")


def modifier_rows(
    gold: list[GoldPosting], texts: dict[str, str], extractions: dict[str, Extraction]
) -> list[dict[str, Any]]:
    """Every linked prediction's evidence span followed by a word that may be a noun it describes,
    with the prediction's gold verdict (``fp``) and whether all its spans stand so (``all_spans``:
    only then would a head-noun rule remove the prediction)."""
    rows: list[dict[str, Any]] = []
    for item, extraction, text, (extra, _, _) in _judged(gold, texts, extractions):
        extra_labels = {shown.split(" <", 1)[0] for shown in extra}
        for skill in extraction.skills:
            wrong = skill.label in extra_labels
            extra_labels.discard(skill.label)
            if skill.id is None:
                continue
            spans = skill.evidence or [Evidence(skill.text, skill.start, skill.end)]
            heads = []
            for span in spans:
                found = _NEXT_WORD.match(text, span.end)
                word = found.group(1).lower() if found else ""
                heads.append(word if word not in _NOT_A_HEAD else "")
            for span, head in zip(spans, heads, strict=True):
                if not head:
                    continue
                kind = next((k for k, words in HEAD_CLASSES.items() if head in words), "other")
                rows.append(
                    {"posting": item.id, "fp": wrong, "id": skill.id, "label": skill.label,
                     "span": span.text, "head": head, "head_class": kind,
                     "all_spans": all(heads), "spans": len(spans),
                     "sentence": _sentence(text, span.start, span.end)}
                )  # fmt: skip
    return rows


def merged_rows(
    gold: list[GoldPosting],
    texts: dict[str, str],
    extractions: dict[str, Extraction],
    taxonomy: Taxonomy,
) -> list[dict[str, Any]]:
    """Each tuning miss whose label a prediction of another label was read from: one of its spans
    names the gold label, or the gold label is one of its examples; with the term that linked it."""
    rows: list[dict[str, Any]] = []
    for item, extraction, text, (_, missed, _) in _judged(gold, texts, extractions):
        for label in missed:
            found = _merged_into(label, extraction, taxonomy)
            if found is None:
                continue
            skill, span, via = found
            rows.append(
                {"posting": item.id, "gold": label, "id": skill.id, "label": skill.label,
                 "via": via, "span": span.text,
                 "sentence": _sentence(text, span.start, span.end)}
            )  # fmt: skip
    return rows


def _merged_into(
    label: str, extraction: Extraction, taxonomy: Taxonomy
) -> tuple[SkillMention, Evidence, str] | None:
    """The prediction (of another label) a missed gold label was read under, its span and how."""
    for skill in extraction.skills:
        if labels_match(skill.label, label):
            continue
        spans = skill.evidence or [Evidence(skill.text, skill.start, skill.end)]
        for span in spans:
            if _words_within(label, span.text):
                return skill, span, _linking_term(skill, span.text, taxonomy)
        if any(labels_match(example, label) for example in skill.examples):
            return skill, spans[0], "example"
    return None


def _words_within(label: str, span: str) -> bool:
    """Every word of the gold label is a word of the span, as the harness compares words
    ("cerner" in "Cerner EHR", "osha regulations" in "OSHA regulations")."""
    wanted, said = _words(label), _words(span)
    return bool(wanted) and _covers(said, wanted)


def _linking_term(skill: SkillMention, span: str, taxonomy: Taxonomy) -> str:
    """The taxonomy term of the skill the span is, or holds (longest first); else ``rule``."""
    entry = taxonomy.skills.get(skill.id) if skill.id else None
    if entry is None:
        return "rule"
    said = f" {normalise_term(span)} "
    terms = sorted(taxonomy.terms(entry), key=len, reverse=True)
    return next((t for t in terms if f" {normalise_term(t)} " in said), "rule")


def _shares_word(a: str, b: str) -> bool:
    return bool(set(a.split()) & set(b.split())) or labels_match(a, b)


def _in_text(label: str, text: str) -> bool:
    return label.lower() in text.lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", action="store_true", help="print counts by kind only")
    parser.add_argument("--all", action="store_true", help="every prediction, right ones too")
    parser.add_argument("--modifiers", action="store_true", help="linked words before a noun")
    parser.add_argument("--merged", action="store_true", help="misses read under another label")
    args = parser.parse_args(argv)
    gold, postings = load_gold_dir(GOLD_DIR)
    postings = {
        **connector_postings(SHARED_DATA / "connectors"),
        **shared_postings(SHARED_DATA),
        **postings,
    }
    tuning = [g for g in gold if g.split == "tuning" and g.id in postings]
    extractions = extract_gold(tuning, postings, shipped_extractor())
    texts = {g.id: postings[g.id]["text"] for g in tuning}
    if args.modifiers:
        for row in modifier_rows(tuning, texts, extractions):
            print(json.dumps(row))
        return 0
    if args.merged:
        _print_merged(merged_rows(tuning, texts, extractions, load_taxonomy()))
        return 0
    records = mistakes(tuning, texts, extractions, args.all)
    if args.kinds:
        counts = Counter(r["kind"] for r in records if r["fp"])
        for kind, count in counts.most_common():
            print(f"{count:5d}  {kind}")
        print(f"{sum(not r['prediction'] for r in records):5d}  misses")
        return 0
    for record in records:
        print(json.dumps(record))
    return 0


def _print_merged(rows: list[dict[str, Any]]) -> None:
    """The merged misses grouped by taxonomy entry, largest group first, one JSON line each."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(f"{row['id']}  {row['label']}", []).append(row)
    print(f"{len(rows)} misses read under another label, {len(groups)} entries")
    for key, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n{len(members):4d}  {key}")
        for row in members:
            shown = {k: row[k] for k in ("posting", "gold", "via", "span", "sentence")}
            print("      " + json.dumps(shown))


if __name__ == "__main__":
    raise SystemExit(main())

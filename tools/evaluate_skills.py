"""Evaluation harness: how well extraction matches what people read in real postings.

    python -m tools.evaluate_skills                      # the committed gold set, every split
    python -m tools.evaluate_skills --before main        # ... and main's extractor beside it
    python -m tools.evaluate_skills --split tuning --mistakes   # what to look at while tuning
    python -m tools.evaluate_skills --split tuning --credential-mistakes   # credentials only

reads the committed gold set (``tests/data/skills_gold/*.jsonl``: label records with ``split``
tuning/heldout and ``style``; posting records with ``text`` in the same folder, or the text joined
by id from ``../shared/data/postings``) and prints precision/recall/F1 of skill and credential sets
(fuzzy label match, LABELLING.md) and the accuracy of driver's license, background check, drug test
and exclusionary language, per split and per style; ``--before REF`` runs the extractor of git ref
REF (its ``src/`` exported to a temporary folder) on the same postings and prints both. Span-level
strict and loose P/R/F1 on SkillSpan dev (Skill and Knowledge merged) and overlap recall on the
Decorte validation sets are printed when ``../shared/data`` is present, for the rule extractor's
spans and the trained span model's (``--spans``: only these).
A development tool: it lives outside the ``jobs`` package, and the labelling rules it follows are
in ``src/jobs/skills/LABELLING.md``. ``--mistakes`` lists the differences for the tuning split
only: held-out postings are scored, never inspected.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec
from rapidfuzz import fuzz

from jobs.connectors import usajobs
from jobs.skills.extract import Extraction, Extractor, shipped_extractor
from tools.shared_data import SHARED_DATA
from tools.skills_model import bio_spans

ROOT = Path(__file__).resolve().parents[1]

_FUNCTION_WORDS = {
    "a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "as", "by", "at", "its",
    "their", "s", "use", "using", "used", "knowledge", "skills", "skill", "ability",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9+#]+")


class GoldPosting(msgspec.Struct):
    """One labelled posting (see LABELLING.md)."""

    id: str
    split: str = "tuning"  # tuning | heldout
    style: str = "unknown"  # lacity, ats, job_site, ...
    skills: list[str] = []
    credentials: list[str] = []
    drivers_license: str = "not_mentioned"
    background_check: str = "not_mentioned"
    drug_test: str = "not_mentioned"
    exclusionary: bool = False


class SetScore(msgspec.Struct):
    """Micro-averaged counts and scores for one kind of label set."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


_ABBREVIATIONS = {
    "cdl": "commercial driver license",
    "cert": "certification",
    "math": "mathematics",
    "ppe": "personal protective equipment",
}


def _words(label: str) -> list[str]:
    text = " ".join(_ABBREVIATIONS.get(w, w) for w in _WORD.findall(label.lower()))
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _WORD.findall(text)]
    return [w for w in words if w not in _FUNCTION_WORDS]


class Scorer(msgspec.Struct, frozen=True):
    """How labels are compared (LABELLING.md, "Matching predictions to labels").

    ``action_nouns``: a verb and the noun naming its action are one word ("maintain" and
    "maintenance", "analyze" and "analysis", "operate" and "operation").
    ``distinct_after_matching``: a prediction that matches no gold label counts once with the
    predictions naming the same skill, but two predictions that each match a gold label of their
    own both count ("floor cleaning" and "restroom cleaning" beside a bare "cleaning"); the first
    scorer dropped every prediction matching an earlier one before matching, so a general label
    could swallow specific ones."""

    action_nouns: bool = True
    distinct_after_matching: bool = True


SCORER = Scorer()
FIRST_SCORER = Scorer(action_nouns=False, distinct_after_matching=False)  # before December 2026


def _same_word(a: str, b: str, scorer: Scorer = SCORER) -> bool:
    # "blueprint"/"blueprints", "record"/"recordkeeping": one word starting the other counts;
    # so does a verb and its "-ing" form ("read"/"reading", "measure"/"measuring").
    if a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a))):
        return True
    if scorer.action_nouns:
        return not _action_forms(a).isdisjoint(_action_forms(b))
    return not _verb_forms(a).isdisjoint(_verb_forms(b))


def _verb_forms(word: str) -> set[str]:
    """The word and, for an "-ing" word, the verbs it may come from ("trimming" -> "trim")."""
    forms = {word}
    if len(word) > 5 and word.endswith("ing"):
        stem = word[:-3]
        forms |= {stem, stem + "e"}
        if stem[-1] == stem[-2]:
            forms.add(stem[:-1])
    return forms


# A noun naming a verb's action, by its ending: what to cut off and what to put back to get the
# verb. Only regular endings on words of eight letters or more (seven for "-sis" and "-al"), and
# "-al" only after v or s, so that "station" is not "state", "natural" not "nature".
_ACTION_ENDINGS = (
    ("ication", ("y",)),  # application -> apply, identification -> identify
    ("ation", ("", "e")),  # installation -> install, preparation -> prepare
    ("tion", ("t", "te")),  # inspection -> inspect, operation -> operate
    ("sion", ("se", "de")),  # supervision -> supervise, decision -> decide
    ("enance", ("ain",)),  # maintenance -> maintain
    ("ysi", ("yze", "yse")),  # analysis (its final s dropped by _words) -> analyze
    ("sal", ("se",)),  # disposal -> dispose
    ("val", ("ve",)),  # removal -> remove
)


def _action_forms(word: str) -> set[str]:
    """``_verb_forms`` and, for a noun naming an action, the verbs it may come from."""
    forms = _verb_forms(word)
    for ending, verb_endings in _ACTION_ENDINGS:
        if word.endswith(ending) and len(word) >= (7 if ending in ("ysi", "sal", "val") else 8):
            forms |= {word[: -len(ending)] + tail for tail in verb_endings}
    return forms


def _covers(longer: list[str], shorter: list[str], scorer: Scorer = SCORER) -> bool:
    return all(any(_same_word(word, other, scorer) for other in longer) for word in shorter)


def _is_code(word: str) -> bool:
    return len(word) <= 3 or any(c.isdigit() for c in word)


def _codes_differ(a: list[str], b: list[str]) -> bool:
    # Short codes and numbers name different things though the spelling is close: "cna
    # certificate" and "cmt certificate", "osha 10" and "osha 30", "mig" and "tig welding".
    only_a = {w for w in a if _is_code(w)} - set(b)
    only_b = {w for w in b if _is_code(w)} - set(a)
    return bool(only_a and only_b)


def labels_match(predicted: str, gold: str, scorer: Scorer = SCORER) -> bool:
    """Whether two skill or credential labels name the same thing (rules in LABELLING.md)."""
    a, b = list(dict.fromkeys(_words(predicted))), list(dict.fromkeys(_words(gold)))
    if not a or not b or _codes_differ(a, b):
        return False
    if fuzz.token_sort_ratio(" ".join(a), " ".join(b)) >= 85:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return _covers(longer, shorter, scorer) and len(shorter) * 3 >= len(longer)


def _distinct(labels: Iterable[str], scorer: Scorer = SCORER) -> list[str]:
    """Labels with fuzzy duplicates removed: a set of skills names each skill once."""
    kept: list[str] = []
    for label in labels:
        if not any(labels_match(label, other, scorer) for other in kept):
            kept.append(label)
    return kept


def score_sets(
    predicted: Iterable[str | tuple[str, str]],
    gold: Iterable[str],
    score: SetScore,
    scorer: Scorer = SCORER,
) -> None:
    """Add one posting's one-to-one matches to ``score``.

    A prediction is a label, or a (label, posting words) pair: it matches a gold label when either
    its label or the words it was read from do.
    """
    extra, missed, matched = match_sets(predicted, gold, scorer)
    score.predicted += len(extra) + matched
    score.gold += len(missed) + matched
    score.true_positives += matched


def match_sets(
    predicted: Iterable[str | tuple[str, str]], gold: Iterable[str], scorer: Scorer = SCORER
) -> tuple[list[str], list[str], int]:
    """One posting's one-to-one matching, as ``score_sets`` counts it: the distinct predictions no
    gold label matched, the distinct gold labels nothing matched, and how many matched."""
    remaining = _distinct(gold, scorer)
    pairs = [item if isinstance(item, tuple) else (item, item) for item in predicted]
    words_of = dict(reversed(pairs))
    if scorer.distinct_after_matching:
        labels = list(dict.fromkeys(label for label, _ in pairs))
    else:
        labels = _distinct((label for label, _ in pairs), scorer)

    def shown(label: str) -> str:
        return label if words_of[label] == label else f"{label} <{words_of[label]}>"

    if not scorer.distinct_after_matching:
        extra: list[str] = []
        matched = 0
        for label in labels:
            for index, gold_label in enumerate(remaining):
                if labels_match(label, gold_label, scorer) or labels_match(
                    words_of[label], gold_label, scorer
                ):
                    matched += 1
                    del remaining[index]
                    break
            else:
                extra.append(shown(label))
        return extra, remaining, matched
    fits = [
        [
            index
            for index, gold_label in enumerate(remaining)
            if labels_match(label, gold_label, scorer)
            or labels_match(words_of[label], gold_label, scorer)
        ]
        for label in labels
    ]
    owner = _largest_matching(fits, len(remaining))
    matched_labels = {labels[p] for p in owner if p is not None}
    extra_labels: list[str] = []
    for label in labels:
        if label not in matched_labels and not any(
            labels_match(label, other, scorer) for other in [*matched_labels, *extra_labels]
        ):
            extra_labels.append(label)
    missed = [g for index, g in enumerate(remaining) if owner[index] is None]
    return [shown(label) for label in extra_labels], missed, len(matched_labels)


def _largest_matching(fits: list[list[int]], gold_count: int) -> list[int | None]:
    """A largest one-to-one matching of predictions to gold labels (augmenting paths, in
    prediction order): for each gold label, the prediction it is matched to, or None."""
    owner: list[int | None] = [None] * gold_count

    def place(prediction: int, seen: set[int]) -> bool:
        for index in fits[prediction]:
            if index in seen:
                continue
            seen.add(index)
            current = owner[index]
            if current is None or place(current, seen):
                owner[index] = prediction
                return True
        return False

    for prediction in range(len(fits)):
        place(prediction, set())
    return owner


def load_gold(path: Path) -> list[GoldPosting]:
    """Read the gold jsonl; a bad line raises an error naming the line."""
    decoder = msgspec.json.Decoder(GoldPosting)
    gold = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                gold.append(decoder.decode(line))
            except msgspec.DecodeError as error:
                raise SystemExit(f"{path} line {number}: {error}") from error
    return gold


def evaluate_gold(
    gold: list[GoldPosting], postings: dict[str, dict[str, Any]], extractor: Extractor
) -> dict[str, object]:
    """Skill and credential set scores and field accuracies over the labelled postings."""
    present = [item for item in gold if item.id in postings]
    started = time.perf_counter()
    extractions = extract_gold(present, postings, extractor)
    elapsed = time.perf_counter() - started
    report = score_gold(present, extractions)
    report["missing_postings"] = len(gold) - len(present)
    report["seconds"] = round(elapsed, 3)
    return report


def extract_gold(
    gold: list[GoldPosting], postings: dict[str, dict[str, Any]], extractor: Extractor
) -> dict[str, Extraction]:
    """The extraction of every labelled posting that has text, by id."""
    present = [item for item in gold if item.id in postings]
    inputs = [{"id": g.id, "title": postings[g.id].get("title"), "text": postings[g.id]["text"]}
              for g in present]  # fmt: skip
    return {
        item.id: extraction
        for item, extraction in zip(present, extractor.extract_many(inputs), strict=True)
    }


_FIELDS = ("drivers_license", "background_check", "drug_test", "exclusionary")


def score_gold(gold: list[GoldPosting], extractions: dict[str, Extraction]) -> dict[str, Any]:
    """Set scores and field accuracies of the labelled postings that were extracted."""
    present = [item for item in gold if item.id in extractions]
    skills, taxonomy_skills, credentials = SetScore(), SetScore(), SetScore()
    skills_first_scorer, credentials_first_scorer = SetScore(), SetScore()
    correct = dict.fromkeys(_FIELDS, 0)
    mistakes: list[str] = []
    for item in present:
        extraction = extractions[item.id]
        score_sets([(s.label, s.text) for s in extraction.skills], item.skills, skills)
        score_sets(
            [(s.label, s.text) for s in extraction.skills],
            item.skills,
            skills_first_scorer,
            FIRST_SCORER,
        )
        score_sets(
            [(s.label, s.text) for s in extraction.skills if s.id], item.skills, taxonomy_skills
        )
        score_sets(
            [(c.label, c.text) for c in extraction.credentials], item.credentials, credentials
        )
        score_sets(
            [(c.label, c.text) for c in extraction.credentials],
            item.credentials,
            credentials_first_scorer,
            FIRST_SCORER,
        )
        for field in _FIELDS:
            if getattr(extraction, field) == getattr(item, field):
                correct[field] += 1
            else:
                mistakes.append(
                    f"{item.id}: {field} predicted {getattr(extraction, field)!r},"
                    f" gold {getattr(item, field)!r}"
                )
    count = len(present)
    return {
        "postings": count,
        "missing_postings": 0,
        "skills": _scores(skills),
        "skills_first_scorer": _scores(skills_first_scorer),
        "credentials_first_scorer": _scores(credentials_first_scorer),
        "taxonomy_skills": _scores(taxonomy_skills),
        "credentials": _scores(credentials),
        "accuracy": {
            field: round(correct[field] / count, 3) if count else None for field in _FIELDS
        },
        "mistakes": mistakes,
    }


def skill_differences(item: GoldPosting, extraction: Extraction) -> tuple[list[str], list[str]]:
    """Predicted skills no gold label matches, and gold skills nothing predicted matches."""
    extra = [
        f"{s.label} <{s.text}>"
        for s in extraction.skills
        if not any(labels_match(s.label, g) or labels_match(s.text, g) for g in item.skills)
    ]
    missed = [
        g
        for g in item.skills
        if not any(labels_match(s.label, g) or labels_match(s.text, g) for s in extraction.skills)
    ]
    return extra, missed


GOLD_DIR = ROOT / "tests" / "data" / "skills_gold"
SPLITS = ("tuning", "heldout")


def load_gold_dir(folder: Path) -> tuple[list[GoldPosting], dict[str, dict[str, Any]]]:
    """Label records and posting texts from every ``*.jsonl`` file of the committed gold set: a
    record with ``text`` is a posting, any other a label. A bad line raises naming the line."""
    gold: list[GoldPosting] = []
    postings: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if "text" in record:
                    postings[str(record["id"])] = record
                else:
                    gold.append(msgspec.convert(record, GoldPosting))
            except (ValueError, KeyError, TypeError, msgspec.ValidationError) as error:
                raise SystemExit(f"{path} line {number}: {error}") from error
    return gold, postings


def shared_postings(data: Path) -> dict[str, dict[str, Any]]:
    """Posting texts by id from every ``postings/*.jsonl`` of the shared data folder."""
    postings: dict[str, dict[str, Any]] = {}
    for path in sorted((data / "postings").glob("*.jsonl")) if data.is_dir() else []:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if "id" in record and "text" in record:
                    postings[str(record["id"])] = record
    return postings


def connector_postings(connectors: Path) -> dict[str, dict[str, Any]]:
    """Posting texts (markup kept: the extractor reads HTML) by id, for the real postings the
    connector fixtures in ``../shared/data/connectors`` keep, ids as the gold set writes them."""
    found: dict[str, dict[str, Any]] = {}

    def add(key: str, title: str, text: str) -> None:
        found.setdefault(key, {"id": key, "title": title, "text": text})

    def files(kind: str, pattern: str = "*.json") -> list[Path]:
        return sorted((connectors / kind).glob(pattern)) if connectors.is_dir() else []

    for path in files("greenhouse"):
        for job in json.loads(path.read_text("utf-8"))["jobs"]:
            add(f"greenhouse:{job['id']}", job["title"], html.unescape(job.get("content") or ""))
    for path in files("lever"):
        for post in json.loads(path.read_text("utf-8")):
            lists = "\n".join(
                f"<h3>{item.get('text', '')}</h3>{item.get('content', '')}"
                for item in post.get("lists", [])
            )
            body = post.get("description") or post.get("descriptionPlain", "")
            add(f"lever:{post['id']}", post["text"], f"{body}\n{lists}")
    for path in files("smartrecruiters"):
        payload = json.loads(path.read_text("utf-8"))
        for post in payload.get("content", [payload]):
            sections = (post.get("jobAd") or {}).get("sections") or {}
            body = "\n".join(
                f"<h3>{part.get('title', '')}</h3>{part.get('text', '')}"
                for part in sections.values()
            )
            add(f"smartrecruiters:{post['id']}", post["name"], body)
    for path in files("usajobs"):
        payload = json.loads(path.read_text("utf-8"))
        for item in payload["SearchResult"]["SearchResultItems"]:
            # The text our USAJOBS connector stores (summary, duties, qualifications,
            # requirements, conditions, education, other information): what the gold was
            # labelled from (README), and what the extractor reads in production.
            job = item["MatchedObjectDescriptor"]
            posting = usajobs.to_posting(item)
            add(f"usajobs:{job['PositionID']}", job["PositionTitle"], posting.description_html)
    for path in files("jsonld"):
        for post in json.loads(path.read_text("utf-8")):
            match = re.search(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", post["url"])
            if match:
                add(f"jsonld:{match.group(0)}", post["title"], post["description"])
    for path in files("rss_atom", "*.rss"):
        for item in re.findall(r"<item>(.*?)</item>", path.read_text("utf-8"), re.S):
            guid = re.search(r"<guid[^>]*>(.*?)</guid>", item, re.S)
            description = re.search(r"<description>(.*?)</description>", item, re.S)
            title = re.search(r"<title>(.*?)</title>", item, re.S)
            if guid and description:
                add(
                    f"rss_atom:{guid.group(1).strip()}",
                    html.unescape(title.group(1)) if title else "",
                    html.unescape(html.unescape(description.group(1))),
                )
    return found


def evaluate_splits(
    gold: list[GoldPosting],
    postings: dict[str, dict[str, Any]],
    extractor: Extractor,
    splits: Iterable[str] = SPLITS,
) -> dict[str, Any]:
    """Scores per split, over all its postings and per style, from one extraction run."""
    wanted = [item for item in gold if item.split in set(splits)]
    started = time.perf_counter()
    extractions = extract_gold(wanted, postings, extractor)
    elapsed = time.perf_counter() - started
    report: dict[str, Any] = {
        "postings_per_second": round(len(extractions) / elapsed, 1) if elapsed else None
    }
    for split in splits:
        items = [item for item in wanted if item.split == split]
        if not items:
            continue
        whole = score_gold(items, extractions)
        whole["missing_postings"] = sum(item.id not in extractions for item in items)
        styles = sorted({item.style for item in items})
        report[split] = {
            "all": whole,
            "styles": {
                style: score_gold([i for i in items if i.style == style], extractions)
                for style in styles
            },
        }
    report["_extractions"] = extractions
    return report


def run_before(ref: str, argv: list[str]) -> dict[str, Any]:
    """This harness run with the extractor of git ref ``ref`` (its ``src/`` exported to a
    temporary folder), as the JSON report it prints."""
    with tempfile.TemporaryDirectory(prefix="evaluate-before-") as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "src"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(folder) / "src"), str(ROOT)])}
        done = subprocess.run(
            [sys.executable, "-m", "tools.evaluate_skills", *argv, "--json", "--no-spans"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode not in (0, 2):
        raise SystemExit(f"the extractor of {ref} failed:\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _scores(score: SetScore) -> dict[str, float]:
    return {
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "f1": round(score.f1, 3),
        "true_positives": score.true_positives,
        "predicted": score.predicted,
        "gold": score.gold,
    }


def _predicted_char_spans(extraction: Extraction) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in extraction.skills]
    spans += [(c.start, c.end) for c in extraction.credentials if c.end > c.start]
    return spans


Spans = list[tuple[int, int]]


def score_spans(gold: list[Spans], predicted: list[Spans]) -> dict[str, float | int]:
    """Span-level precision, recall and F1 over sentences, labels merged.

    Strict: a predicted span counts when its character offsets equal a gold span's. Loose: a gold
    span is found when any prediction overlaps it (recall), a prediction is right when it overlaps
    any gold span (precision)."""
    strict = loose_found = loose_right = gold_total = predicted_total = 0
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        gold_set, predicted_set = set(gold_spans), set(predicted_spans)
        gold_total += len(gold_set)
        predicted_total += len(predicted_set)
        strict += len(gold_set & predicted_set)
        loose_found += sum(
            any(ps < ge and gs < pe for ps, pe in predicted_set) for gs, ge in gold_set
        )
        loose_right += sum(
            any(ps < ge and gs < pe for gs, ge in gold_set) for ps, pe in predicted_set
        )

    def f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def ratio(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    strict_p, strict_r = ratio(strict, predicted_total), ratio(strict, gold_total)
    loose_p, loose_r = ratio(loose_right, predicted_total), ratio(loose_found, gold_total)
    return {
        "gold": gold_total,
        "predicted": predicted_total,
        "strict_precision": round(strict_p, 3),
        "strict_recall": round(strict_r, 3),
        "strict_f1": round(f1(strict_p, strict_r), 3),
        "loose_precision": round(loose_p, 3),
        "loose_recall": round(loose_r, 3),
        "loose_f1": round(f1(loose_p, loose_r), 3),
    }


def model_char_spans(extractor: Extractor, texts: list[str]) -> list[Spans]:
    """The span model's spans (``Findings.model_spans``) for each text, labels merged."""
    from jobs.skills.pipeline import findings_of

    return [
        [(span.start, span.end) for span in findings_of(doc).model_spans]
        for doc in extractor.nlp.pipe(texts, batch_size=64)
    ]


def read_skillspan(path: Path, limit: int | None = None) -> tuple[list[str], list[Spans]]:
    """SkillSpan sentences (tokens joined by spaces) and their gold character spans, Skill and
    Knowledge merged; the first ``limit`` sentences when given."""
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    texts, gold_spans = [], []
    for line in lines[:limit]:
        sentence = json.loads(line)
        tokens = sentence["tokens"]
        offsets, position = [], 0
        for token in tokens:
            offsets.append((position, position + len(token)))
            position += len(token) + 1
        texts.append(" ".join(tokens))
        tagged = set(bio_spans(sentence["tags_skill"])) | set(bio_spans(sentence["tags_knowledge"]))
        gold_spans.append([(offsets[s][0], offsets[e - 1][1]) for s, e in sorted(tagged)])
    return texts, gold_spans


def evaluate_skillspan(
    path: Path, extractor: Extractor, limit: int | None = None
) -> dict[str, Any]:
    """Span-level strict and loose P/R/F1 on SkillSpan (Skill and Knowledge merged): the rule
    extractor's skill and credential spans ("rules", what extraction lists) and the span model's
    ("model")."""
    texts, gold_spans = read_skillspan(path, limit)
    started = time.perf_counter()
    rules = [_predicted_char_spans(extraction) for extraction in extractor.extract_many(texts)]
    rules_seconds = time.perf_counter() - started
    started = time.perf_counter()
    model = model_char_spans(extractor, texts)
    model_seconds = time.perf_counter() - started
    rule_scores = score_spans(gold_spans, rules)
    return {
        "sentences": len(texts),
        "gold_spans": sum(len(spans) for spans in gold_spans),
        # the figures this section printed before the span model (rules only)
        "exact_recall": rule_scores["strict_recall"],
        "overlap_recall": rule_scores["loose_recall"],
        "overlap_precision": rule_scores["loose_precision"],
        "rules": {**rule_scores, "seconds": round(rules_seconds, 2)},
        "model": {**score_spans(gold_spans, model), "seconds": round(model_seconds, 2)},
    }


def evaluate_decorte(path: Path, extractor: Extractor) -> dict[str, object]:
    """Span recall on a Decorte validation file (sentence, span, label): overlap with a
    prediction, of the rule extractor and of the span model."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("span") and row.get("sentence")]
    sentences = list(dict.fromkeys(row["sentence"] for row in rows))
    predicted = {
        sentence: _predicted_char_spans(extraction)
        for sentence, extraction in zip(sentences, extractor.extract_many(sentences), strict=True)
    }
    by_model = dict(zip(sentences, model_char_spans(extractor, sentences), strict=True))
    found = found_by_model = total = 0
    for row in rows:
        start = row["sentence"].find(row["span"])
        if start < 0:
            continue
        end = start + len(row["span"])
        total += 1
        found += any(ps < end and start < pe for ps, pe in predicted[row["sentence"]])
        found_by_model += any(ps < end and start < pe for ps, pe in by_model[row["sentence"]])
    return {
        "spans": total,
        "overlap_recall": round(found / total, 3) if total else None,
        "model_overlap_recall": round(found_by_model / total, 3) if total else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Print every figure; exits 2 when there is no gold set to score."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold-dir", type=Path, default=GOLD_DIR, help="the committed gold set")
    parser.add_argument("--gold", type=Path, help="an old-style gold jsonl (every line tuning)")
    parser.add_argument("--heldout", type=Path, help="an old-style held-out jsonl")
    parser.add_argument("--split", choices=SPLITS, action="append", help="only these splits")
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="shared data folder")
    parser.add_argument("--before", metavar="REF", help="also score the extractor of git ref REF")
    parser.add_argument("--no-spans", action="store_true", help="skip SkillSpan and Decorte")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--mistakes", action="store_true", help="list differences (tuning split only)"
    )
    parser.add_argument(
        "--credential-mistakes",
        action="store_true",
        help="list credential false positives and negatives per posting (tuning split only)",
    )
    parser.add_argument(
        "--spans", action="store_true", help="only the span-level sets (SkillSpan dev, Decorte)"
    )
    args = parser.parse_args(argv)
    splits = tuple(args.split or SPLITS)
    gold, postings = load_gold_dir(args.gold_dir)
    for path, split in ((args.gold, "tuning"), (args.heldout, "heldout")):
        if path is not None:
            gold += [msgspec.structs.replace(g, split=split) for g in load_gold(path)]
    postings = {
        **connector_postings(args.data / "connectors"),
        **shared_postings(args.data),
        **postings,
    }
    extractor = shipped_extractor()
    report: dict[str, Any] = {"extractor_version": extractor.version}
    if args.spans:
        pass
    elif gold:
        scored = evaluate_splits(gold, postings, extractor, splits)
        extractions = scored.pop("_extractions")
        report["gold"] = scored
        if args.mistakes and not args.json:
            _print_mistakes([g for g in gold if g.split == "tuning"], extractions)
        if args.credential_mistakes and not args.json:
            _print_credential_mistakes([g for g in gold if g.split == "tuning"], extractions)
    else:
        print(f"no gold set in {args.gold_dir}", file=sys.stderr)
    if args.before and not args.spans:
        passed = ["--gold-dir", str(args.gold_dir), "--data", str(args.data)]
        passed += [f"--split={split}" for split in splits]
        for flag, path in (("--gold", args.gold), ("--heldout", args.heldout)):
            if path is not None:
                passed += [flag, str(path)]
        report["before"] = run_before(args.before, passed)
    if not args.no_spans:
        skillspan = args.data / "skills" / "skillspan" / "dev.json"
        if skillspan.is_file():
            report["skillspan"] = evaluate_skillspan(skillspan, extractor)
        for name in ("house", "tech"):
            path = args.data / "skills" / "decorte-esco" / f"{name}_validation_annotations.csv"
            if path.is_file():
                report[f"decorte_{name}"] = evaluate_decorte(path, extractor)
    if args.json:
        print(json.dumps(report))
    else:
        _print_report(report, args.mistakes)
    if args.spans:
        return 0 if "skillspan" in report else 2
    return 0 if "gold" in report else 2


def _print_mistakes(tuning: list[GoldPosting], extractions: dict[str, Extraction]) -> None:
    for item in tuning:
        extraction = extractions.get(item.id)
        if extraction is None:
            continue
        extra, missed = skill_differences(item, extraction)
        print(f"{item.id} ({item.style})")
        print("   extra:  " + "; ".join(extra))
        print("   missed: " + "; ".join(missed))


def _print_credential_mistakes(
    tuning: list[GoldPosting], extractions: dict[str, Extraction]
) -> None:
    """Per tuning posting with a difference: credentials read that no gold label matches (false
    positives) and gold credentials not read (false negatives), matched as the score matches."""
    for item in tuning:
        extraction = extractions.get(item.id)
        if extraction is None:
            continue
        predicted = [(c.label, c.text) for c in extraction.credentials]
        extra, missed, matched = match_sets(predicted, item.credentials)
        if extra or missed:
            print(f"{item.id} ({item.style}) credentials: {matched} right")
            print("   false +: " + "; ".join(extra))
            print("   false -: " + "; ".join(missed))


_COLUMNS = (
    ("skills P", lambda g: g["skills"]["precision"]),
    ("R", lambda g: g["skills"]["recall"]),
    ("F1", lambda g: g["skills"]["f1"]),
    ("cred F1", lambda g: g["credentials"]["f1"]),
    ("licence", lambda g: g["accuracy"]["drivers_license"]),
    ("backgr", lambda g: g["accuracy"]["background_check"]),
    ("drug", lambda g: g["accuracy"]["drug_test"]),
    ("exclus", lambda g: g["accuracy"]["exclusionary"]),
)


def _cell(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _print_split(name: str, after: dict[str, Any], before: dict[str, Any] | None) -> None:
    title = "tuning set" if name == "tuning" else "held-out set (never tuned against)"
    print(f"{title}: {after['all']['postings']} postings"
          f" ({after['all']['missing_postings']} without text)")  # fmt: skip
    header = "  ".join(f"{label:>{13 if before else 7}}" for label, _ in _COLUMNS)
    print(f"  {'':<16} {'n':>4}  {header}")
    rows = [("all", after["all"]), *((f"  {k}", v) for k, v in after["styles"].items())]
    for label, scores in rows:
        key = label.strip()
        old = None
        if before is not None:
            old = before["all"] if key == "all" else before["styles"].get(key)
        cells = []
        for _, read in _COLUMNS:
            new_value = read(scores)
            if before is not None:
                cells.append(f"{_cell(read(old) if old else None)}→{_cell(new_value)}".rjust(13))
            else:
                cells.append(_cell(new_value).rjust(7))
        print(f"  {label:<16} {scores['postings']:>4}  " + "  ".join(cells))
    s = after["all"]["skills"]
    print(f"  skills: {s['true_positives']} matched, {s['predicted']} predicted, {s['gold']} gold")
    first = after["all"].get("skills_first_scorer")
    if first is not None:
        old_all = (before or {}).get("all", {})
        old = old_all.get("skills_first_scorer")
        cells = [
            (name, old[key] if old else None, first[key])
            for name, key in (("P", "precision"), ("R", "recall"), ("F1", "f1"))
        ]
        credentials = after["all"].get("credentials_first_scorer")
        if credentials is not None:
            old_credentials = old_all.get("credentials_first_scorer")
            cells.append(
                ("cred F1", old_credentials["f1"] if old_credentials else None, credentials["f1"])
            )
        shown = "  ".join(
            f"{name} {_cell(was) + '→' if was is not None else ''}{_cell(now)}"
            for name, was, now in cells
        )
        print(f"  by the first scorer (no action nouns, duplicates dropped first): skills {shown}")


def _print_report(report: dict[str, Any], show_mistakes: bool) -> None:
    before = report.get("before", {}).get("gold")
    if before is not None:
        print(f"extractor {report['before']['extractor_version']} (before) →"
              f" {report['extractor_version']} (after)")  # fmt: skip
    else:
        print(f"extractor {report['extractor_version']}")
    gold = report.get("gold", {})
    for name in SPLITS:
        if gold.get(name):
            _print_split(name, gold[name], before.get(name) if before else None)
    if gold.get("postings_per_second"):
        speed = f"{gold['postings_per_second']} postings/s"
        if before and before.get("postings_per_second"):
            speed = f"{before['postings_per_second']} → {speed}"
        print(f"speed (whole pipeline, this machine): {speed}")
    if show_mistakes:
        for split in SPLITS:
            for mistake in gold.get(split, {}).get("all", {}).get("mistakes", []):
                if split == "tuning":
                    print(f"    {mistake}")
    if "skillspan" in report:
        s = report["skillspan"]
        print(f"SkillSpan dev: {s['gold_spans']} spans in {s['sentences']} sentences "
              "(Skill and Knowledge merged)")  # fmt: skip
        for name in ("rules", "model"):
            m = s[name]
            print(f"  {name:<6} strict P {m['strict_precision']:.3f}  R {m['strict_recall']:.3f}"
                  f"  F1 {m['strict_f1']:.3f};  loose P {m['loose_precision']:.3f}"
                  f"  R {m['loose_recall']:.3f}  F1 {m['loose_f1']:.3f}"
                  f"  ({m['predicted']} predicted, {m['seconds']} s)")  # fmt: skip
    for name in ("house", "tech"):
        if f"decorte_{name}" in report:
            d = report[f"decorte_{name}"]
            print(f"Decorte {name}: {d['spans']} spans, overlap recall {d['overlap_recall']} "
                  f"(rules), {d['model_overlap_recall']} (span model)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

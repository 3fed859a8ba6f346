"""The skill and knowledge span model: convert its training data, train it, score it.

    python -m tools.skills_model convert     # SkillSpan JSON -> var/skills_model/{train,dev}.spacy
    python -m tools.skills_model train --ship  # spaCy train with tools/skills_model.cfg; ship it
    python -m tools.skills_model evaluate    # span-level P/R/F1 on SkillSpan dev, rules and model

``make train-skills`` runs convert and train with the config's fixed seed; the trained pipeline is
copied into ``src/jobs/skills/model/`` (the package ships it, MODEL_CARD.md says what it is). The
converted data stays under the git-ignored ``var/``: SkillSpan is MIT-licensed but its text is not
ours to commit. A development tool, outside the runtime package; CI never trains.

The training data is tokenized with the pipeline's own tokenizer (``blank_english``), so the
model sees the same tokens at run time as in training and its spans index ``doc.text``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.util import load_config

from jobs.skills.pipeline import blank_english
from tools.shared_data import SHARED_DATA

ROOT = Path(__file__).resolve().parents[1]
SKILLSPAN = SHARED_DATA / "skills" / "skillspan"
WORK = ROOT / "var" / "skills_model"
CONFIG = ROOT / "tools" / "skills_model.cfg"
SHIPPED = ROOT / "src" / "jobs" / "skills" / "model"
LABELS = {"tags_skill": "SKILL", "tags_knowledge": "KNOWLEDGE"}
# What the shipped directory keeps of spaCy's model-best (the rest is training bookkeeping).
SHIPPED_PARTS = ("config.cfg", "meta.json", "tokenizer", "vocab", "tok2vec", "ner")


def bio_spans(tags: list[str]) -> list[tuple[int, int]]:
    """Token spans (start, end) of a BIO tag sequence; a stray I- starts a span."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for index, tag in enumerate([*tags, "O"]):
        if tag.startswith("B") or tag == "O":
            if start is not None:
                spans.append((start, index))
                start = None
            if tag.startswith("B"):
                start = index
        elif tag.startswith("I") and start is None:
            start = index
    return spans


def read_skillspan(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """SkillSpan's JSON lines as (text, [(start char, end char, label)]): tokens joined by spaces,
    Skill and Knowledge spans both kept (they overlap in about one span in thirty)."""
    sentences = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        tokens: list[str] = record["tokens"]
        offsets, position = [], 0
        for token in tokens:
            offsets.append((position, position + len(token)))
            position += len(token) + 1
        spans = [
            (offsets[start][0], offsets[end - 1][1], label)
            for field, label in LABELS.items()
            for start, end in bio_spans(record[field])
        ]
        sentences.append((" ".join(tokens), spans))
    return sentences


def to_doc(make_doc: object, text: str, spans: list[tuple[int, int, str]], merged: bool) -> Doc:
    """A Doc with the spans as entities; of overlapping spans the longer one (Skill on a tie)."""
    doc: Doc = make_doc(text)  # type: ignore[operator]
    entities: list[Span] = []
    taken: set[int] = set()
    ranked = sorted(spans, key=lambda s: (-(s[1] - s[0]), s[2] != "SKILL", s[0]))
    for start, end, label in ranked:
        span = doc.char_span(start, end, label="SKILL" if merged else label)
        if span is None:  # cannot happen: our tokenizer only splits SkillSpan's tokens further
            raise ValueError(f"span {start}:{end} does not align with tokens in {text!r}")
        if taken.isdisjoint(range(span.start, span.end)):
            entities.append(span)
            taken.update(range(span.start, span.end))
    doc.ents = sorted(entities, key=lambda s: s.start)
    return doc


def convert(data: Path, out: Path, merged: bool) -> None:
    """Write train.spacy and dev.spacy from SkillSpan's train.json and dev.json."""
    nlp = blank_english()
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        sentences = read_skillspan(data / f"{split}.json")
        docs = DocBin(store_user_data=False)
        kept = total = 0
        for text, spans in sentences:
            doc = to_doc(nlp.make_doc, text, spans, merged)
            docs.add(doc)
            kept += len(doc.ents)
            total += len(spans)
        docs.to_disk(out / f"{split}.spacy")
        print(f"{split}: {len(sentences)} sentences, {kept} of {total} spans kept "
              f"(overlaps dropped) -> {out / f'{split}.spacy'}")  # fmt: skip


def train(
    config: Path, work: Path, output: Path, ship: bool, threads: int, overrides: list[str]
) -> None:
    """spaCy train (niced, ``threads`` BLAS threads) into ``output``; ship model-best if asked."""
    env = {
        **os.environ,
        **{name: str(threads) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                           "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS")},
    }  # fmt: skip
    command = [
        "nice", "-n", "5", sys.executable, "-m", "spacy", "train", str(config),
        "--output", str(output),
        "--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "dev.spacy"),
        *overrides,
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env)
    print(f"trained in {(time.perf_counter() - started) / 60:.1f} min -> {output / 'model-best'}")
    if ship:
        ship_model(output / "model-best", SHIPPED)


def ship_model(best: Path, target: Path) -> None:
    """Copy the trained pipeline's parts into the package (keeping MODEL_CARD.md)."""
    for part in SHIPPED_PARTS:
        destination = target / part
        if destination.is_dir():
            shutil.rmtree(destination)
        elif destination.exists():
            destination.unlink()
    target.mkdir(parents=True, exist_ok=True)
    for part in SHIPPED_PARTS:
        source = best / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    # The vocabulary's strings are every word of the training text; the model reads hashes from
    # our own Doc and needs only its labels (the strings of SkillSpan's words stay out).
    labels = json.loads((target / "meta.json").read_text("utf-8"))["labels"]["ner"]
    (target / "vocab" / "strings.json").write_text(json.dumps(sorted(labels)), "utf-8")
    # The saved config names this machine's training files; the package does not need them.
    config = load_config(target / "config.cfg", interpolate=False)
    config["paths"].update(train=None, dev=None)
    config.to_disk(target / "config.cfg")
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    print(f"shipped to {target} ({size / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    convert_cmd = commands.add_parser("convert", help="SkillSpan JSON -> .spacy files under var/")
    convert_cmd.add_argument("--data", type=Path, default=SKILLSPAN)
    convert_cmd.add_argument("--out", type=Path, default=WORK)
    convert_cmd.add_argument("--merged", action="store_true", help="one label, SKILL")
    train_cmd = commands.add_parser("train", help="train with the config; --ship copies it in")
    train_cmd.add_argument("--config", type=Path, default=CONFIG)
    train_cmd.add_argument("--work", type=Path, default=WORK, help="where convert wrote")
    train_cmd.add_argument("--output", type=Path, default=WORK / "run")
    train_cmd.add_argument("--ship", action="store_true", help="copy model-best into the package")
    train_cmd.add_argument("--threads", type=int, default=1)
    evaluate_cmd = commands.add_parser("evaluate", help="span-level scores on SkillSpan dev")
    evaluate_cmd.add_argument("--data", type=Path, default=SKILLSPAN)
    evaluate_cmd.add_argument("--json", action="store_true")
    args, rest = parser.parse_known_args(argv)  # the rest: spaCy config overrides (--a.b value)
    if rest and args.command != "train":
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "convert":
        if not (args.data / "train.json").is_file():
            print(f"SkillSpan is missing: {args.data}", file=sys.stderr)
            return 2
        convert(args.data, args.out, args.merged)
    elif args.command == "train":
        if not (args.work / "train.spacy").is_file():
            print(f"run `convert` first: {args.work / 'train.spacy'} is missing", file=sys.stderr)
            return 2
        train(args.config, args.work, args.output, args.ship, args.threads, rest)
    else:
        from tools.evaluate_skills import main as evaluate_main

        return evaluate_main(["--spans", "--data", str(args.data.parents[1])]
                             + (["--json"] if args.json else []))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

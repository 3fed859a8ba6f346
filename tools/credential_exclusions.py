"""How many real postings a participant with no credentials is shut out of, and by what.

Extracts the shared data's real postings (``../shared/data/postings/*.jsonl``), assesses each for
a participant with no credentials (with a driver's license unless ``--no-drivers-license``) at a
Kansas City, Missouri site, and prints the tiers, the excluded rows by reason code (and by that
reason alone) and the credentials named by ``credential_missing``. ``--split tuning|heldout``
keeps only the postings of that split of the gold set's labels (``tests/data/skills_gold``);
``--rows`` also prints, per excluded posting, its id and excluding reasons (to compare two runs).
Reads the data in place and writes nothing.

    PYTHONPATH=src python -m tools.credential_exclusions [--no-drivers-license] [--split tuning]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import msgspec

from jobs.matching import PostingFacts, Requirements, assess
from jobs.participant_format import parse_participant
from jobs.skills import extract_many
from tools.shared_data import SHARED_DATA

POSTINGS = SHARED_DATA / "postings"
GOLD_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "skills_gold"
TODAY = dt.date(2026, 11, 28)
SITE = {"text": "Kansas City, MO", "city": "Kansas City", "region": "MO", "postal_code": "64108",
        "county": "Jackson", "lat": 39.0911, "lon": -94.5812}  # fmt: skip


def split_ids(split: str, gold_dir: Path = GOLD_DIR) -> set[str]:
    """The ids of the postings in ``split`` (tuning or heldout) of the gold set's label files."""
    ids = set()
    for path in sorted(gold_dir.glob("labels-*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                if label.get("split") == split:
                    ids.add(label["id"])
    return ids


def main() -> None:
    """Print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-drivers-license", action="store_true")
    parser.add_argument(
        "--split", choices=("tuning", "heldout"), help="only the postings of this gold split"
    )
    parser.add_argument("--rows", action="store_true", help="also print each excluded posting")
    args = parser.parse_args()
    rows = [json.loads(line) for f in sorted(POSTINGS.glob("*.jsonl")) for line in f.open()]
    if args.split:
        wanted = split_ids(args.split)
        rows = [row for row in rows if row["id"] in wanted]
    if not rows:
        raise SystemExit(f"no postings under {POSTINGS}")
    who = parse_participant(
        {"external_ref": "X-1", "name": "No Credentials", "credentials": [],
         "drivers_license": not args.no_drivers_license, "home": {"postal_code": "64130"}}
    )  # fmt: skip
    tiers: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    named: Counter[str] = Counter()
    extracted = extract_many({"id": r["id"], "title": r["title"], "text": r["text"]} for r in rows)
    for row, extraction in zip(rows, extracted, strict=True):
        req = msgspec.convert(msgspec.to_builtins(extraction), Requirements)
        facts = msgspec.convert(
            {"id": row["id"], "title": row["title"].title(), "locations": [SITE],
             "workplace": "on_site", "requirements": msgspec.to_builtins(req)},
            PostingFacts,
        )  # fmt: skip
        found = assess(who, facts, TODAY)
        tiers[found.tier] += 1
        codes = sorted({r.code for r in found.reasons if r.tier == "excluded"})
        by_reason.update(codes)
        if len(codes) == 1:
            alone[codes[0]] += 1
        if args.rows and codes:
            texts = [r.text for r in found.reasons if r.tier == "excluded"]
            print(f"{row['id']}\t" + " | ".join(texts))
        for reason in found.reasons:
            if reason.code == "credential_missing":
                names = reason.text.removeprefix("Requires ").split(": not on")[0]
                named.update(name.lower() for name in names.split(", "))
    print(f"{sum(tiers.values())} postings: {dict(tiers)}")
    print(f"excluded rows by reason: {dict(by_reason.most_common())}")
    print(f"excluded by that reason alone: {dict(alone.most_common())}")
    print(f"credential_missing names: {dict(named.most_common())}")


if __name__ == "__main__":
    main()

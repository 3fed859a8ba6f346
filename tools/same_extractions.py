"""Whether a change to the extractor changes what it extracts: this worktree's extractor and the
extractor of a git ref, run on the same postings, compared posting by posting.

    python -m tools.same_extractions --before main
    python -m tools.same_extractions --dump out.jsonl      # this extractor's readings only
    python -m tools.same_extractions --against out.jsonl   # ... compared with a dump

The postings are every posting of the skills gold set that has text (both splits: only outputs
are compared, no labels are read), the Los Angeles bulletins that ``bench/bench_skills.py`` times,
and the bench's typical postings. A speed change should print no differences. For a held-out
posting only its id and the differing field names are printed, never its text or readings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from tools.evaluate_skills import (
    GOLD_DIR,
    SHARED_DATA,
    connector_postings,
    load_gold_dir,
    shared_postings,
)

ROOT = Path(__file__).resolve().parents[1]
# Differs between any two versions by design: not a difference in what was read.
_IGNORED = ("extractor_version",)


def postings_to_compare(data: Path = SHARED_DATA) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, split, posting) for every gold posting with text, every bench bulletin and the
    bench's typical postings; ``split`` is "heldout" for held-out gold postings."""
    gold, texts = load_gold_dir(GOLD_DIR)
    texts = {**connector_postings(data / "connectors"), **shared_postings(data), **texts}
    chosen: list[tuple[str, str, dict[str, Any]]] = []
    for item in gold:
        if item.id in texts:
            posting = texts[item.id]
            chosen.append((f"gold:{item.id}", item.split, {
                "id": item.id, "title": posting.get("title"), "text": posting["text"]
            }))  # fmt: skip
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_skills  # bench/ is not a package

    for number, text in enumerate(bench_skills.long_postings()):
        chosen.append((f"bulletin:{number}", "bench", {"text": text}))
    for number, text in enumerate(bench_skills.typical_postings(200, seed=7)):
        chosen.append((f"typical:{number}", "bench", {"text": text}))
    return chosen


def dump(path: Path) -> None:
    """Write this extractor's reading of every posting, one JSON object a line."""
    from jobs.skills.extract import shipped_extractor

    chosen = postings_to_compare()
    readings = shipped_extractor().extract_many([posting for _, _, posting in chosen])
    with path.open("w", encoding="utf-8") as out:
        for (key, split, _), extraction in zip(chosen, readings, strict=True):
            record = msgspec.to_builtins(extraction)
            for field in _IGNORED:
                record.pop(field, None)
            out.write(json.dumps({"key": key, "split": split, "reading": record}) + "\n")


def _read(path: Path) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in map(json.loads, path.read_text("utf-8").splitlines()) if row}


def _dump_with(src: Path | None, path: Path) -> None:
    """Run ``dump`` in a fresh process, with ``src`` first on the import path when given."""
    paths = [str(src)] if src is not None else [str(ROOT / "src")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*paths, str(ROOT)])}
    subprocess.run(
        [sys.executable, "-m", "tools.same_extractions", "--dump", str(path)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip


def differences(before: Path, after: Path, show: bool = True) -> int:
    """Print every posting whose reading differs; return how many differ."""
    old, new = _read(before), _read(after)
    differing = 0
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a["reading"] == b["reading"]:
            continue
        differing += 1
        if a is None or b is None:
            print(f"{key}: only {'after' if a is None else 'before'}")
            continue
        fields = sorted(
            f for f in a["reading"].keys() | b["reading"].keys()
            if a["reading"].get(f) != b["reading"].get(f)
        )  # fmt: skip
        print(f"{key}: {', '.join(fields)} differ")
        if show and a["split"] != "heldout":
            for field in fields:
                print(f"  before {field}: {json.dumps(a['reading'].get(field))[:2000]}")
                print(f"  after  {field}: {json.dumps(b['reading'].get(field))[:2000]}")
    print(f"{differing} of {len(old.keys() | new.keys())} postings read differently")
    return differing


def main(argv: list[str] | None = None) -> int:
    """Compare, or dump; exits 1 when any posting is read differently."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", metavar="REF", help="the git ref to compare with")
    parser.add_argument("--dump", type=Path, help="only write this extractor's readings here")
    parser.add_argument(
        "--against", type=Path, help="compare with readings dumped before (instead of a ref)"
    )
    parser.add_argument("--quiet", action="store_true", help="name the postings only")
    args = parser.parse_args(argv)
    if args.dump is not None:
        dump(args.dump)
        return 0
    if args.against is not None:
        with tempfile.TemporaryDirectory(prefix="same-extractions-") as folder:
            after = Path(folder) / "after.jsonl"
            _dump_with(None, after)
            return 1 if differences(args.against, after, show=not args.quiet) else 0
    if not args.before:
        parser.error("give --before REF or --dump PATH")
    with tempfile.TemporaryDirectory(prefix="same-extractions-") as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before, "src"], capture_output=True,
            check=True,
        )  # fmt: skip
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        before, after = Path(folder) / "before.jsonl", Path(folder) / "after.jsonl"
        _dump_with(Path(folder) / "src", before)
        _dump_with(None, after)
        return 1 if differences(before, after, show=not args.quiet) else 0


if __name__ == "__main__":
    raise SystemExit(main())

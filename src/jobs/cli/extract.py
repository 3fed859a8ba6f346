"""``jobs extract`` (files, stdin, or ``--reprocess`` of stored postings) and
``jobs taxonomy import-esco|import-onet`` (parse, store, count)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
import msgspec

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.extraction import extract_postings


def _postings_from(path_name: str, stdin_text: str | None) -> Iterator[dict]:
    """Postings from a .txt/.html file (one posting), a .jsonl file, or stdin ("-")."""
    if path_name == "-":
        text = stdin_text or ""
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith("{") for line in lines):
            yield from _jsonl_postings(lines, "stdin")
        else:
            yield {"id": "stdin", "text": text}
        return
    path = Path(path_name)
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield {"id": path.stem or path_name, "error": f"{path_name}: cannot read: {error.strerror}"}
        return
    text = raw.decode("utf-8", errors="replace")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _jsonl_postings(text.splitlines(), path.name)
    else:
        yield {"id": path.stem, "text": text}


def _jsonl_postings(lines: list[str], source: str) -> Iterator[dict]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = msgspec.json.decode(line)
        except msgspec.DecodeError as error:
            yield {
                "id": f"{source}:{number}",
                "error": f"{source} line {number}: not JSON: {error}",
            }
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield {
                "id": f"{source}:{number}",
                "error": f"{source} line {number}: needs a string 'text'",
            }
            continue
        yield {
            "id": str(record.get("id") if record.get("id") is not None else f"{source}:{number}"),
            "title": record.get("title") if isinstance(record.get("title"), str) else None,
            "text": record["text"],
        }


def _summary(extraction) -> str:
    skills = ", ".join(skill.label for skill in extraction.skills[:12])
    more = f" (+{len(extraction.skills) - 12})" if len(extraction.skills) > 12 else ""
    shifts = "; ".join(
        shift.label
        + (f" {shift.start}-{shift.end}" if shift.start and shift.label[0].isalpha() else "")
        for shift in extraction.shifts
    )
    pay = extraction.pay
    pay_text = "not stated"
    if pay and pay.min is not None:
        pay_text = f"${pay.min:,.2f}" + (
            f"-${pay.max:,.2f}" if pay.max and pay.max != pay.min else ""
        )
        pay_text += f" per {pay.unit}"
    elif pay and pay.depends_on_experience:
        pay_text = "depends on experience"
    lines = [
        f"== {extraction.id or '(no id)'}" + (f" — {extraction.title}" if extraction.title else ""),
        f"   skills: {skills or 'none found'}{more}",
        f"   credentials: {', '.join(c.label for c in extraction.credentials) or 'none'}",
        f"   driver's license: {extraction.drivers_license}"
        + (
            f" (class {extraction.drivers_license_class})"
            if extraction.drivers_license_class
            else ""
        ),
        f"   background check: {extraction.background_check}; drug test: {extraction.drug_test};"
        f" exclusionary: {'yes' if extraction.exclusionary else 'no'};"
        f" fair chance: {extraction.fair_chance.stance}",
        f"   shifts: {shifts or 'not stated'}; pay: {pay_text}",
        f"   setting: {', '.join(flag.flag for flag in extraction.setting) or 'none flagged'}",
    ]
    lines += [f"   note: {note}" for note in extraction.notes]
    lines += [f"   ERROR: {error}" for error in extraction.errors]
    return "\n".join(lines)


@click.command("extract")
@click.argument("paths", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per posting on stdout.")
@click.option(
    "--reprocess",
    is_flag=True,
    help="Re-extract every open posting in the database (after an extractor upgrade).",
)
def extract_command(paths: tuple[str, ...], as_json: bool, reprocess: bool) -> None:
    """Extract requirements from postings: PATH is a .txt file (one posting), a .jsonl file with
    {"id","title","text"} per line, or - for stdin (the default)."""
    from jobs.skills.extract import Extraction, shipped_extractor

    if reprocess:
        if paths:
            raise click.UsageError("--reprocess works on stored postings; give no PATH")
        _reprocess(as_json)
        return

    paths = paths or ("-",)
    stdin_text = sys.stdin.read() if "-" in paths else None
    records = [record for path in paths for record in _postings_from(path, stdin_text)]
    extractor = shipped_extractor()  # files, not the database: the shipped taxonomy
    good = [record for record in records if "error" not in record]
    results = iter(extractor.extract_many(good))
    encoder = msgspec.json.Encoder()
    failures = 0
    for record in records:
        if "error" in record:
            extraction = Extraction(
                id=record["id"], errors=[record["error"]], extractor_version=extractor.version
            )
        else:
            extraction = next(results)
        failures += bool(extraction.errors)
        if as_json:
            click.echo(encoder.encode(extraction).decode())
        else:
            click.echo(_summary(extraction))
    if not as_json:
        click.echo(f"{len(records)} postings, {failures} with errors", err=True)
    if failures and failures == len(records):
        sys.exit(1)


@run_async
async def _reprocess(as_json: bool) -> None:
    runtime = load_runtime()
    async with transaction(runtime) as session:
        count = await extract_postings(session, runtime, reprocess=True)
    if as_json:
        print_json({"reprocessed": count})
    else:
        click.echo(f"re-extracted {count} open postings", err=True)


@click.group("taxonomy")
def taxonomy_group() -> None:
    """Import official taxonomies (ESCO, O*NET) to extend our own."""


def _report_import(kind: str, folder: str, as_json: bool, dry_run: bool) -> None:
    from jobs.errors import InvalidInput
    from jobs.skills.importers import parse_esco, parse_onet

    try:
        parsed = (parse_esco if kind == "esco" else parse_onet)(Path(folder))
    except InvalidInput as error:
        raise click.ClickException(error.message) from error
    counts: dict = {
        "source": kind,
        "files": parsed.files,
        "skills": len(parsed.skills),
        "titles": len(parsed.titles),
        "problems": parsed.problems,
    }
    if not dry_run:
        stored = _store_import(kind, parsed)
        counts.update(created=stored.created, updated=stored.updated,
                      unchanged=stored.unchanged, stored=stored.stored)  # fmt: skip
    if as_json:
        click.echo(msgspec.json.encode(counts).decode())
        return
    files = ", ".join(parsed.files)
    click.echo(f"{kind}: {counts['skills']} skills, {counts['titles']} titles from {files}")
    if not dry_run:
        click.echo(
            f"  stored: {counts['created']} new, {counts['updated']} changed,"
            f" {counts['unchanged']} unchanged; {counts['stored']} {kind} entries in the database"
        )
    for problem in parsed.problems[:20]:
        click.echo(f"  problem: {problem}", err=True)
    if len(parsed.problems) > 20:
        click.echo(f"  ... and {len(parsed.problems) - 20} more problems", err=True)


@run_async
async def _store_import(kind: str, parsed):
    from jobs.services.taxonomy import import_taxonomy

    async with transaction(load_runtime()) as session:
        return await import_taxonomy(session, kind, parsed)


_DRY_RUN = click.option(
    "--dry-run", is_flag=True, help="Only parse and count; write nothing to the database."
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")


@taxonomy_group.command("import-esco")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@_JSON
@_DRY_RUN
def import_esco(folder: str, as_json: bool, dry_run: bool) -> None:
    """Import ESCO CSV files from FOLDER (skills_en.csv, transversalSkillsCollection_en.csv,
    skills_id_label.csv, occupations_en.csv) into the database, extending the taxonomy that
    extraction uses. Importing the same files again changes nothing."""
    _report_import("esco", folder, as_json, dry_run)


@taxonomy_group.command("import-onet")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@_JSON
@_DRY_RUN
def import_onet(folder: str, as_json: bool, dry_run: bool) -> None:
    """Import O*NET text files from FOLDER (Occupation Data, Alternate Titles, Sample of Reported
    Titles, Technology Skills; .txt or .txt.gz) into the database, extending the taxonomy that
    extraction uses. Importing the same files again changes nothing."""
    _report_import("onet", folder, as_json, dry_run)

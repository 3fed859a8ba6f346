"""``jobs employers``: which synced postings belong to which employer."""

from __future__ import annotations

import click
from sqlalchemy import select

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.errors import NotFound
from jobs.services.employer_names import confirm_alias
from jobs.store import Employer


@click.group("employers")
def employers() -> None:
    """Employers in the portal and the names job boards give them."""


@employers.command("alias")
@click.argument("employer_key")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def alias_command(employer_key: str, name: str, as_json: bool) -> None:
    """Confirm that synced postings naming NAME are the employer EMPLOYER_KEY's (they link to
    it from the next sync on, while it is approved)."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        employer = await session.scalar(select(Employer).where(Employer.key == employer_key))
        if employer is None:
            raise NotFound(f"no employer with key {employer_key!r}")
        alias = await confirm_alias(session, None, employer.id, name)
        result = {"employer": employer.key, "alias": alias.name, "status": employer.status}
    if as_json:
        print_json(result)
    else:
        click.echo(f"postings naming {alias.name!r} now link to {employer.key}", err=True)

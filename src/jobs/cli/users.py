"""``jobs users``: accounts."""

from __future__ import annotations

import sys

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.accounts import add_user
from jobs.services.sign_in import unlock
from jobs.services.visibility import audit
from jobs.store import ROLES


@click.group("users")
def users() -> None:
    """Accounts for staff, employers and participants."""


@users.command("add")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--email", required=True)
@click.option("--name", "display_name", default="", help="Name shown in the portal.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--json", "as_json", is_flag=True, help="Print the new account as JSON.")
@run_async
async def add_command(
    role: str, email: str, display_name: str, password_stdin: bool, as_json: bool
) -> None:
    """Create an account; the password is stored as an argon2id hash."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    runtime = load_runtime()
    async with transaction(runtime) as session:
        user = await add_user(
            session, email=email, role=role, password=password, display_name=display_name
        )
        result = {"id": user.id, "email": user.email, "role": user.role}
    if as_json:
        print_json(result)
    else:
        click.echo(f"created {role} account {result['email']} (id {result['id']})", err=True)


@users.command("unlock")
@click.argument("email")
@run_async
async def unlock_command(email: str) -> None:
    """Unlock an account locked after too many failed sign-ins."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        user = await unlock(session, email)
        await audit(session, None, "account_unlocked", "user", user.id, detail={"by": "cli"})
    click.echo(f"unlocked {user.email}", err=True)

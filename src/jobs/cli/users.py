"""``jobs users``: accounts."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.accounts import add_user
from jobs.services.demo import demo_emails
from jobs.services.sign_in import unlock
from jobs.services.totp import code_at
from jobs.services.visibility import audit
from jobs.store import ROLES, User
from jobs.store.base import utcnow


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


@users.command("code")
@click.argument("email")
@run_async
async def code_command(email: str) -> None:
    """Print the current 6-digit sign-in code of a demo account (development only), so a
    newcomer can try the staff pages without an authenticator app."""
    runtime = load_runtime()
    if runtime.settings.env == "production":
        raise click.ClickException("refused in production: use an authenticator app")
    if email.strip().lower() not in demo_emails():
        raise click.ClickException(f"{email} is not a demo account: use an authenticator app")
    async with transaction(runtime) as session:
        user = await session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None or not user.totp_secret:
            raise click.ClickException(f"{email} has no second factor yet: run `jobs demo` first")
        now = utcnow()
        code = code_at(user.totp_secret, now)
        await audit(session, None, "demo_code_shown", "user", user.id, detail={"by": "cli"})
    left = 30 - int(now.timestamp()) % 30
    click.echo(code)
    click.echo(f"valid for about {left} more seconds", err=True)

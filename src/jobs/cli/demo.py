"""``jobs demo``: load the Kansas City demo data set and print the demo logins."""

from __future__ import annotations

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.demo import load_demo
from jobs.services.totp import provisioning_uri


@click.command("demo")
@click.option("--reset", is_flag=True, help="Remove the demo data first, then load it afresh.")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def demo(reset: bool, as_json: bool) -> None:
    """Load the Kansas City demo data (idempotent) and print the demo logins."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        report = await load_demo(session, runtime, reset=reset)
    if as_json:
        print_json(
            {
                "created": report.created,
                "updated": report.updated,
                "logins": [
                    {"email": e, "role": r, "totp_secret": report.second_factors.get(e)}
                    for e, r in report.logins
                ],
                "password": report.password,
            }
        )
        return
    made = ", ".join(f"{n} {k}" for k, n in report.created.items() if n) or "nothing new"
    changed = ", ".join(f"{n} {k}" for k, n in report.updated.items() if n) or "nothing"
    click.echo(f"demo data: created {made}; updated {changed}", err=True)
    click.echo("Demo logins (password " + report.password_note + "):")
    for email, role in report.logins:
        click.echo(f"  {role:<12} {email:<26} {report.password}")
    if report.second_factors:
        click.echo(
            "Staff also type a 6-digit code: add these keys to an authenticator app "
            "(time-based, 6 digits, 30 s), or open the otpauth:// address on the phone:"
        )
        for email, secret in report.second_factors.items():
            click.echo(f"  {email:<26} {secret}")
            click.echo(f"    {provisioning_uri(secret, email)}")
        click.echo(
            "No app at hand? `jobs users code specialist@example.org` prints the current code"
            " (development only, demo accounts only)."
        )

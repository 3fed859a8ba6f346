"""``jobs messages``: send what is due from the outbox, and list it."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from jobs.cli.runtime import http_client, load_runtime, print_json, run_async, sessions
from jobs.services.outbox import MessageView, list_messages, send_due
from jobs.store.messages import MESSAGE_STATUSES


@click.group("messages")
def messages() -> None:
    """Texts and emails: the outbox (JOBS_TWILIO_*, JOBS_SMTP_URL, JOBS_QUIET_HOURS)."""


def _moment(value: str | None, zone) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date and time (YYYY-MM-DDTHH:MM)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _row(message: MessageView) -> dict[str, object]:
    return {
        "id": message.id,
        "to": message.to,
        "channel": message.channel,
        "template": message.template,
        "status": message.status,
        "due_at": message.due_at.astimezone(UTC).isoformat(),
        "sent_at": message.sent_at.astimezone(UTC).isoformat() if message.sent_at else None,
        "attempts": message.attempts,
        "error": message.error,
        "provider_id": message.provider_id,
    }


@messages.command("send-due")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Act as if it were this moment (YYYY-MM-DDTHH:MM in the program's zone): rehearsals.",
)
@run_async
async def send_due_command(as_json: bool, now_text: str | None) -> None:
    """Queue what the calendar makes due (check-ins) and send every due message."""
    runtime = load_runtime()
    settings = runtime.settings
    now = _moment(now_text, settings.clock.zone)
    async with sessions(runtime) as factory, http_client(runtime) as client:
        report = await send_due(factory, settings, client, now=now)
    handled = [
        *report.sent,
        *report.retrying,
        *report.failed,
        *report.cancelled,
        *report.outcome_unknown,
    ]
    if as_json:
        print_json([_row(m) for m in handled])
        return
    click.echo(
        f"queued {report.queued}, sent {len(report.sent)}, retrying {len(report.retrying)}, "
        f"failed {len(report.failed)}, cancelled {len(report.cancelled)}, outcome unknown "
        f"{len(report.outcome_unknown)}; waiting: {report.waiting_quiet_hours} for the end of "
        f"quiet hours, {report.waiting_no_provider} for a provider to be set up"
    )


@messages.command("list")
@click.option("--status", type=click.Choice(MESSAGE_STATUSES), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the messages as JSON.")
@run_async
async def list_command(status: str | None, as_json: bool) -> None:
    """The outbox, newest first."""
    runtime = load_runtime()
    async with sessions(runtime) as factory, factory() as session:
        found = await list_messages(session, status=status)
    if as_json:
        print_json([_row(m) for m in found])
        return
    for m in found:
        click.echo(
            f"{m.id:>6}  {m.status:<10} {m.channel:<5} {m.template:<24} {m.to:<24} "
            f"due {m.due_at:%Y-%m-%d %H:%M}  {m.error}"
        )

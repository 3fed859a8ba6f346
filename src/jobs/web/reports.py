"""Program reports for specialists and admins (``/reports``): the outcomes page with its charts
drawn here as SVG, the same numbers as CSV and JSON, check-in reminders with their forms, and the
employer incentives' deadlines.

One data function (``_outcomes``) feeds the page, the CSV and the JSON, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.errors import InvalidInput, NotFound
from jobs.outcomes import OutcomesReport, Period
from jobs.services.applications import ITEM_WORDS, STEP_WORDS
from jobs.services.follow_up import CHECK_LABELS, due_checkpoints, incentives
from jobs.services.outcomes_report import default_period, outcomes_report, report_csv
from jobs.services.placements import record_check, record_separation
from jobs.services.visibility import audit, visible_participant_ids
from jobs.services.web_sessions import Viewer
from jobs.store import Checkpoint, Placement
from jobs.web.access import allow, current_viewer
from jobs.web.ids import Id
from jobs.web.reauth import recent_sign_in
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]
BLUE, GREEN, GREY, RED = "#0b5cad", "#1d6b3a", "#e3e7ec", "#8a1c1c"


# Period from the query string --------------------------------------------------------------------


def period_from_query(params: Any, today: date) -> tuple[Period, dict[str, str]]:
    """The period asked for (``from``, ``to``); bad values are reported by field and ignored."""
    problems: dict[str, str] = {}
    values: dict[str, date] = {}
    for name, label in (("from", "From"), ("to", "To")):
        raw = (params.get(name) or "").strip()
        if not raw:
            continue
        try:
            values[name] = date.fromisoformat(raw)
        except ValueError:
            problems[name] = f"{label}: give a date as YYYY-MM-DD, not {raw[:40]!r}."
    start, end = values.get("from"), values.get("to")
    if start and end and end < start:
        problems["to"] = "To: the last day comes on or after the first."
        start = end = None
    return default_period(today, start, end), problems


# A specialist sees another caseload's row only when it serves at least this many people: a
# smaller group could point at one person (the usual small-cell rule of program reports).
SMALL_GROUP = 5


async def _outcomes(
    request: AnyRequest, db_session: AsyncSession, action: str = "read_report"
) -> tuple[OutcomesReport, dict[str, str]]:
    zone = request.app.state.settings.clock.zone
    today = program_today(zone)
    period, problems = period_from_query(request.query_params, today)
    report = await outcomes_report(db_session, period, today, zone)
    viewer = current_viewer(request)
    if viewer.role == "specialist":
        report.by_specialist = [
            row
            for row in report.by_specialist
            if row.key == str(viewer.user_id) or (row.participants_served or 0) >= SMALL_GROUP
        ]
    await audit(
        db_session,
        viewer,
        action,
        "outcomes",
        f"{period.start}..{period.end}",
    )
    return report, problems


# Charts ---------------------------------------------------------------------------------------


def _svg(width: int, height: int, title: str, body: Sequence[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def share_bars(rows: Sequence[tuple[str, int, int]], *, title: str) -> Markup:
    """Horizontal bars of ``part`` out of ``whole`` for each (label, part, whole)."""
    row_h, label_w, bar_w = 30, 110, 360
    height = row_h * max(len(rows), 1) + 8
    body: list[str] = []
    for i, (label, part, whole) in enumerate(rows):
        y = i * row_h + 4
        share = part / whole if whole else 0.0
        text = f"{part} of {whole} ({share * 100:.0f}%)" if whole else "none due yet"
        body.append(
            f'<text x="0" y="{y + 17}" font-size="14">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="18" fill="{GREY}"/>'
            f'<rect x="{label_w}" y="{y + 3}" width="{share * bar_w:.1f}" height="18" '
            f'fill="{GREEN}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 17}" font-size="14">{escape(text)}</text>'
        )
    return _svg(label_w + bar_w + 150, height, title, body)


def count_columns(rows: Sequence[tuple[str, int]], *, title: str) -> Markup:
    """Vertical columns, one per (label, count), with the count above each."""
    col_w, chart_h, base = 44, 140, 170
    width = max(col_w * len(rows), col_w) + 10
    top = max((n for _, n in rows), default=0) or 1
    body = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#6b7580"/>']
    for i, (label, n) in enumerate(rows):
        x = i * col_w + 8
        h = chart_h * n / top
        body.append(
            f'<rect x="{x}" y="{base - h:.1f}" width="{col_w - 14}" height="{h:.1f}" '
            f'fill="{BLUE}"><title>{escape(label)}: {n}</title></rect>'
            f'<text x="{x + (col_w - 14) / 2}" y="{base - h - 4:.1f}" font-size="12" '
            f'text-anchor="middle">{n}</text>'
            f'<text x="{x + (col_w - 14) / 2}" y="{base + 16}" font-size="11" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    return _svg(width, base + 24, title, body)


def progress_bar(part: int, whole: int | None, *, title: str) -> Markup:
    """One bar: ``part`` against a target ``whole`` (a marker where the target is)."""
    bar_w = 360
    target = whole or 0
    scale = max(part, target, 1)
    body = [
        f'<rect x="0" y="6" width="{bar_w}" height="22" fill="{GREY}"/>',
        f'<rect x="0" y="6" width="{bar_w * part / scale:.1f}" height="22" fill="{BLUE}"/>',
    ]
    if target:
        x = bar_w * target / scale
        body.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="34" stroke="{RED}" stroke-width="3"/>'
            f'<text x="{min(x, bar_w - 4):.1f}" y="50" font-size="15" text-anchor="end">'
            f"projected {target}</text>"
        )
    body.append(f'<text x="6" y="23" font-size="15" fill="#fff">{part}</text>')
    return _svg(bar_w + 10, 56, title, body)


def charts(report: OutcomesReport) -> dict[str, Markup]:
    """The report's pictures."""
    return {
        "served": progress_bar(
            report.participants_served,
            report.participants_projected,
            title="Participants served against the projection",
        ),
        "retention": share_bars(
            [
                (f"{kind} days", count.retained, count.eligible)
                for kind, count in report.retention.items()
            ],
            title="Retention: confirmed of the checks that came due",
        ),
        "months": count_columns(
            [(m.month[2:], m.placements) for m in report.placements_by_month[-24:]],
            title="Placements by month of start",
        ),
    }


# Controller -----------------------------------------------------------------------------------


def _scope(viewer: Viewer) -> Any:
    """Participants whose check-ins and incentives the viewer may see (specialists: caseload)."""
    return visible_participant_ids(viewer)


SEPARATION_WORDS = {
    "quit": "Quit",
    "discharged": "Let go (discharged)",
    "laid_off": "Laid off",
    "custody": "Returned to custody",
    "other": "Another reason",
}


def read_check_in(
    form: Any, today: date
) -> tuple[str, tuple[date, str, str] | None, dict[str, str]]:
    """A check-in form: the status (nothing is pre-chosen), and for "no longer working there"
    the last day, why and what happened (the placement is closed with them); problems by
    field."""
    errors: dict[str, str] = {}
    status = str(form.get("status", ""))
    if status not in ("confirmed", "missed", "unknown"):
        errors["status"] = "Choose whether they are still working there"
        return status, None, errors
    if status != "missed":
        return status, None, errors
    ended = None
    try:
        ended = date.fromisoformat(str(form.get("ended_on", "")).strip())
    except ValueError:
        errors["ended_on"] = "Enter the last day of work, like 2026-11-20"
    if ended is not None and ended > today:
        errors["ended_on"] = "The last day of work cannot be in the future"
    kind = str(form.get("ended_kind", ""))
    if kind not in SEPARATION_WORDS:
        errors["ended_kind"] = "Choose why the job ended"
    reason = " ".join(str(form.get("ended_reason", "")).split())
    if not reason:
        errors["ended_reason"] = "Say in a few words what happened"
    if errors or ended is None:
        return status, None, errors
    return status, (ended, kind, reason), errors


class ReportsController(Controller):
    """``/reports``: for specialists and admins only."""

    path = "/reports"
    guards = [allow("specialist", "admin")]
    include_in_schema = False

    @get("/")
    async def outcomes_page(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """The program report for a period: figures, charts, tables; printable."""
        report, problems = await _outcomes(request, db_session)
        query = f"from={report.period_from.isoformat()}&to={report.period_to.isoformat()}"
        return page(
            request,
            "reports/outcomes.html",
            report=report,
            charts=charts(report),
            errors=problems,
            values={"from": report.period_from.isoformat(), "to": report.period_to.isoformat()},
            download_query=query,
            stage_words={**STEP_WORDS, "interested": "Said interested"},
            item_words=ITEM_WORDS,
        )

    @get("/outcomes.csv", guards=[recent_sign_in])
    async def outcomes_csv(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession]
    ) -> Response[str]:
        """The same report as CSV (section, group, measure, value)."""
        report, problems = await _outcomes(request, db_session, "export_report_csv")
        if problems:
            raise InvalidInput(" ".join(problems.values()))
        name = f"outcomes-{report.period_from.isoformat()}-{report.period_to.isoformat()}.csv"
        return Response(
            report_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )

    @get("/outcomes.json", guards=[recent_sign_in])
    async def outcomes_json(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession]
    ) -> Response[Any]:
        """The same report as JSON (the fields of `jobs report outcomes --json`)."""
        report, problems = await _outcomes(request, db_session, "export_report_json")
        if problems:
            raise InvalidInput(" ".join(problems.values()))
        return Response(msgspec.to_builtins(report), headers={"Cache-Control": "no-store"})

    @get("/checkins")
    async def checkins_page(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """Retention check-ins due on the viewer's caseload (overdue first, then the next 14
        days), each with a form to record what was found."""
        viewer = current_viewer(request)
        today = program_today(request.app.state.settings.clock.zone)
        rows = await due_checkpoints(db_session, viewer.user_id, today)
        await audit(db_session, viewer, "read_checkins", "caseload", viewer.user_id)
        return page(
            request,
            "reports/checkins.html",
            rows=rows,
            today=today,
            separation_kinds=SEPARATION_WORDS,
            errors_for=None,
        )

    @post("/checkins/{checkpoint_id:int}")
    async def checkin_save(
        self,
        request: AnyRequest,
        db_session: NamedDependency[AsyncSession],
        checkpoint_id: FromPath[Id],
    ) -> Response[Any]:
        """Record one check as confirmed, missed or unknown (caseload only)."""
        viewer = current_viewer(request)
        found = await db_session.scalar(
            select(Placement.participant_id)
            .join(Checkpoint, Checkpoint.placement_id == Placement.id)
            .where(
                Checkpoint.id == checkpoint_id,
                Placement.participant_id.in_(_scope(viewer)),
            )
        )
        if found is None:
            raise NotFound(f"no check-in {checkpoint_id} on your caseload")
        form = await request.form()
        today = program_today(request.app.state.settings.clock.zone)
        status, ending, errors = read_check_in(form, today)
        raw_earnings = str(form.get("earnings", "")).strip().lstrip("$")
        earnings = None
        if raw_earnings:
            try:
                earnings = float(raw_earnings)
            except ValueError:
                errors["earnings"] = "Enter the quarter's earnings in dollars, like 6200"
        if not errors:
            placement_id = await db_session.scalar(
                select(Checkpoint.placement_id).where(Checkpoint.id == checkpoint_id)
            )
            check = await record_check(
                db_session,
                checkpoint_id,
                status,
                today=today,
                note=str(form.get("note", ""))[:1000],
                earnings=earnings,
            )
            if ending is not None and placement_id is not None:
                try:
                    await record_separation(db_session, placement_id, *ending)
                except InvalidInput as exc:
                    errors["ended_on"] = exc.message.partition(": ")[2].capitalize()
        if errors:
            await db_session.rollback()
            rows = await due_checkpoints(db_session, viewer.user_id, today)
            return page(
                request,
                "reports/checkins.html",
                status_code=400,
                rows=rows,
                today=today,
                separation_kinds=SEPARATION_WORDS,
                errors_for=checkpoint_id,
                errors=errors,
                values={k: form.get(k) for k in form},
            )
        await audit(
            db_session,
            viewer,
            "record_checkpoint",
            "checkpoint",
            checkpoint_id,
            participant_id=found,
            detail={"status": check.status, "kind": check.kind},
        )
        return see_other("/reports/checkins?done=saved")

    @get("/incentives")
    async def incentives_page(
        self, request: AnyRequest, db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """WOTC and Federal Bonding for the viewer's placements, with what is due when."""
        viewer = current_viewer(request)
        today = program_today(request.app.state.settings.clock.zone)
        ids = list(await db_session.scalars(_scope(viewer)))
        rows = await incentives(db_session, today, participant_ids=ids)
        await audit(db_session, viewer, "read_incentives", "caseload", viewer.user_id)
        return page(request, "reports/incentives.html", rows=rows, today=today, labels=CHECK_LABELS)

"""Provider webhooks: Twilio's inbound texts and delivery callbacks.

Public (Twilio has no session) and exempt from the session CSRF check, but never from the
provider's signature: a request without a valid ``X-Twilio-Signature`` is refused with 403 and
changes nothing.
"""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Request, Response, post
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import PermissionDenied
from jobs.services.outbox import record_delivery
from jobs.services.sms_replies import receive_text, signature_valid
from jobs.web.audit_trail import mark_refused

AnyRequest = Request[Any, Any, Any]
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_FIELD = 1600


def _signed_url(request: AnyRequest) -> str:
    """The URL Twilio signed: the public address when JOBS_PUBLIC_URL is set (behind a proxy the
    request's own URL differs), else the request's."""
    public = request.app.state.settings.program.public_url
    query = f"?{request.url.query}" if request.url.query else ""
    if public:
        return f"{public}{request.url.path}{query}"
    return str(request.url)


async def _verified_form(request: AnyRequest) -> dict[str, str]:
    settings = request.app.state.settings
    form = await request.form()
    params = {str(k): str(v)[:MAX_FIELD] for k, v in form.items()}
    given = request.headers.get("x-twilio-signature", "")
    if not signature_valid(
        settings.messaging.twilio_auth_token, _signed_url(request), params, given
    ):
        mark_refused(request, "signature")  # the audit trail writes the refusal
        raise PermissionDenied("the request's signature does not match")
    return params


def _twiml() -> Response[str]:
    return Response(EMPTY_TWIML, media_type=MediaType.XML, status_code=200)


@post("/hooks/sms/twilio", status_code=200)
async def twilio_inbound(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[str]:
    """An inbound text: STOP/START/HELP, YES/NO to a check-in, or a note for the specialist.
    Answers go through the outbox, so the webhook itself answers an empty TwiML document."""
    params = await _verified_form(request)
    await receive_text(
        db_session,
        request.app.state.settings,
        from_number=params.get("From", ""),
        body=params.get("Body", ""),
        provider_id=params.get("MessageSid", ""),
    )
    return _twiml()


@post("/hooks/sms/twilio/status", status_code=200)
async def twilio_status(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[str]:
    """A delivery callback: the outbox row moves to sent, delivered or failed."""
    params = await _verified_form(request)
    raw_id = request.query_params.get("message", "")
    await record_delivery(
        db_session,
        message_id=int(raw_id) if raw_id.isdigit() and len(raw_id) < 10 else None,
        provider_id=params.get("MessageSid", ""),
        status=params.get("MessageStatus", ""),
        error_code=params.get("ErrorCode", ""),
    )
    return _twiml()


hook_handlers = [twilio_inbound, twilio_status]

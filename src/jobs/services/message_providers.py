"""The two ways a message leaves: Twilio's Messages REST API (over the app's httpx client) and
SMTP (aiosmtplib). Each answers with the provider's id for the message or raises SendFailed,
which says whether trying again later is safe:

- ``retry``: the provider surely did not take the message (connection refused, 429, 5xx);
- ``unknown``: it may have (the request went out and no answer came back): never resent;
- neither: the provider refused it for good (a bad number, a 4xx).
"""

from __future__ import annotations

import email.utils
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
import httpx

from jobs.errors import ConfigurationError
from jobs.settings import MessagingSettings


class SendFailed(Exception):
    """The provider did not accept the message (see the module docstring for the flags)."""

    def __init__(self, message: str, *, retry: bool = False, unknown: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.unknown = unknown


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message as a provider needs it."""

    message_id: int
    to: str
    subject: str
    body: str
    idempotency_key: str
    status_callback: str = ""


class Provider(Protocol):
    async def send(self, message: Outgoing) -> str: ...


class TwilioSms:
    """POST {base}/2010-04-01/Accounts/{sid}/Messages.json with To, From, Body, StatusCallback."""

    def __init__(self, settings: MessagingSettings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client

    async def send(self, message: Outgoing) -> str:
        s = self.settings
        url = f"{s.twilio_base_url}/2010-04-01/Accounts/{s.twilio_account_sid}/Messages.json"
        form = {"To": message.to, "From": s.twilio_from, "Body": message.body}
        if message.status_callback:
            form["StatusCallback"] = message.status_callback
        try:
            answer = await self.client.post(
                url,
                data=form,
                auth=(s.twilio_account_sid, s.twilio_auth_token),
                # Twilio dedupes nothing on create; a provider or proxy that honours the key
                # can, and it names the message in every log along the way.
                headers={"Idempotency-Key": message.idempotency_key},
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise SendFailed(f"could not reach Twilio: {type(exc).__name__}", retry=True) from None
        except httpx.HTTPError as exc:
            # The request may have arrived: sending again could text the person twice.
            raise SendFailed(
                f"no answer from Twilio ({type(exc).__name__}): outcome unknown", unknown=True
            ) from None
        if answer.status_code == 429 or answer.status_code >= 500:
            raise SendFailed(f"Twilio answered {answer.status_code}", retry=True)
        if answer.status_code >= 400:
            raise SendFailed(
                f"Twilio refused the message ({answer.status_code}): {_twilio_error(answer)}"
            )
        try:
            sid = str(answer.json()["sid"])
        except (ValueError, KeyError, TypeError):
            raise SendFailed(
                "Twilio's answer had no message sid: outcome unknown", unknown=True
            ) from None
        return sid[:64]


def _twilio_error(answer: httpx.Response) -> str:
    try:
        body = answer.json()
        return f"{body.get('code', '')} {body.get('message', '')}".strip()[:200]
    except ValueError:
        return answer.text[:200]


@dataclass(frozen=True, slots=True)
class SmtpServer:
    """Where JOBS_SMTP_URL points: smtp://user:pass@host:587?starttls=1 (smtps:// for TLS)."""

    host: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool


def parse_smtp_url(url: str) -> SmtpServer:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigurationError(
            "JOBS_SMTP_URL must look like smtp://user:pass@host:587?starttls=1 (or smtps://)"
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    tls = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=tls,
        start_tls=query.get("starttls", "0").lower() in ("1", "true", "yes"),
    )


class SmtpMail:
    """Email over SMTP; the Message-ID is made from the idempotency key."""

    def __init__(self, settings: MessagingSettings, timeout: float = 20.0) -> None:
        self.settings = settings
        self.server = parse_smtp_url(settings.smtp_url)
        self.timeout = timeout

    async def send(self, message: Outgoing) -> str:
        mail = EmailMessage()
        mail["From"] = self.settings.mail_from
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = email.utils.formatdate(localtime=False)
        domain = self.settings.mail_from.rpartition("@")[2].strip(">") or "localhost"
        message_id = f"<{message.idempotency_key.replace(':', '.')}@{domain}>"
        mail["Message-ID"] = message_id
        mail.set_content(message.body)
        server = self.server
        try:
            await aiosmtplib.send(
                mail,
                hostname=server.host,
                port=server.port,
                username=server.username,
                password=server.password,
                use_tls=server.use_tls,
                start_tls=server.start_tls,
                timeout=self.timeout,
                tls_context=ssl.create_default_context()
                if server.use_tls or server.start_tls
                else None,
            )
        except aiosmtplib.SMTPConnectError as exc:
            raise SendFailed(f"could not reach the mail server: {exc}", retry=True) from None
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise SendFailed(f"the mail server refused the address: {exc}") from None
        except aiosmtplib.SMTPResponseException as exc:
            raise SendFailed(f"the mail server answered {exc.code}", retry=exc.code < 500) from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise SendFailed(
                f"mail sending broke off ({type(exc).__name__}): outcome unknown", unknown=True
            ) from None
        return message_id[:64]

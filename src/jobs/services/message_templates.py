"""What messages say, in English and Spanish: short, plain, and never a word about a criminal
record (tests/unit/test_message_templates.py scans every template for such words).

A template has a subject (email only) and a body with ``{name}`` fields. ``secret`` templates
carry a sign-in link: their body is shown to nobody and removed once sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobs.errors import InvalidInput

LANGUAGES = ("en", "es")


@dataclass(frozen=True, slots=True)
class Template:
    """One message in each language: (subject, body) by language code."""

    texts: dict[str, tuple[str, str]]
    secret: bool = False
    # Quiet hours apply to messages that are not an answer to something the person just did.
    quiet: bool = True


TEMPLATES: dict[str, Template] = {
    "check_in": Template(
        {
            "en": (
                "Checking in",
                "{program}: Are you still working at {employer}? Reply YES or NO. "
                "Reply STOP to end texts.",
            ),
            "es": (
                "Seguimiento",
                "{program}: ¿Sigue trabajando en {employer}? Responda YES o NO. "
                "Responda STOP para no recibir más mensajes.",
            ),
        }
    ),
    "interview_reminder_day": Template(
        {
            "en": (
                "Interview tomorrow",
                "{program}: Reminder: interview with {employer} tomorrow, {when}. "
                "Reply STOP to end texts.",
            ),
            "es": (
                "Entrevista mañana",
                "{program}: Recordatorio: entrevista con {employer} mañana, {when}. "
                "Responda STOP para no recibir más mensajes.",
            ),
        }
    ),
    "interview_reminder_soon": Template(
        {
            "en": (
                "Interview soon",
                "{program}: Your interview with {employer} is at {when}. Good luck!",
            ),
            "es": (
                "Entrevista pronto",
                "{program}: Su entrevista con {employer} es a las {when}. ¡Buena suerte!",
            ),
        }
    ),
    "new_matches": Template(
        {
            "en": (
                "New jobs for you",
                "{program}: {count} new job(s) match you. See them: {url}",
            ),
            "es": (
                "Nuevos empleos para usted",
                "{program}: {count} empleo(s) nuevo(s) para usted. Véalos: {url}",
            ),
        }
    ),
    "stop_confirmation": Template(
        {
            "en": ("", "{program}: You will get no more texts. Reply START to turn them back on."),
            "es": (
                "",
                "{program}: No recibirá más mensajes. Responda START para volver a recibirlos.",
            ),
        },
        quiet=False,
    ),
    "start_confirmation": Template(
        {
            "en": ("", "{program}: Texts are on again. Reply STOP to end them."),
            "es": (
                "",
                "{program}: Los mensajes están activos otra vez. Responda STOP para terminarlos.",
            ),
        },
        quiet=False,
    ),
    "help": Template(
        {
            "en": ("", "{program}: questions? Call {phone}. Reply STOP to end texts."),
            "es": ("", "{program}: ¿Preguntas? Llame al {phone}. Responda STOP para terminar."),
        },
        quiet=False,
    ),
    # To staff (email, English: the staff pages are in English).
    "staff_check_ins": Template(
        {
            "en": (
                "Check-ins due",
                "{due} check-in(s) due today and {overdue} overdue on your caseload. "
                "Open your dashboard: {url}",
            ),
        },
        quiet=False,
    ),
    "staff_interview_request": Template(
        {
            "en": (
                "Interview request from {employer}",
                "{employer} asks to interview a participant on your caseload for {job}. "
                "Open the participant's page: {url}",
            ),
        },
        quiet=False,
    ),
    "staff_reply": Template(
        {
            "en": (
                "A participant replied",
                "A participant on your caseload sent a text that needs you. Open their page: {url}",
            ),
        },
        quiet=False,
    ),
    "password_reset": Template(
        {
            "en": (
                "Set a new passphrase",
                "Someone asked to reset the passphrase of this account. If it was you, open "
                "this link within an hour: {url}\nIf not, ignore this message.",
            ),
            "es": (
                "Elija una nueva frase de acceso",
                "Alguien pidió cambiar la frase de acceso de esta cuenta. Si fue usted, abra "
                "este enlace en una hora: {url}\nSi no, ignore este mensaje.",
            ),
        },
        secret=True,
        quiet=False,
    ),
    "invitation": Template(
        {
            "en": (
                "Your login to {program}",
                "Your specialist opened a login for you. Open this link within 7 days to "
                "choose your passphrase: {url}",
            ),
            "es": (
                "Su cuenta en {program}",
                "Su especialista abrió una cuenta para usted. Abra este enlace dentro de 7 días "
                "para elegir su frase de acceso: {url}",
            ),
        },
        secret=True,
        quiet=False,
    ),
    # Registration confirms by email whether or not the address was new; the page says the
    # same either way (issue 20, Low 8).
    "registration_received": Template(
        {
            "en": (
                "Your registration",
                "We received your registration with {program}. The program will review it; "
                "you can sign in once it is approved: {url}",
            ),
        },
        quiet=False,
    ),
    "registration_existing": Template(
        {
            "en": (
                "Your registration",
                "Someone asked to register this email with {program}, but it already has an "
                "account. Sign in, or choose a new passphrase with 'Forgot password': {url}\n"
                "If it was not you, ignore this message.",
            ),
        },
        quiet=False,
    ),
}


def render(name: str, language: str, **fields: object) -> tuple[str, str]:
    """(subject, body) of template ``name`` in ``language`` (English when there is no such
    translation)."""
    template = TEMPLATES.get(name)
    if template is None:
        raise InvalidInput(f"no message template {name!r}")
    subject, body = template.texts.get(language) or template.texts["en"]
    return subject.format(**fields), body.format(**fields)

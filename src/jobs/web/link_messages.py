"""The email that carries a one-time sign-in link, in the person's language.

``sign_in_links.deliver`` queues it in the outbox (and writes it to the log in development).
"""

from __future__ import annotations

from jobs.web.i18n import translations


def link_message(language: str, purpose: str, url: str, help_phone: str = "") -> tuple[str, str]:
    """(subject, body) of the email with a reset or invitation link."""
    _ = translations(language).gettext
    if purpose == "invite":
        subject = _("Your account for fair-chance jobs")
        body = _(
            "Your specialist made an account for you. Open this link to choose a password; "
            "then you can see your jobs on your phone. The link works once, for 7 days."
        )
    else:
        subject = _("Choose a new password")
        body = _(
            "Someone asked for a new password for your account. If it was you, open this link "
            "to choose one; it works once, for one hour. If it was not you, do nothing: your "
            "password stays the same."
        )
    body = f"{body}\n\n{url}"
    if help_phone:
        body += "\n\n" + _("Need help? Call the program:") + " " + help_phone
    return subject, body

"""The reasons a participant reads on their own pages, said in the participant's language.

The matcher writes every reason as an English sentence (``text``: the words of the API, the CLI,
the specialist's pages and the officer's packet) with a stable ``code``; a credential to get also
keeps the facts of its sentence (``params``). The participant's pages say a reason from its code
and facts through the gettext catalogue, as every participant-facing string is (a credential by
our own name for it in that language where we have one, else in the posting's words, quoted);
English pages show the matcher's sentence itself. A stored reason without facts (matched before
they were kept) shows its English sentence, so nothing is lost.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import msgspec

from jobs.matching.reasons import ReasonParams
from jobs.skills.labels import name_in_sentence
from jobs.skills.taxonomy import load_taxonomy
from jobs.web.formats import N_

# Why the officer must agree, by the reason's code, in the participant's words (the general rule,
# not the particulars: the specialist's pages and the packet say those).
APPROVAL_WORDS: dict[str, str] = {
    "employment_approval": N_("Your officer must approve any job before you start."),
    "travel_permit_state": N_(
        "The job is in another state: you need a travel permit from your officer before you start."
    ),
    "travel_permit_county": N_(
        "The job is outside the counties you may work in: you need a travel permit from your"
        " officer."
    ),
    "federal_district": N_(
        "The job is outside your federal court district: your probation officer must give"
        " permission."
    ),
    "curfew_exception": N_(
        "The shift or the ride home falls in your curfew hours: your officer must agree to an"
        " exception."
    ),
    "airport_badge_bar": N_(
        "The job is in an airport's secure area, where a record can stop you getting a badge:"
        " your officer and the employer must check first."
    ),
    "kansas_registration": N_(
        "The job is in Kansas: you must register with the county sheriff within 3 business days"
        " of starting."
    ),
    "health_program_exclusion": N_(
        "It is a health care job, and some records bar people from health care work: your"
        " specialist will check first."
    ),
    "health_care_waiver": N_(
        "It is a health care job: you may need a waiver from the state first."
    ),
    "alcohol_incidental": N_(
        "The workplace also serves or sells alcohol: your officer must agree."
    ),
    "cannabis_approval": N_("It is a cannabis business: your officer must agree."),
    "registrant_near_children": N_(
        "The job is near a school or child care: your officer must agree."
    ),
    "near_children_edge": N_("The job is near a school or child care: your officer must agree."),
    "child_place_position_unchecked": N_(
        "The job is near a school or child care: your officer must agree."
    ),
    "child_places_not_covered": N_(
        "We could not check how far the job is from schools and child care: your officer must"
        " agree."
    ),
    "child_places_unverified": N_(
        "We could not check how far the job is from schools and child care: your officer must"
        " agree."
    ),
    "credential_in_training": N_(
        "The job needs a license you are still training for: your specialist will check with the"
        " employer."
    ),
    "supervision_firearms": N_(
        "The job involves firearms, and supervision conditions usually forbid weapons: your"
        " officer must agree."
    ),
    "fdic_section_19": N_(
        "It is a bank job, and for some records the bank must ask the FDIC's consent first:"
        " your specialist will check."
    ),
    "cdl_dui_bar": N_(
        "It is a commercial driving job, and some convictions keep people from a commercial"
        " license for a time: your specialist will check first."
    ),
    "license_petition": N_(
        "The job needs a state license, and the licensing board looks at records: ask the board"
        " before paying for training; your specialist will help."
    ),
}
# A reason for approval we have no words for yet, on a page not in English.
SOME_APPROVAL = N_("Your specialist will tell you why your officer must agree.")

# Checks the participant reads too, by code: credentials asked for some positions only, to ask
# about ("Some positions need a Backflow Tester certificate; ask which").
ASK_WORDS: dict[str, str] = {
    "credential_some_positions": N_("Some positions need %(credential)s; ask which"),
    "cdl_some_positions": N_("Some positions need %(credential)s; ask which"),
}

# What getting a credential takes (``matching.credential_effort``'s words), for extraction; a
# unit test checks the list against the credentials.
EFFORT_WORDS = (
    N_("about 2 hours online, a small fee"),
    N_("10 hours of class or online, about 2 days"),
    N_("30 hours of class or online, about 4 days"),
    N_("a few hours of training and a driving test"),
    N_("one class of a few hours"),
    N_("a class of a few hours, often online"),
    N_("a day of class and a proctored exam"),
    N_("a class of one or two days"),
    N_("a class of a few hours"),
    N_("a one-day class"),
    N_("a few hours of training and an evaluation"),
    N_("a class of 8 hours, often online"),
    N_("a class of 24 hours, often online"),
    N_("a class of 40 hours, often online, about a week"),
    N_("about 1 hour online"),
    N_("a course of one or two days"),
    N_("one class of about 4 hours"),
    N_("a physical exam of about an hour"),
    N_("one class of about 8 hours"),
    N_("a skin test or blood draw: one or two short visits"),
    N_("a shot at a clinic or pharmacy"),
    N_("a first shot at a clinic or pharmacy (the series takes months)"),
    N_("a fit test of under an hour"),
    N_("an online course and test"),
    N_("an online open-book test"),
    N_("a course of about 25 hours"),
    N_("tests of a few hours at a job center"),
    N_("a state license: weeks to months, with checks"),
)


class ReasonWords:
    """The participant-facing sentences of reasons in one language."""

    def __init__(self, language: str, catalogue: gettext.NullTranslations) -> None:
        self.language = language
        self._ = catalogue.gettext
        self._n = catalogue.ngettext

    def approval(self, reason: Mapping[str, Any]) -> str:
        """Why the officer must agree, from the reason's code."""
        words = APPROVAL_WORDS.get(str(reason.get("code", "")))
        if words is not None:
            return self._(words)
        text = str(reason.get("text") or "")
        return text if self.language == "en" and text else self._(SOME_APPROVAL)

    def to_do(self, reason: Mapping[str, Any]) -> str:
        """A credential to get, with when, what it takes and who pays."""
        text = str(reason.get("text") or "")
        if self.language == "en":
            return text
        params = _params(reason.get("params"))
        if params is None or not params.credential:
            return text
        when = self._when(params)
        if when is None:
            return text
        sentence = when % {
            "credential": self._credential(params.credential),
            "n": params.within,
            "words": params.posted_words,
        }
        if params.how:
            sentence += " — " + self._(params.how)
        if params.employer_pays:
            sentence += "; " + self._("the employer pays")
        elif params.employer_trains:
            sentence += "; " + self._("the employer trains you for it")
        return sentence

    def _credential(self, words: str) -> str:
        """A credential to get as this language's sentence names it: by our own name for it when
        the taxonomy knows the posting's words and we have one ("la tarjeta de manipulador de
        alimentos"), else the posting's words, quoted as the employer's («Acme card»)."""
        skill = load_taxonomy().find(words)
        name = name_in_sentence(self.language, skill.id) if skill is not None else None
        return name or f"«{words}»"

    def to_dos(self, reasons: Iterable[Mapping[str, Any]]) -> list[str]:
        """The to-do lines among a match's reasons, in order."""
        lines = [self.to_do(r) for r in reasons if r.get("kind") == "todo"]
        return [line for line in lines if line]

    def to_ask(self, reason: Mapping[str, Any]) -> str:
        """A check the participant can ask about: the credentials some positions need."""
        text = str(reason.get("text") or "")
        words = ASK_WORDS.get(str(reason.get("code", "")))
        params = _params(reason.get("params"))
        if self.language == "en" or words is None or params is None or not params.credentials:
            return text
        names = [self._credential(name) for name in params.credentials]
        listed = names[0]
        if len(names) > 1:
            listed = self._("%(some)s or %(last)s") % {
                "some": ", ".join(names[:-1]),
                "last": names[-1],
            }
        return self._(words) % {"credential": listed}

    def to_asks(self, reasons: Iterable[Mapping[str, Any]]) -> list[str]:
        """The lines to ask about among a match's reasons, in order."""
        lines = [self.to_ask(r) for r in reasons if r.get("code") in ASK_WORDS]
        return list(dict.fromkeys(line for line in lines if line))

    def _when(self, params: ReasonParams) -> str | None:
        """The sentence's frame (with %(credential)s, maybe %(n)s or %(words)s), or None when
        the facts do not say when."""
        _, ngettext, n = self._, self._n, params.within
        if params.when == "before_applying":
            return _("Get %(credential)s before applying")
        if params.when == "after_hire":
            return _("Get %(credential)s after you are hired")
        if params.when == "within":
            if params.unit == "day":
                return ngettext(
                    "Get %(credential)s within %(n)s day of hire",
                    "Get %(credential)s within %(n)s days of hire",
                    n,
                )
            if params.unit == "week":
                return ngettext(
                    "Get %(credential)s within %(n)s week of hire",
                    "Get %(credential)s within %(n)s weeks of hire",
                    n,
                )
            if params.unit == "month":
                return ngettext(
                    "Get %(credential)s within %(n)s month of hire",
                    "Get %(credential)s within %(n)s months of hire",
                    n,
                )
            if params.unit == "year":
                return ngettext(
                    "Get %(credential)s within %(n)s year of hire",
                    "Get %(credential)s within %(n)s years of hire",
                    n,
                )
        if params.when == "during":
            if params.during == "trial_period":
                return _("Get %(credential)s before the new job's trial period ends")
            if params.during == "training":
                return _("Get %(credential)s during training")
            if params.during == "orientation":
                return _("Get %(credential)s during orientation")
            if params.during == "onboarding":
                return _("Get %(credential)s during onboarding")
        if params.posted_words:
            return _("Get %(credential)s when the posting says (“%(words)s”)")
        return None

    def context(self) -> dict[str, Callable[..., Any]]:
        """The names templates use."""
        return {
            "approval_text": self.approval,
            "to_do_lines": self.to_dos,
            "ask_lines": self.to_asks,
        }


def _params(value: Any) -> ReasonParams | None:
    """A stored reason's facts, or None when it has none (or they do not read)."""
    if not isinstance(value, Mapping):
        return None
    try:
        return msgspec.convert(value, ReasonParams)
    except msgspec.ValidationError:
        return None

"""Rules from the participant's supervision conditions and the job's stated requirements."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, utils

from jobs.matching.credential_effort import effort_of, kind_of
from jobs.matching.inputs import CredentialAsked, PostingFacts
from jobs.matching.reasons import Reason, ReasonParams
from jobs.matching.setting import WorkplaceSetting, cdl_optional
from jobs.matching.situation import Situation
from jobs.matching.when_to_get import when_to_get
from jobs.participant_format import ParticipantIn, Training

CONDITION = "condition of supervision"


def alcohol(who: Situation, setting: WorkplaceSetting) -> list[Reason]:
    """no_alcohol_venues: a bar, taproom or liquor store is out; a place that also serves alcohol
    needs the officer's approval."""
    if "no_alcohol_venues" not in who.conditions or setting.alcohol == "none":
        return []
    if setting.alcohol == "primary":
        return [
            Reason(
                "alcohol_venue",
                "excluded",
                "Alcohol is the business here (bar, brewery or liquor sales): not allowed under"
                " no alcohol venues",
                f"{CONDITION}: no_alcohol_venues",
            )
        ]
    return [
        Reason(
            "alcohol_incidental",
            "needs_approval",
            "Workplace also serves or sells alcohol: needs the officer's approval",
            f"{CONDITION}: no_alcohol_venues",
        )
    ]


def minors(who: Situation, setting: WorkplaceSetting) -> list[Reason]:
    """no_minors: no schools, child care or places where children are likely."""
    if "no_minors" not in who.conditions or not setting.children:
        return []
    return [
        Reason(
            "minors_present",
            "excluded",
            "Job is around children (school, child care or youth program): not allowed",
            f"{CONDITION}: no_minors",
        )
    ]


def cash(who: Situation, setting: WorkplaceSetting) -> list[Reason]:
    """no_cash_handling: cashier, teller and cash-office work is out."""
    if "no_cash_handling" not in who.conditions or not setting.cash_handling:
        return []
    return [
        Reason(
            "cash_handling",
            "excluded",
            "Job handles cash: not allowed under no cash handling",
            f"{CONDITION}: no_cash_handling",
        )
    ]


def computer(who: Situation, setting: WorkplaceSetting) -> list[Reason]:
    """no_computer: a job that requires computer use is out."""
    if "no_computer" not in who.conditions or not setting.computer:
        return []
    return [
        Reason(
            "computer_use",
            "excluded",
            "Job requires computer use: not allowed under no computer",
            f"{CONDITION}: no_computer",
        )
    ]


_CODE = re.compile(r"^[\d\-.]+$")


def _restricted_hit(item: str, posting: PostingFacts) -> str | None:
    """What in the posting matches one restricted occupation (a SOC/NAICS code or words)."""
    text = item.strip().lower()
    if not text:
        return None
    if _CODE.match(text):
        digits = text.replace("-", "").replace(".", "")
        soc = (posting.soc or "").replace("-", "").replace(".", "")
        if soc and (soc.startswith(digits) or digits.startswith(soc)):
            return f"occupation code {posting.soc}"
        naics = posting.policy.naics
        if naics and naics.startswith(digits):
            return f"industry code {naics}"
        return None
    pattern = re.compile(rf"\b{re.escape(text)}", re.I)
    for where, value in (
        ("title", posting.title),
        ("industry", posting.policy.industry.replace("_", " ")),
    ):
        if value and pattern.search(value):
            return f"{where} {value!r}"
    return None


def occupation(who: Situation, posting: PostingFacts) -> list[Reason]:
    """occupational_restriction: the job's title, industry or occupation code matches one of the
    restricted occupations."""
    if "occupational_restriction" not in who.conditions:
        return []
    for item in who.participant.supervision.restricted_occupations:
        hit = _restricted_hit(item, posting)
        if hit:
            return [
                Reason(
                    "occupation_restricted",
                    "excluded",
                    f"Restricted occupation {item!r} matches the job's {hit}",
                    f"{CONDITION}: occupational_restriction",
                )
            ]
    return []


def approval_for_all(who: Situation) -> list[Reason]:
    """no_employment_without_approval: every job needs the officer's approval first."""
    if "no_employment_without_approval" not in who.conditions:
        return []
    return [
        Reason(
            "employment_approval",
            "needs_approval",
            "Any job needs the officer's approval before starting",
            f"{CONDITION}: no_employment_without_approval",
        )
    ]


def _norm(text: str) -> str:
    return utils.default_process(text.replace("-", " "))


_CDL_CLASS = re.compile(
    r"\b(?:cdl|commercial)\b.*?\b(?:class\s*)?([abc])\b|\bclass\s*([abc])\s+cdl\b"
)


_NUMBER = re.compile(r"\d+")
_GENERIC_WORDS = {"card", "certificate", "certification", "certified", "license", "licence",
                  "permit", "training", "valid", "current", "a", "an", "the", "or",
                  "and"}  # fmt: skip
# Issued or checked at hire by the employer, the site or the state (airport badges, liquor and
# security permits, registry enrollment, a driving-record check): not something to hold before
# applying, so a check, not a bar; the badge and screening rules say who can get one.
_AFTER_HIRE = re.compile(
    r"\b(badge|sida|twic|permit|registry|registration|driving\s+record|mvr|background|screening)\b",
    re.I,
)


# "Non-CDL box truck", "no CDL needed", "CDL not required": the job says it needs none.
_NO_CDL = re.compile(
    r"\b(?:non|no|without(?:\s+an?)?)\s+cdl\b|\bcdl\s+(?:is\s+)?not\s+(?:required|needed)"
)


def _cdl_class(text: str) -> str | None:
    text = _NO_CDL.sub(" ", text)
    found = _CDL_CLASS.search(text)
    if not found:
        return "any" if "cdl" in text.split() or "commercial driver" in text else None
    return (found.group(1) or found.group(2)).upper()


def title_cdl_class(title: str) -> str | None:
    """The CDL class a job title names ("CDL-A Driver" → "A"), "any" for a bare CDL, else None."""
    return _cdl_class(_norm(title))


def holds(credentials: list[str], wanted: str) -> bool:
    """Whether one of the participant's credentials satisfies a required credential.

    Commercial licenses go by class (A covers B and C; B covers C); others by fuzzy words."""
    target = _norm(wanted)
    wanted_class = _cdl_class(target)
    for have in credentials:
        mine = _norm(have)
        if wanted_class is not None:
            have_class = _cdl_class(mine)
            if have_class is None:
                continue
            if wanted_class == "any" or have_class == "any" or have_class <= wanted_class:
                return True
            continue
        # Numbers name different credentials ("OSHA 10" is not "OSHA 30"): they must agree.
        if _NUMBER.findall(target) and set(_NUMBER.findall(target)) - set(_NUMBER.findall(mine)):
            continue
        if fuzz.token_set_ratio(mine, target) >= 85:
            return True
        # "food handler card" is held by "servsafe food handler": the naming words agree.
        core = set(target.split()) - _GENERIC_WORDS
        if core and core <= set(mine.split()):
            return True
    return False


def _article(label: str) -> str:
    # "a food handler card", "an OSHA 10 card"; "forklift certification" reads without one.
    words = label.lower().split()
    if words and words[-1] in {"card", "permit", "license", "licence", "certificate"}:
        return ("an " if label[:1].lower() in "aeio" else "a ") + label
    return label


def to_do(credential: CredentialAsked) -> Reason | None:
    """A credential the participant lacks but can get on the way in: a quick one (hours or a day,
    a small fee) or one the posting lets them get after hire. None for any other (a regulated
    license bars; an unknown one is a check, see ``to_check``)."""
    effort = effort_of(credential.id, credential.label)
    after_hire = credential.obtain == "after_hire"
    if not after_hire and (effort is None or effort.effort != "quick"):
        return None
    when = when_to_get(credential.obtain, credential.obtain_by)
    params = ReasonParams(
        credential=_name(credential),
        when=when.when,
        within=when.within,
        unit=when.unit,
        during=when.during,
        posted_words=" ".join(credential.obtain_by.split()),
        how=effort.how if effort is not None else "",
        employer_pays=credential.employer_pays,
        employer_trains=credential.employer_trains,
    )
    return Reason(
        "credential_to_get",
        "eligible",
        to_get_text(params),
        "posting requirement",
        kind="todo",
        params=params,
    )


def to_get_text(params: ReasonParams) -> str:
    """The English sentence of a credential to get: "Get a food handler card within 30 days of
    hire — about 2 hours online, a small fee; the employer pays"."""
    when = params.posted_words or (
        "before applying" if params.when == "before_applying" else "after hire"
    )
    text = f"Get {_article(params.credential)} {when}"
    if params.how:
        text += f" — {params.how}"
    if params.employer_pays:
        text += "; the employer pays"
    elif params.employer_trains:
        text += "; the employer trains you for it"
    return text


def _name(credential: CredentialAsked) -> str:
    # The posting's own words name it best ("OSHA 10", "Food Handler Card"); the label otherwise.
    text = " ".join(credential.text.split())
    return text if 0 < len(text) <= 60 else " ".join(credential.label.split())


def _bars(credential: CredentialAsked) -> bool:
    """Whether lacking this credential bars the job: a regulated license to hold before applying
    (not one a posting lets the participant get after hire)."""
    return credential.obtain != "after_hire" and (
        kind_of(credential.id, credential.label, credential.text) == "regulated"
    )


def to_check(credentials: list[CredentialAsked]) -> Reason | None:
    """Credentials asked before applying that are neither quick nor a regulated license (a
    certificate we do not know): the job stays eligible and the specialist finds out."""
    if not credentials:
        return None
    names = ", ".join(dict.fromkeys(_name(c) for c in credentials))
    return Reason(
        "credential_to_check",
        "eligible",
        f"Asks for {names}: not on the participant's record, and not a credential we know —"
        " ask what it takes to get (a state-issued one may be a license), or whether the"
        " employer hires without it",
        "posting requirement",
        kind="check",
    )


def some_positions(person: ParticipantIn, asked: list[CredentialAsked]) -> Reason | None:
    """The credentials a posting asks for some positions only ("may be required for some
    positions"), that the participant does not hold: a check on an eligible job, so that the
    participant and the specialist ask which positions need them. A CDL has its own check
    (``cdl_some_positions``)."""
    names = [
        _name(c)
        for c in asked
        if c.some_positions
        and not c.required
        and not _cdl_class(_norm(f"{c.label} {c.text}"))
        and not holds(person.credentials, c.label)
        and not holds(person.credentials, c.text or c.label)
    ]
    if not names:
        return None
    names = list(dict.fromkeys(names))
    return Reason(
        "credential_some_positions",
        "eligible",
        f"Some positions need {_listed(names)}; ask which",
        "posting requirement",
        kind="check",
        params=ReasonParams(credentials=tuple(names)),
    )


def _listed(names: list[str]) -> str:
    # "A", "A or B", "A, B or C": any one of them may be what a position needs.
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _barrier(credential: CredentialAsked) -> int:
    # Of alternatives, the one easiest to meet: a to-do, then one to check, then a license.
    if to_do(credential) is not None:
        return 0
    return 2 if _bars(credential) else 1


def _one_of_each_choice(
    asked: list[CredentialAsked], lacking: list[CredentialAsked]
) -> list[CredentialAsked]:
    """The lacking credentials that still count when some are alternatives ("a food handler card
    or ServSafe"): none of a choice the participant already meets, and of a choice they must
    still make, the one easiest to meet."""
    kept = [c for c in lacking if not c.any_of]
    for choice in sorted({c.any_of for c in asked if c.any_of}):
        options = [c for c in asked if c.any_of == choice]
        still = [c for c in options if c in lacking]
        if len(still) < len(options):
            continue  # one of them is held (or asked at hire)
        kept.append(min(still, key=_barrier))
    return kept


# The ordinary driver's license, which ``drivers_license`` on the participant says they hold; a
# commercial class (A or B, CDL, chauffeur) is not it.
_DRIVERS_LICENSE_IDS = {"valid_drivers_license", "missouri_drivers_license",
                        "missouri_class_f_license", "kansas_class_c_license"}  # fmt: skip
_DRIVERS_LICENSE = re.compile(r"\bdriver\s*s?\s+licen[cs]e")
_NOT_ORDINARY = re.compile(r"\bclass\s*[abe]\b|\bcdl\b|commercial|chauffeur")


def _ordinary_drivers_license(credential: CredentialAsked) -> bool:
    words = _norm(f"{credential.label} {credential.text}")
    named = credential.id in _DRIVERS_LICENSE_IDS or bool(_DRIVERS_LICENSE.search(words))
    return named and not _NOT_ORDINARY.search(words)


# A commercial license named by itself: not an endorsement ("cdl air brake qualification").
_ANY_CDL = re.compile(r"(?:valid )?(?:cdl|commercial (?:driver s |drivers |driving )?licen[cs]e)")


def _named_again_by_class(credential: CredentialAsked, asked: list[CredentialAsked]) -> bool:
    """Whether a commercial license named without a class is asked for by its class too ("a
    valid Class B (or A) commercial driver's license" reads both): one license, which the class
    names."""
    return bool(_ANY_CDL.fullmatch(_norm(credential.label))) and any(
        _cdl_class(_norm(other.label)) not in (None, "any") for other in asked
    )


def _training_for(person: ParticipantIn, label: str) -> Training | None:
    """The participant's training toward a credential, when they are in training for it."""
    for training in person.training:
        if holds([training.credential], label):
            return training
    return None


def credentials(who: Situation, posting: PostingFacts) -> list[Reason]:
    """A required license or credential the participant lacks, and the driver's license.

    A quick credential or one obtainable after hire is a to-do on an eligible job; one we do not
    know that names no license is a check on an eligible job; only a regulated license excludes,
    unless the participant is in training for it (then it needs approval, with the expected
    date)."""
    person = who.participant
    req = posting.requirements
    reasons = []
    asked = [c for c in req.credentials if c.required]
    # A listed credential is judged by the list ("hot work permit training" is a to-do, an
    # "armed guard permit" a license), and one whose name says license by its name ("registration
    # as a professional engineer" is a professional engineer license); the posting's words only
    # make the others a check at hire.
    after_hire = [
        c.label
        for c in asked
        if effort_of(c.id, c.label) is None
        and kind_of(c.id, c.label) != "regulated"
        and _AFTER_HIRE.search(f"{c.label} {c.text}")
    ]
    lacking = [
        c
        for c in asked
        if c.label not in after_hire
        and not (person.drivers_license and _ordinary_drivers_license(c))
        and not _named_again_by_class(c, asked)
        and not holds(person.credentials, c.label)
        and not holds(person.credentials, c.text or c.label)
    ]
    to_get: list[Reason] = []
    missing: list[str] = []
    unknown: list[CredentialAsked] = []
    for credential in _one_of_each_choice(asked, lacking):
        found = to_do(credential)
        if found is not None:
            to_get.append(found)
        elif _bars(credential):
            missing.append(credential.label)
        else:
            unknown.append(credential)
    # A CDL the posting lets the participant get after hire is a to-do: the title or the
    # commercial flag must not bring it back as missing.
    cdl_to_get = any(_cdl_class(_norm(c.label)) for c in lacking if c.label not in missing)
    commercial_class = (req.drivers_license_class or "").upper()
    title_class = title_cdl_class(posting.title)
    if title_class and title_class != "any" and not commercial_class:
        commercial_class = title_class
    # A posting that lists its CDL says whether it is required ("some positions may require a
    # Class B license" is listed, not required): then the commercial flag alone is no bar.
    optional = cdl_optional(req)
    flagged = req.commercial_license or commercial_class in {"A", "B"}
    if (flagged and not optional) or title_class:
        wanted = f"cdl class {commercial_class.lower()}" if commercial_class else "cdl"
        if (
            not cdl_to_get
            and not holds(person.credentials, wanted)
            and not any(_cdl_class(_norm(label)) for label in missing)
        ):
            missing.append(f"CDL class {commercial_class}" if commercial_class else "CDL")
    elif optional and not holds(person.credentials, "cdl"):
        cdl = f"CDL class {commercial_class}" if commercial_class else "CDL"
        reasons.append(
            Reason(
                "cdl_some_positions",
                "eligible",
                f"The posting mentions a {cdl} but does not require it: ask whether this"
                " position needs one",
                "posting requirement",
                kind="check",
                params=ReasonParams(credentials=(cdl,)),
            )
        )
    some = some_positions(person, req.credentials)
    if some is not None:
        reasons.append(some)
    in_training = [(label, t) for label in missing if (t := _training_for(person, label))]
    missing = [label for label in missing if not any(label == done for done, _ in in_training)]
    for label, training in in_training:
        expected = training.expected.isoformat() if training.expected else "date not given"
        reasons.append(
            Reason(
                "credential_in_training",
                "needs_approval",
                f"Requires {label}: the participant is in training for it (expected {expected})"
                " — confirm the employer will wait or hire into training",
                "posting requirement",
            )
        )
    if missing:
        reasons.append(
            Reason(
                "credential_missing",
                "excluded",
                "Requires " + ", ".join(missing) + ": not on the participant's record",
                "posting requirement",
            )
        )
    reasons += to_get
    check = to_check(unknown)
    if check is not None:
        reasons.append(check)
    if after_hire:
        reasons.append(
            Reason(
                "credential_after_hire",
                "eligible",
                "Needs " + ", ".join(after_hire) + " at hire: check the participant can get it",
                "posting requirement",
                kind="check",
            )
        )
    if req.drivers_license == "required" and not person.drivers_license:
        reasons.append(
            Reason(
                "drivers_license_missing",
                "excluded",
                "Requires a valid driver's license: participant has none",
                "posting requirement",
            )
        )
    return reasons

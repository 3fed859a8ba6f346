"""Words that stand in a posting without naming a skill of the job (issue #15).

Three kinds, each read where the words stand, whatever skill they would link to:

- the employer's name, given on the posting's header line ("Smoke Stack Alley BBQ · Kansas
  City, KS") and used again in the text: a firm called "... Plumbing & Drain" does not make
  plumbing a skill of every job it posts;
- a device the applicant is to own or use to apply ("Smartphone required for the time clock
  app", an interview taken "on an electronic device (computer, mobile device, tablet) using
  ... Skype"): having a phone is not a skill;
- the hiring process ("attach a copy of your transcripts", "the on-line application process",
  a course to complete before probation ends): applying is not the work;
- the size of the crew ("work in a team of 15 to 25 associates", "work in teams of 2-3"): how
  the work is organised, not teamwork asked of the applicant;
- the body whose rules are meant ("procedures as established by the EPA and Cal/OSHA",
  "compliance with the Occupational Safety and Health Administration"): the rules are the
  skill, named before; the agency that set them is not one more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobs.skills.context import sentence_around

# A header line naming the employer and its place: "Name · City, ST", "Name - City, ST 66103".
_NAME_WORD = r"[A-Z0-9][\w'.&-]*"
_FIRM_LINE = re.compile(
    rf"^[ \t]*((?:{_NAME_WORD}|&|and|of)(?:[ \t]+(?:{_NAME_WORD}|&|and|of))*)"
    r"[ \t]+[·•|–—-][ \t]+[A-Z][\w.' -]*,[ \t]*[A-Z]{2}\b",
    re.MULTILINE,
)


@lru_cache(maxsize=256)
def firm_names(text: str) -> tuple[str, ...]:
    """Names of the employer given on a header line of the posting (two words or more, so that
    a lone word before a place is not taken for a name)."""
    names = []
    for match in _FIRM_LINE.finditer(text):
        name = match.group(1).strip()
        if len(name.split()) >= 2 and name not in names:
            names.append(name)
    return tuple(names)


def in_the_firm_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside the employer's name, where the name is written
    (its header line, or a later sentence naming the firm)."""
    for name in firm_names(text):
        position = text.find(name, max(0, start - len(name)), end + len(name))
        while position >= 0 and position <= start:
            if end <= position + len(name):
                return True
            position = text.find(name, position + 1, end + len(name))
    return False


_DEVICE = (
    r"(?:smart\s*phones?|cell(?:ular)?\s*phones?|mobile\s+(?:phones?|devices?)|phones?"
    r"|tablets?|laptops?|computers?|electronic\s+devices?)"
)
# "Smartphone required", "must have a smartphone", "bring your own phone"; not "computer skills
# required" nor "must have computer experience".
_NOT_THE_DEVICE = (
    r"(?![ \t]+(?:skills?|experience|literacy|knowledge|proficiency|repair|programming|science"
    r"|operation|systems|applications|software))"
)
_DEVICE_TO_HAVE = re.compile(
    rf"\b{_DEVICE}\b{_NOT_THE_DEVICE}(?:[ \t]+(?:with|and)[ \t]+[\w ]{{1,20}}?)?"
    r"[ \t]+(?:(?:is|are)[ \t]+)?(?:required|needed|a[ \t]+must)\b"
    r"|\b(?:must[ \t]+have|need|own|bring|have[ \t]+access[ \t]+to)[ \t]+"
    rf"(?:(?:a|an|your[ \t]+own|a[ \t]+working)[ \t]+)?{_DEVICE}\b{_NOT_THE_DEVICE}",
    re.IGNORECASE,
)
# How an interview or test is taken: on a device, over a video-call program.
_TAKING_PART = re.compile(
    r"\binterview|\bexamination\b|\b(?:system|hardware)\s+requirements\b",
    re.IGNORECASE,
)
_REMOTE = re.compile(
    r"\belectronic\s+device|\bvideo[\s-]+(?:call|messaging|conferenc)|\bskype\b|\bzoom\b"
    r"|\bwebex\b",
    re.IGNORECASE,
)


def device_to_have(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands in a sentence saying what device the applicant must
    have ("Smartphone required for the time clock app") or how an interview is taken on one
    ("complete the interview on an electronic device ... using Skype"): owning or using a
    device to apply is not a skill of the job."""
    left, right = sentence_around(text, start, end)
    have = _DEVICE_TO_HAVE.search(text, left, right)
    if have is not None and have.start() <= start:
        return True
    return bool(_REMOTE.search(text, left, right) and _TAKING_PART.search(text, left, right))


# Sentences about applying for the job, not doing it: how to file, what to attach, how the list
# of candidates is made, where to find help with the interview's video call, what the employer
# has new hires complete before probation ends ("resolve problems prior to the establishment of
# the eligible list" is the Personnel Department's doing, "Video calling" a help page heading).
_APPLYING = re.compile(
    r"\beligible\s+list\b|\bsupport\s+web\s*page\b|\btranscripts?\b"
    r"|\b(?:on-?line|city)\s+application\b|\bapplication\s+(?:process|form)\b"
    r"|\bpreview\s+questionnaire\b|\bcompleting\s+(?:the\s+|their\s+|your\s+)?probation",
    re.IGNORECASE,
)


def about_applying(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands in a sentence about the hiring process rather than the
    work ("the on-line application process", "attach a copy of your transcripts", "prior to the
    establishment of the eligible list"): what it names is not a skill of the job."""
    left, right = sentence_around(text, start, end)
    return _APPLYING.search(text, left, right) is not None


# "in a team of 15 to 25", "in teams of 2-3", "on a crew of four": a number of people follows.
_CREW_SIZE = re.compile(
    r"\s+of\s+(?:about\s+|around\s+|up\s+to\s+|roughly\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\b",
    re.IGNORECASE,
)


def crew_size(text: str, start: int, end: int) -> bool:
    """Whether the words at ``text[start:end]`` ("work in a team", "work in teams") are followed
    by the number of people in it ("of 15 to 25 associates"): the posting says how the crew is
    made up, not that teamwork is asked for."""
    return bool(re.search(r"\bteams?$", text[start:end], re.IGNORECASE)) and bool(
        _CREW_SIZE.match(text, end)
    )


# "as established by", "prescribed by", "in compliance with": what follows names who set the
# rules; between it and the words at hand only other such names may stand.
_SET_BY = re.compile(
    r"\b(?:(?:established|prescribed|required|set|issued|enforced|mandated|adopted|regulated)"
    r"[ \t]+by|compliance[ \t]+with)[ \t]+",
    re.IGNORECASE,
)
_RULES = re.compile(
    r"\b(?:regulations?|rules?|standards?|codes?|orders?|requirements?|acts?|laws?)\b", re.I
)
_NAMES_BETWEEN = re.compile(r"(?:[A-Z][\w/&.'-]*|of|and|or|for|on|the|[ \t,()])*")


def set_by(text: str, start: int, end: int) -> bool:
    """Whether the capitalised words at ``text[start:end]`` name a body after "as established
    by", "prescribed by", "in compliance with" ("... as established by SCAQMD, EPA, and
    Cal/OSHA"): the body that set the rules, not a skill of its own."""
    if not text[start : start + 1].isupper():
        return False
    opened = list(_SET_BY.finditer(text, max(0, start - 160), start))
    if not opened or _NAMES_BETWEEN.fullmatch(text, opened[-1].end(), start) is None:
        return False
    if opened[-1].group().lower().startswith("compliance"):
        # "in compliance with OSHA regulations": the rules themselves, which are the skill.
        return _RULES.search(text, start, end) is None
    return True

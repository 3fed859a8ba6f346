"""Certificates of completion of a named program or course, as credentials.

"a certificate of completion of the Pipefitting Program" and "completion of a 12-month welding
program ... must submit a certificate of completion" both ask for the program's certificate.
"""

from __future__ import annotations

import re

from jobs.skills.context import is_preferred, sentence_around
from jobs.skills.one_way import requirements_filed_under
from jobs.skills.requirements import Credential
from jobs.skills.scan import ScanText, scan_of

_CERTIFICATE = re.compile(r"\bcertificates?\s+of\s+completion\b", re.I)
_NAMED_AFTER = re.compile(
    r"\s+(?:of|for|from)\s+(?:the\s+|an?\s+)?((?:[\w&'’()-]+[ \t]+){0,7}?)(program|course)\b", re.I
)
_NAMED_BEFORE = re.compile(r"((?:[\w&'’-]+[ \t]+){1,6})(program|course)\b", re.I)
# Words that end a program's name when read backwards: "an 18-month or longer [welding] program".
_NOT_A_NAME = {
    "a", "an", "the", "of", "for", "from", "at", "in", "longer", "this", "that", "their", "your",
    "his", "her", "its", "approved", "accredited", "recognized", "such", "any", "same",
}  # fmt: skip


def _name(words: str) -> str:
    """The program's own name at the end of ``words``, without articles, lengths or 'accredited'."""
    kept: list[str] = []
    for word in reversed(words.split()):
        if word.lower() in _NOT_A_NAME or any(c.isdigit() for c in word):
            break
        kept.append(word)
    while kept and kept[-1].lower() in ("or", "and"):
        kept.pop()
    return " ".join(reversed(kept))


def find_completion_certificates(text: str | ScanText) -> list[Credential]:
    """A credential per certificate of completion whose program or course the sentence names."""
    scan = scan_of(text)
    text = scan.text
    found: list[Credential] = []
    for match in scan.finditer(_CERTIFICATE, ("completion",), 40):
        left, right = sentence_around(text, match.start(), match.end())
        after = _NAMED_AFTER.match(text, match.end(), right)
        name = _name(after.group(1)) if after else ""
        kind = after.group(2) if after else ""
        if not name:
            before = list(_NAMED_BEFORE.finditer(text, left, match.start()))
            if before:
                name, kind = _name(before[-1].group(1)), before[-1].group(2)
        if not name:
            # "Applicants filing under Requirement #3 must submit a certificate of completion":
            # the course is named in requirement 3.
            named = [
                found
                for start, end in requirements_filed_under(text, left, match.start())
                for found in _NAMED_BEFORE.finditer(text, start, end)
                if _name(found.group(1))
            ]
            if not named:
                continue
            name, kind = _name(named[0].group(1)), named[0].group(2)
        if not re.search(r"[A-Za-z]{3}", name):
            continue
        label = f"{name} {kind} certificate of completion"
        required = not is_preferred(text[left:right])
        found.append(Credential(None, label, text[match.start() : match.end()], required,
                                match.start(), match.end()))  # fmt: skip
    return found

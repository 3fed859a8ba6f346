"""Posting sections (duties, requirements, preferred, benefits...) found from their headings."""

from __future__ import annotations

import bisect
import re

import msgspec

SECTION_KINDS = (
    "duties", "requirements", "preferred", "benefits", "selection", "application", "boilerplate",
    "other",
)  # fmt: skip


class Section(msgspec.Struct, frozen=True):
    """A run of text under one heading; ``kind`` is one of SECTION_KINDS."""

    kind: str
    heading: str
    start: int
    end: int


# Order matters: the first family whose words appear in the heading wins ("preferred
# qualifications" is preferred, not requirements).
_HEADING_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        # Who the employer is and what the law makes it say: never what the job asks for.
        "boilerplate",
        re.compile(
            r"\b(about (?:us|the company|the team|the organi[sz]ation|our company)|who we are"
            r"|company (?:overview|description|profile)|our (?:company|story|mission|values)"
            r"|equal (?:employment )?opportunity|eeo\b|e\.e\.o|affirmative action|disclaimer"
            r"|diversity|accommodations?|privacy|notice to applicants|pay transparency)"
        ),
    ),
    (
        "preferred",
        re.compile(
            r"\b(preferred|nice to have|nice-to-have|bonus|desired|desirable|pluses|extra credit)"
        ),
    ),
    (
        "benefits",
        re.compile(
            r"\b(benefits?|perks|what we offer|we offer|compensation|why\b|salary|pay\b"
            r"|what you.?ll get|what you get|rewards)"
        ),
    ),
    (
        "requirements",
        re.compile(
            r"\b(requirements?|qualifications?|what you.?ll need|what you need"
            r"|what we.?re looking for|what you bring|you bring|about you|your skills"
            r"|who we.?re looking for|what it takes|must haves?"
            r"|who you are|must have|you have|skills|experience|eligibility|knowledge|abilities"
            r"|licen[cs]es?|certifications?|education|physical demands|working conditions)"
        ),
    ),
    (
        "duties",
        re.compile(
            r"\b(duties|responsibilities|what you.?ll do|what you will do|the role|job description"
            r"|what you.?ll be doing|in this role|a day in the life|your role|the job\b|the work"
            r"|you will\b|^you.?ll$"
            r"|essential functions|about the (job|role|position)|your day|job summary|summary"
            r"|position summary|overview|day to day|tasks)"
        ),
    ),
    (
        "application",
        re.compile(
            r"\b(how to apply|where to apply|to apply|application (?:deadline|process|procedure)s?"
            r"|filing period|apply now|submit your application)"
        ),
    ),
    ("selection", re.compile(r"\b(selection process|examination|exam\b|interview)")),
    (
        "other",
        re.compile(
            r"\b(notes?|notice"
            r"|application deadline|deadline|process notes"
            r"|disclaimer|location|schedule|hours|job details)"
        ),
    ),
]

# A heading is a short line on its own: "Requirements:", "## What you'll do", "DUTIES", "**Perks**".
_LINE = re.compile(r"^[ \t]*(?:#{1,6}\s*|\*\*|__)?([^\n]{2,70}?)(?:\*\*|__)?[ \t]*:?[ \t]*$", re.M)


def _short_lines(text: str) -> list[re.Match[str]]:
    """``_LINE`` matches, tried only on lines short enough to be one (most lines are prose)."""
    matches = []
    start, size = 0, len(text)
    while start <= size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        if end - start <= 90 or len(text[start:end].strip()) <= 80:
            match = _LINE.match(text, start, end)
            if match:
                matches.append(match)
        start = end + 1
    return matches


_LIST_ITEM = re.compile(r"\n[ \t]*\n?[ \t]*(?:[-•–*]|\d{1,2}[.)])[ \t]")


def _list_follows(text: str, line: re.Match[str]) -> bool:
    """Whether the line right after ``line`` (a blank line allowed between) is a list item."""
    return _LIST_ITEM.match(text, line.end()) is not None


# Headings written in sentence case with no colon ("Your role", "You will"): known whole lines.
_KNOWN_HEADING = re.compile(
    r"your role|the role|you will|you.?ll|what you.?ll do|about (?:you|us|the (?:job|role))"
    r"|you bring|you have|who you are|responsibilities|requirements|qualifications|benefits"
    r"|perks|nice to have|bonus points|the job|the work|what we offer|job details|schedule"
    r"|(?:full )?job description|description"
)


def _blank_or_list_follows(text: str, line: re.Match[str]) -> bool:
    """Whether the line ends and what follows starts a new block: a blank line, a list, or a
    line that opens like a sentence of its own (capital letter)."""
    after = text[line.end() : line.end() + 3]
    if not after.startswith("\n"):
        return False
    return not after[1:].strip()[:1].islower() or _list_follows(text, line)


def _heading_kind(line: str) -> str | None:
    words = line.strip().strip("*_#:•-– ").lower()
    if not words or len(words.split()) > 7 or words.endswith((".", ",", ";")):
        return None
    for kind, pattern in _HEADING_WORDS:
        if pattern.search(words):
            return kind
    return None


# A heading written into the paragraph it opens, at a line's or a sentence's start: "Duties:
# dusting, vacuuming ...", "Responsibilities include assembling cabinets ...", "Requirements: valid
# driver's license ...". Job-site and staffing postings often write their sections this way.
_INLINE_HEADING = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?] ))[ \t]*"
    r"(?P<heading>(?:(?:job|your|essential|main|key|daily)\s+)?(?:duties|responsibilities"
    r"|requirements|qualifications))"
    r"(?:[ \t]*:|[ \t]+include[ \t]*:?)[ \t]*(?=\S)",
    re.I,
)


def _inline_headings(text: str) -> list[tuple[int, int, str, str]]:
    """Headings that open a paragraph on the same line as its text (see ``_INLINE_HEADING``)."""
    found = []
    for match in _INLINE_HEADING.finditer(text):
        heading = match["heading"]
        kind = _heading_kind(heading)
        if kind is not None and heading[:1].isupper():
            found.append((match.start("heading"), match.end(), kind, heading))
            # The section ends with its paragraph: what follows has no heading of its own.
            paragraph_end = _PARAGRAPH_END.search(text, match.end())
            if paragraph_end is not None:
                found.append((paragraph_end.end(), paragraph_end.end(), "other", ""))
    return found


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def find_sections(text: str) -> list[Section]:
    """The sections of a posting in order; text before the first heading is an ``other`` section."""
    headings: list[tuple[int, int, str, str]] = []
    for match in _short_lines(text):
        line = match.group(1)
        kind = _heading_kind(line)
        if kind is None:
            continue
        stripped = line.strip()
        whole = match.group(0).strip()
        if whole.startswith(("-", "•", "–")) or (
            whole.startswith("*") and not whole.startswith("**")
        ):
            continue  # a list item, not a heading
        title_case = all(word[0].isupper() for word in stripped.split() if len(word) > 3)
        looks_like_heading = (
            (
                _KNOWN_HEADING.fullmatch(stripped.strip("*_#: ").lower()) is not None
                and _blank_or_list_follows(text, match)
            )
            or (
                stripped.isupper()
                or whole.endswith(":")
                or whole.startswith(("#", "**", "__"))
                or (len(stripped.split()) <= 4 and title_case)
                # "Nice to have" or "What you'll do" in sentence case, with a list right under it
                or (
                    len(stripped.split()) <= 5
                    and stripped[:1].isupper()
                    and _list_follows(text, match)
                )
            )
        )
        if looks_like_heading:
            headings.append((match.start(), match.end(), kind, stripped.strip("*_#: ")))
    if len(headings) < 2:
        # A posting with at most one heading line may write its others into its paragraphs.
        lines = [(start, end) for start, end, _, _ in headings]
        headings += [
            inline
            for inline in _inline_headings(text)
            if not any(start <= inline[0] < end for start, end in lines)
        ]
        headings.sort()
        # A paragraph's end right where another heading starts is that heading's start.
        headings = [
            h
            for i, h in enumerate(headings)
            if h[3] or i + 1 == len(headings) or headings[i + 1][0] > h[0]
        ]
    sections: list[Section] = []
    position = 0
    kind, heading = "other", ""
    for start, end, next_kind, next_heading in headings:
        if start > position:
            sections.append(Section(kind, heading, position, start))
        kind, heading, position = next_kind, next_heading, end
    if position < len(text) or not sections:
        sections.append(Section(kind, heading, position, len(text)))
    return sections


class SectionIndex:
    """Look up the section kind at a character offset in O(log n)."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self._starts = [section.start for section in sections]

    def kind_at(self, offset: int) -> str:
        """The kind of the section holding ``offset`` ("other" before any heading)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.sections[index].kind if index >= 0 else "other"

    def heading_at(self, offset: int) -> str:
        """The heading of the section holding ``offset`` ("" before any heading)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.sections[index].heading if index >= 0 else ""

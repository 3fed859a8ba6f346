"""Whether a credential the posting names is asked of every applicant, or only of some.

"1. Two years of experience as a plumber's helper; or 2. A journey-level plumber license" and
"a Class B license or three years of experience driving trucks" name a license as one way to
qualify: another way is experience or schooling, so the license is not required. "Certification as
a Grade II operator may be substituted for one year of experience" offers a substitute. A
credential listed under a "Selective Certification" heading, or asked "for some of the positions",
"for certain assignments", "for positions in Treatment Operations", is asked only for some
positions. A credential offered as one of several credentials ("a CNA or an LPN license") stays
required: that is an alternative between credentials (``obtain.mark_alternatives``).
"""

from __future__ import annotations

import re

from jobs.skills.context import PREFERRED, sentence_around

# A list item: "1. ", "2) ", "a. ", "(b) ", "- ".
_ITEM = re.compile(r"[ \t]*(?:\(?(\d{1,2})[.)]|\(?([a-z])[.)]|([-•*]))[ \t]", re.I)
_ENDS_WITH = re.compile(r"\b(or|and)\W*$", re.I)
# What another way to qualify names: experience, schooling, an apprenticeship.
_ANOTHER_WAY = re.compile(
    r"\b(?:experience|degree|graduat\w*|college|university|course\s*work|courses|semester"
    r"|quarter\s+units|apprenticeship|diploma|GED|high\s+school|training\s+program)\b",
    re.I,
)
# ...and names no license of its own ("experience as a licensed electrician" asks for one).
_NAMES_A_LICENSE = re.compile(r"\b(?:licen[cs]\w*|registration|registered)\b", re.I)
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty-four)"
# "... license or four years of experience", "... or equivalent experience", "... or a degree".
_OR_ANOTHER_WAY_AFTER = re.compile(
    r"(?:(?!\band\b)[^;:.]){0,80}?,?\s+or\s+(?:"
    rf"(?:at\s+least\s+|a\s+minimum\s+of\s+)?{_NUMBER}\s*(?:\(\d+\)\s*)?\+?\s*"
    r"(?:full[- ]time\s+)?(?:years?|months?)\b[^;.]{0,60}?\bexperience\b"
    r"|(?:equivalent|comparable)\s+(?:work\s+|related\s+)?(?:experience|training|education)\b"
    r"|(?:an?\s+)?(?:associate|bachelor|master)\W{0,2}s?\s+degree\b"
    r"|(?:the\s+)?completion\s+of\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:apprenticeship|program)\b)",
    re.I,
)
# "four years of experience as a plumber, or a journey-level plumber license", "graduation from
# a college or university, or a teaching credential".
_ANOTHER_WAY_OR_BEFORE = re.compile(
    r"\b(?:experience|degree|college|university)\b[^;:.]{0,80}?,?\s+or\s+(?:an?\s+|the\s+)?"
    r"(?:(?:valid|current|possession\s+of|a|an|the)\s+)*(?:(?!(?:and|with|to)\b)[\w'’/-]+\s+){0,3}$",
    re.I,
)
_SUBSTITUTE = re.compile(
    r"\b(?:may\s+be\s+substituted|substitut\w*\s+for|in\s+lieu\s+of)\b[^;]*"
    r"\b(?:experience|education|years?)\b"
    r"|\b(?:experience|education|years?)\b[^;]*\b(?:may\s+be\s+substituted|substitut\w*\s+for"
    r"|in\s+lieu\s+of)\b",
    re.I,
)
# Asked only for some positions, beyond the hedges ``context.PREFERRED`` already reads.
_SOME_POSITIONS = re.compile(
    r"\bsome\s+of\s+the\s+positions\b"
    r"|\b(?:some|certain|specific)\s+(?:assignments|departments|divisions)\b"
    # "For positions in Treatment Operations": a named part of the employer, not the place.
    r"|\bfor\s+(?:those\s+)?positions\s+(?:in|within|with)\s+(?:the\s+)?"
    r"(?-i:(?:[A-Z][\w&-]*\s+){1,4}(?:Operations|Division|Section|Bureau|Unit|Department))\b"
    r"|\bdepending\s+(?:on|upon)\s+(?:the\s+)?assignment|\bif\s+assigned\s+to\b",
    re.I,
)
# "Applicants filing under Requirement #2 must list their EIT number": said of one way only.
_UNDER_REQUIREMENT = re.compile(
    r"\b(?:filing|qualifying|applying|who\s+(?:file|qualify|apply))\s+(?:under|using)\s+"
    r"(?:the\s+)?requirements?\s*((?:(?:no\.?|numbers?|#|and|or|,|&|requirements?)?\s*\d{1,2}[a-z]?\b\s*)+)",
    re.I,
)
_REQUIREMENTS_HEADING = re.compile(r"^\W*(?:requirements?|minimum\s+qualifications)\b", re.I | re.M)
# Asked for some positions: the hedges of ``context.PREFERRED`` that name positions or a
# possibility, not a preference ("preferred", "a plus").
_SOME_POSITIONS_HEDGE = re.compile(
    r"\b(?:some\s+positions|certain\s+positions|may\s+be\s+required|may\s+require"
    r"|(?:if|where)\s+applicable"
    r"|for\s+(?:those\s+|some\s+|the\s+)?positions\s+(?:requiring|that\s+require|which\s+require))",
    re.I,
)
# In a later sentence that refers back, only plain words count: "may be required to obtain this
# license within 6 months" names a deadline, not some positions.
_SOME_SAID_LATER = re.compile(r"\b(?:some|certain)\s+positions\b", re.I)
_PREFERRED_SAID_LATER = re.compile(
    r"\b(?:preferred|desired|desirable|a\s+plus|not\s+required(?!\s+(?:at|to|when|until|prior|before|for))|is\s+not\s+a\s+requirement"
    r"|not\s+mandatory|optional)\b",
    re.I,
)
_WAIVED = re.compile(r"\bwaive[ds]?\b|\bwaivers?\b", re.I)
# "Equivalent experience will be accepted in place of this certification".
_EQUIVALENT_INSTEAD = re.compile(
    r"\b(?:equivalent|comparable)\s+(?:work\s+|related\s+)?(?:experience|training|education)\b"
    r"[^.;]{0,60}\b(?:accepted|considered|substituted|in\s+place\s+of|instead\s+of)\b",
    re.I,
)
_GENERIC_WORDS = {"license", "licence", "certificate", "certification", "card", "valid", "permit"}
_GOES_ON = re.compile(r"\s*(?:or|and)\b", re.I)
_SELECTIVE = re.compile(r"\bselective\s+certification", re.I)


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def _marker_kind(match: re.Match[str]) -> int:
    return 0 if match.group(1) else 1 if match.group(2) else 2


def _list_items(text: str, start: int) -> tuple[list[str], int] | None:
    """The items of the list holding the line at ``start`` and that line's index, or None when
    the line is not a list item. A line "or"/"and" alone joins the items around it."""
    line_start, line_end = _line_bounds(text, start)
    own = _ITEM.match(text, line_start, line_end)
    if own is None:
        return None
    kind = _marker_kind(own)

    def belongs(line: str) -> bool | None:
        # True: an item of this list; None: a blank or a lone "or" line; False: the list ends.
        if not line.strip() or line.strip().lower() in ("or", "and"):
            return None
        item = _ITEM.match(line)
        return item is not None and _marker_kind(item) == kind

    lines = [(line_start, line_end)]
    while len(lines) < 24 and lines[0][0] > 0:
        bounds = _line_bounds(text, lines[0][0] - 1)
        if belongs(text[bounds[0] : bounds[1]]) is False:
            break
        lines.insert(0, bounds)
    own_line = len(lines) - 1
    while len(lines) < 24 and lines[-1][1] < len(text):
        bounds = _line_bounds(text, lines[-1][1] + 1)
        if belongs(text[bounds[0] : bounds[1]]) is False:
            break
        lines.append(bounds)
    items: list[str] = []
    index = 0
    for number, (left, right) in enumerate(lines):
        line = text[left:right]
        if belongs(line):
            items.append(line)
        elif line.strip() and items:
            items[-1] += " " + line.strip()  # a lone "or" joins the item above to the next
        if number == own_line:
            index = len(items) - 1
    return items, index


def _joined_by_or(items: list[str], index: int) -> list[str]:
    """The items joined by "or" to the item at ``index`` ("1. A; or 2. B; and 3. C": A and B)."""
    group = [items[index]]
    at = index
    while at > 0 and (found := _ENDS_WITH.search(items[at - 1])) and found[1].lower() == "or":
        at -= 1
        group.append(items[at])
    at = index
    while at + 1 < len(items) and (found := _ENDS_WITH.search(items[at])):
        if found[1].lower() != "or":
            break
        at += 1
        group.append(items[at])
    return group[1:]


def _requirement_item(text: str, number: str) -> tuple[int, int] | None:
    """Bounds of requirement ``number`` ("2", "3b") in the posting's first numbered list after
    its requirements heading."""
    heading = _REQUIREMENTS_HEADING.search(text)
    digits, letter = number[:-1], number[-1]
    if not letter.isalpha():
        digits, letter = number, ""
    item = re.compile(rf"^[ \t]*{digits}[.)]?[ \t]*(?:\(?{letter}[.)][ \t])?" if letter
                      else rf"^[ \t]*{digits}[.)][ \t]", re.M)  # fmt: skip
    found = item.search(text, heading.end() if heading else 0)
    if found is None:
        return None
    return _line_bounds(text, found.start())


def requirement_bounds(text: str, number: str) -> tuple[int, int] | None:
    """Bounds of requirement ``number`` with its lettered items ("3. Completion of either: a. a
    Motor Sweeper Operator course ...; or b. ..."), or None."""
    found = _requirement_item(text, number)
    if found is None:
        return None
    start, end = found
    while end < len(text):
        line_start, line_end = _line_bounds(text, end + 1)
        item = _ITEM.match(text, line_start, line_end)
        if item is None or not item.group(2):
            break
        end = line_end
    return start, end


def requirements_filed_under(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bounds of the requirements that ``text[start:end]`` says it is said of ("Applicants
    filing under Requirement #3 must submit ...")."""
    under = _UNDER_REQUIREMENT.search(text, start, end)
    if under is None:
        return []
    numbers = re.findall(r"\d{1,2}[a-z]?", under.group(1), re.I)
    return [found for n in numbers if (found := requirement_bounds(text, n.lower()))]


def _initials(item: str) -> str:
    """The initials of the item's capitalised words, "|" for each other word: "Registration as
    a Professional Engineer" gives "R||PE", "Engineer-In-Training" gives "EIT"."""
    return "".join(word[0] if word[0].isupper() else "|" for word in re.findall(r"[A-Za-z]+", item))


def _names(item: str, label: str) -> bool:
    """Whether a requirement item names the credential: every naming word of its label, an
    abbreviation ("PE") by the initials of the item's capitalised words."""
    words = [w for w in label.split() if w.lower() not in _GENERIC_WORDS]
    initials = _initials(item)
    return bool(words) and all(
        word.lower() in item.lower()
        or (word.isupper() and 2 <= len(word) <= 5 and word in initials)
        for word in words
    )


def _in_one_way_item(text: str, start: int) -> bool:
    listed = _list_items(text, start)
    if listed is None:
        return False
    items, index = listed
    return any(
        _ANOTHER_WAY.search(other) and not _NAMES_A_LICENSE.search(other)
        for other in _joined_by_or(items, index)
    )


def is_one_way_to_qualify(text: str, start: int, end: int, label: str = "") -> bool:
    """Whether the credential at ``text[start:end]`` is one way of several to qualify, another
    being experience or schooling, or a substitute for experience (see the module text).

    A note said of one way ("Applicants filing under Requirement #2 must list their EIT number")
    is one way when that requirement names the credential and is one way; said of the other ways
    ("Requirement #1 or #3 must possess a plumber license prior to appointment") it asks them
    for it too."""
    left, right = sentence_around(text, start, end)
    if _SUBSTITUTE.search(text, left, right):
        return True
    if _OR_ANOTHER_WAY_AFTER.match(text, end, right) or _ANOTHER_WAY_OR_BEFORE.search(
        text, left, start
    ):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if _UNDER_REQUIREMENT.search(text, line_start, start) is not None:
        items = requirements_filed_under(text, line_start, start)
        naming = [
            i
            for i in items
            if _names(text[i[0] : i[1]], label) or _names(text[i[0] : i[1]], text[start:end])
        ]
        return bool(naming) and all(_in_one_way_item(text, i[0]) for i in naming)
    return _in_one_way_item(text, start)


def is_for_some_positions(text: str, start: int, end: int, heading: str = "") -> bool:
    """Whether the credential at ``text[start:end]`` is asked only for some positions, or only
    preferred: under a "Selective Certification" heading, or in a sentence that says so."""
    return _hedged(text, start, end, heading, PREFERRED)


def is_for_some_positions_only(text: str, start: int, end: int, heading: str = "") -> bool:
    """Whether the credential at ``text[start:end]`` is asked for some positions (not merely
    preferred): "may be required for some positions", "for certain assignments", a "Selective
    Certification" heading. The participant is told to ask which."""
    return _hedged(text, start, end, heading, _SOME_POSITIONS_HEDGE)


def _hedged(text: str, start: int, end: int, heading: str, hedge: re.Pattern[str]) -> bool:
    if _SELECTIVE.search(heading):
        return True
    left, right = sentence_around(text, start, end)
    if _GOES_ON.match(text, left) and text[:left].rstrip().endswith(";"):
        # "Some positions may require a Class C license; or a Class B license ...": the hedge
        # before the semicolon holds for the clause it goes on with.
        left = sentence_around(text, left - 2, left - 2)[0]
    if _SOME_POSITIONS.search(text, left, right) or hedge.search(text, left, right):
        return True
    intro = _list_intro(text, start)
    return bool(intro and (_SOME_POSITIONS.search(intro) or hedge.search(intro)))


def said_later_of_some(text: str, left: int, right: int) -> bool:
    """Whether a sentence that refers back to a credential ("this certification is required for
    some positions only") says it is asked for some positions."""
    return bool(
        _SOME_POSITIONS.search(text, left, right) or _SOME_SAID_LATER.search(text, left, right)
    )


def said_later_not_of_all(text: str, left: int, right: int) -> bool:
    """Whether a sentence that refers back to a credential says it is not asked of everyone:
    preferred ("this license is desirable"), waived, or met another way ("equivalent experience
    may be substituted for this certificate")."""
    return bool(
        _SUBSTITUTE.search(text, left, right)
        or _PREFERRED_SAID_LATER.search(text, left, right)
        or _WAIVED.search(text, left, right)
        or _EQUIVALENT_INSTEAD.search(text, left, right)
    )


def _list_intro(text: str, start: int) -> str:
    """The line that introduces the list holding ``start`` ("The following are desired but not
    required:"), or "" when the line is not a list item or no such line is near."""
    line_start, line_end = _line_bounds(text, start)
    if _ITEM.match(text, line_start, line_end) is None:
        return ""
    for _ in range(12):
        if line_start <= 0:
            return ""
        line_start, line_end = _line_bounds(text, line_start - 1)
        line = text[line_start:line_end]
        if not line.strip() or _ITEM.match(line) or line.strip().lower() in ("or", "and"):
            continue
        return line if line.rstrip().endswith(":") else ""
    return ""

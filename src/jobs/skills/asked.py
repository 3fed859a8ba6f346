"""Asked or duty: whether a posting asks the applicant to bring a skill, or only names work the job
involves.

"Empty trash, vacuum carpets, mop hard floors" lists duties: anyone willing can learn them on the
job. "Requirements: 2+ years on a line; strong knife skills" and "must know how to run a forklift"
ask for the skill. A skill is asked when it sits in a requirements section, after an inline
"Requirements:" / "Qualifications:" label on its line, or in a sentence with a word of asking
("must", "required", "experience", "years", "knowledge", "can run"...); it is a duty in a duties
section or in a plain sentence that only describes the work.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobs.skills.context import sentence_around
from jobs.skills.requirements import SkillMention

_ASKING = re.compile(
    r"\b(?:must|required?|requires|requirements?|qualifications?|qualified|experienced?"
    r"|years?|yrs|proficien\w*|knowledge|familiar\w*|skilled|certified|know(?:s)?\s+how"
    r"|comfortable\s+(?:with|using|operating)|should\s+have|need\s+to\s+(?:know|have)"
    r"|able\s+to\s+(?:read|operate|use|drive|run|set\s+up)|can\s+(?:read|operate|use|run|drive)"
    r"|you\s+(?:have|bring|know))\b",
    re.I,
)
# Inline labels on a line: "Requirements: ...", "What you'll do: ...".
_ASK_LABEL = re.compile(
    r"\b(?:requirements?|qualifications?|what\s+you\s+need|you\s+have|you\s+bring|must\s+have"
    r"|skills\s+needed)\s*:",
    re.I,
)
_DUTY_LABEL = re.compile(
    r"\b(?:duties|responsibilities|what\s+you(?:'|’)?ll\s+do|what\s+you\s+will\s+do|the\s+job)\s*:",
    re.I,
)


@lru_cache(maxsize=64)
def _line_labels(text: str, line_start: int) -> tuple[tuple[int, int, bool], ...]:
    """The labels on the line starting at ``line_start``: (start, end, whether it asks), found
    once per line (a bulletin's paragraph is one line of hundreds of words and holds dozens of
    skills; these patterns try every character). The labels that end before a mention are those
    a scan from the line's start to the mention finds: each ends at its colon."""
    line_end = text.find("\n", line_start)
    line_end = len(text) if line_end < 0 else line_end
    if text.find(":", line_start, line_end) < 0:
        return ()
    return tuple(
        sorted(
            [(m.start(), m.end(), True) for m in _ASK_LABEL.finditer(text, line_start, line_end)]
            + [
                (m.start(), m.end(), False)
                for m in _DUTY_LABEL.finditer(text, line_start, line_end)
            ]
        )
    )


def is_asked(text: str, mention: SkillMention) -> bool:
    """Whether the posting asks the applicant to bring this skill (see the module text)."""
    if mention.section == "requirements":
        return True
    if mention.section == "duties":
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    labels = [(start, asks) for start, end, asks in _line_labels(text, line_start)
              if end <= mention.start]  # fmt: skip
    if labels:
        return max(labels)[1]
    return _asks_in(text, *sentence_around(text, mention.start, mention.end))


@lru_cache(maxsize=64)
def _asks_in(text: str, left: int, right: int) -> bool:
    """Whether ``text[left:right]`` holds a word of asking, read once per sentence."""
    return _ASKING.search(text, left, right) is not None

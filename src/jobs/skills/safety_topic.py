"""What a posting's safety skill is about: "safety practices for use of creosote" is creosote
safety, "safety procedures in handling firearms" firearms handling safety.

The taxonomy links every "safety practices", "safety precautions" or "safety rules" to one general
safety skill. Where the posting says what the safety covers, right after the words ("related to
event production", "in a wastewater treatment plant", "when working with or around automotive
equipment"), a specialist names it by that ("event production safety"), and so does the label:
the skill and its evidence stay as they are (issue #15).
"""

from __future__ import annotations

import re

from jobs.skills.requirements import Evidence, SkillMention

# The general safety words the taxonomy links ("safety practices, procedures, and regulations",
# "safe work practices").
_SAFETY_WORDS = re.compile(
    r"^safe(?:ty)?\s+(?:work(?:ing)?\s+)?(?:practices|precautions|procedures|rules|principles"
    r"|regulations|standards|requirements|policies|guidelines)\b",
    re.I,
)
# Words after them that say what the safety is for.
_ABOUT = re.compile(
    r"[ \t]+(?:and[ \t]+equipment[ \t]+)?(?:related[ \t]+to|relating[ \t]+to|for|in|applicable"
    r"[ \t]+to|associated[ \t]+with|pertaining[ \t]+to|concerning|as[ \t]+(?:they|it)[ \t]+"
    r"relates?[ \t]+to|(?:required[ \t]+|necessary[ \t]+)?when[ \t]+working[ \t]+(?:with|on"
    r"|around|near)(?:[ \t]+or[ \t]+(?:around|near))?)[ \t]+"
    r"(?:(?:the|a|an)[ \t]+)?(?:(?:use|handling)[ \t]+of[ \t]+(?:the[ \t]+)?)?"
    r"(?:working[ \t]+(?:on|with|in|around|near)[ \t]+(?:or[ \t]+\w+[ \t]+)?)?",
    re.I,
)
# Where the topic ends: punctuation, a clause or a list's next item.
_TOPIC_END = re.compile(
    r"[,;:.()\n]|[ \t](?:and|or|including|such|sufficient|that|which|who|when|while|used|as|to"
    r"|in|of|for|with|by|on|at|from|is|are|may|should|must|will)(?=[ \t]|$)",
    re.I,
)
# Heads that add nothing to the topic ("laboratory work" safety is laboratory safety) and topics
# that say nothing about what the safety covers ("the job", "all work").
_GENERIC_TAIL = {"work", "practices", "procedures", "operations", "activities", "areas", "tasks"}
_NO_TOPIC = {"job", "jobs", "work", "position", "duties", "tasks", "workplace", "all", "this"}
_MAX_WORDS = 4


def topic_after(text: str, end: int) -> str | None:
    """What the safety words ending at ``end`` are said to cover, in the posting's words (lower
    case), or None when the words after them do not say."""
    about = _ABOUT.match(text, end)
    if about is None:
        return None
    stop = _TOPIC_END.search(text, about.end(), about.end() + 120)
    words = text[about.end() : stop.start() if stop else about.end() + 120].lower().split()
    while words and words[-1] in _GENERIC_TAIL:
        words.pop()
    if not words or len(words) > _MAX_WORDS or words[-1] in _NO_TOPIC:
        return None
    if len(words) == 1 and words[0].endswith(("tion", "ment", "ance", "ing")):
        return None  # "related to the preparation and conduct of programs": half of a list
    if not all(re.fullmatch(r"[a-z][a-z/'-]*", word) for word in words):
        return None
    return " ".join(words)


def name_safety_topics(mentions: list[SkillMention], text: str) -> list[SkillMention]:
    """Each linked safety skill whose words are followed by what the safety covers is labelled
    by it ("safety practices for use of creosote": "creosote safety"); the first span that says
    names it. Everything else is unchanged."""
    for mention in mentions:
        if mention.id is None or not mention.label.lower().endswith("safety"):
            continue
        for evidence in list(mention.evidence) or [
            Evidence(mention.text, mention.start, mention.end)
        ]:
            if not _SAFETY_WORDS.match(evidence.text):
                continue
            topic = topic_after(text, evidence.end)
            if topic is not None:
                mention.label = f"{topic} safety"
                break
    return mentions

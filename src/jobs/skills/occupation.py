"""The posting's occupation, read from its title, and the sense of a word in that occupation.

A word the taxonomy gives to one trade can name another trade's skill: "painting" is a house
painter's in a building bulletin and an auto body worker's in a body shop's; "upholstery" is a
sewing trade, and upholstery cleaning to a carpet cleaner. When the posting does not support the
sense a synonym was first read in (``linking.fits_context``), the entry of the posting's
occupation whose name holds the same words is the sense meant (issue #15).
"""

from __future__ import annotations

import re
from collections import Counter

from jobs.skills.linking import content_stems
from jobs.skills.taxonomy import Skill, Taxonomy, normalise_term, once_per_taxonomy

_WORD = re.compile(r"[A-Za-z][A-Za-z'&/-]*")
_GRADE = re.compile(r"^(?:[ivx]+|\d+)$", re.I)
# A domain is the occupation's when it holds at least this share of its SOC group's entries.
_OWN_SHARE = 0.2
_SENSE_KINDS = frozenset({"hard_skill", "tool", "knowledge"})


def _words(text: str) -> set[str]:
    # Whole words, a plural's "s" off: "painting" is not "paint" ("paint masking").
    return {
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in normalise_term(text).split()
    }


class _Occupations:
    """Domains by SOC group, counted over the taxonomy entries whose O*NET codes are in it, and
    the entries by the content words of their labels."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.groups: dict[str, Counter[str]] = {}
        self.by_word: dict[str, list[Skill]] = {}
        for skill in taxonomy.skills.values():
            domains = [d for d in skill.domains if d != "general"]
            if domains and skill.kind != "soft_skill":
                for code in skill.onet:
                    for key in (code[:4], code[:2]):
                        counts = self.groups.setdefault(key, Counter())
                        counts.update({d: 1 / len(domains) for d in domains})
            if skill.kind in _SENSE_KINDS:
                for word in _words(skill.label):
                    self.by_word.setdefault(word, []).append(skill)

    def domains(self, soc: str) -> set[str]:
        """The domains of a SOC code's minor group (else its major group) that hold a fair
        share of its entries."""
        counts = self.groups.get(soc[:4]) or self.groups.get(soc[:2]) or Counter()
        total = sum(counts.values())
        return {d for d, w in counts.items() if total and w / total >= _OWN_SHARE}


_of = once_per_taxonomy(_Occupations)


def title_domains(title: str | None, taxonomy: Taxonomy) -> set[str]:
    """The domains of the occupation the title names: the longest run of its words that is a
    job title the taxonomy knows ("Carpet Cleaning Technician - Will Train" -> custodial), read
    through its SOC group; empty when no run is a known title."""
    words = [w for w in _WORD.findall(title or "") if not _GRADE.match(w)]
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            found = taxonomy.find_title(" ".join(words[start : start + size]))
            if found is not None and found.soc:
                return _of(taxonomy).domains(found.soc)
    return set()


def sense_in_occupation(
    skill: Skill, words: str, taxonomy: Taxonomy, title: str | None, sentence: str = ""
) -> Skill | None:
    """The entry the words name in the posting's occupation, when ``skill`` is another
    occupation's: an entry whose label is every word of ``words`` and one more, said in the
    sentence or the title, and shares a domain with the title's occupation, which ``skill`` does
    not ("We clean carpets, upholstery" for a Carpet Cleaning Technician is upholstery cleaning;
    "auto painting" for an Auto Body Repairer is automotive painting). None when the title names
    no known occupation or no entry fits."""
    own = title_domains(title, taxonomy)
    if not own or own & set(skill.domains):
        return None
    mine = _words(words)
    if not mine:
        return None
    said = set(content_stems(f"{sentence} {title or ''}"))
    found = [
        other
        for other in _of(taxonomy).by_word.get(next(iter(mine)), ())
        if other.id != skill.id
        and own & set(other.domains)
        and mine <= _words(other.label)
        and _one_more_said(_words(other.label) - mine, said)
    ]
    # The entry wholly of the occupation first, then the shortest name.
    return (
        min(found, key=lambda s: (not set(s.domains) <= own, len(s.label.split()), s.id))
        if found
        else None
    )


def _one_more_said(extra: set[str], said: set[str]) -> bool:
    # One word more than the words, said around them: "clean" for upholstery cleaning, "auto"
    # for automotive painting; "biohazard" cleanup is not "water damage cleanup".
    if len(extra) != 1:
        return False
    word = next(iter(content_stems(next(iter(extra)))), "")
    return len(word) >= 4 and any(
        len(s) >= 4 and (s.startswith(word) or word.startswith(s)) for s in said
    )

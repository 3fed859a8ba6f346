"""List the linked skills whose taxonomy domains are far from the posting's occupation (issue #15).

    JOBS_SHARED_DATA=../shared/data PYTHONPATH=src:. python -m tools.wrong_occupation
    ... python -m tools.wrong_occupation --json > list.jsonl      # one candidate a line
    ... python -m tools.wrong_occupation --below 1.01 --all --json  # every linked skill

Tuning postings only: held-out postings are never read. The posting's occupation is a profile of
taxonomy domains: each other skill it links shares one among its domains (general aside), and a
title ``titles.jsonl`` knows adds the domains of its SOC group (counted over the taxonomy entries
whose O*NET codes are in it) as three skills. A skill's nearness is the share of that profile
its own domains hold. Every linked skill of no general domain nearer than ``--below`` is printed
with its sentence, for a person to judge right or wrong occupation before any rule is tried.

Two rules are printed beside each candidate so their cost can be counted against the judgments:
``refused`` (far, and neither the sentence nor the title says a word of the skill's domains) and
``near_in_sentence`` (the nearness to the skills linked in the same sentence). On the tuning
split of 2026-12-07 neither told wrong from right (see the commit that added this tool). A
development tool: it lives outside the ``jobs`` package.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable

from jobs.skills.context import sentence_around
from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import content_stems, is_ambiguous, stem
from jobs.skills.posting_text import prepare_text
from jobs.skills.requirements import SkillMention
from jobs.skills.taxonomy import Skill, Taxonomy
from tools.evaluate_skills import (
    GOLD_DIR,
    connector_postings,
    extract_gold,
    load_gold_dir,
    shared_postings,
)
from tools.shared_data import SHARED_DATA

_TITLE_WEIGHT = 3.0  # a known title counts as this many skills
_WORD = re.compile(r"[A-Za-z][A-Za-z'&/-]*")
_GRADE = re.compile(r"^(?:[ivx]+|\d+)$", re.I)

# Words that show a sentence speaks of a domain's work (the tried ``refused`` rule).
DOMAIN_WORDS: dict[str, frozenset[str]] = {
    domain: frozenset(stem(w) for w in words.split())
    for domain, words in {
        "warehouse": """warehouse pallet forklift inventory stock stockroom storeroom freight
            dock shipping shipment receiving picking order shelf shelves tote carton box sku
            scanner trailer load""",
        "logistics": """freight shipment shipping logistics dock cargo carrier trailer load
            lading dispatch route pallet inventory warehouse supply""",
        "food_service": """food kitchen cook cooking meal menu restaurant cafeteria diet
            dietary beverage drink coffee dish server bake baking grill catering bar concession
            snack""",
        "manufacturing": """production plant factory machine machining assembly manufacturing
            manufacture shop fabrication fabricate line operator press parts product quality
            sewing fabric stitch plastics""",
        "construction": """construction build building carpentry carpenter concrete drywall
            framing house home roof roofing wall site contractor remodel renovate residential
            structure hardwood lumber plaster masonry cabinet kitchen bathroom interior
            exterior""",
        "maintenance": """maintenance facility facilities building property apartment hvac
            plumbing electrical boiler equipment mechanic mechanical troubleshoot machinery""",
        "custodial": """clean cleaning custodial custodian janitor janitorial floor restroom
            trash sanitize disinfect mop vacuum housekeeping waste""",
        "landscaping": """landscape landscaping lawn tree garden gardening gardener grounds
            turf plant irrigation mow mowing shrub soil park golf horticulture nursery flower""",
        "retail": """store sales sell selling merchandise retail shopper checkout register
            cashier shelf price customer""",
        "customer_service": """customer public client caller guest patron complaint
            inquiry""",
        "driving": """drive driver driving vehicle truck route road cdl haul hauling transport
            bus van car fleet""",
        "delivery": """deliver delivery route package parcel courier stop customer""",
        "auto_repair": """mechanic automotive auto diagnose diagnostic shop overhaul repair
            technician collision diesel engine""",
        "welding": """weld welder welding fabrication fabricate metal torch steel""",
        "health_care": """patient medical clinical clinic nurse nursing health hospital
            resident caregiver medication therapy veterinary veterinarian vet pet""",
        "security": """security guard officer trespass trespassing theft premises
            surveillance alarm intruder badge safeguard""",
        "office": """office clerical file filing record report computer data document
            correspondence administrative secretary typing spreadsheet""",
    }.items()
}


def _own_domains(skill: Skill) -> list[str]:
    return [d for d in skill.domains if d != "general"]


def soc_domains(taxonomy: Taxonomy) -> dict[str, Counter[str]]:
    """Domains by SOC minor group ("47-2") and major group ("47"), counted over the taxonomy
    entries (soft skills aside) whose O*NET codes are in the group."""
    groups: dict[str, Counter[str]] = {}
    for skill in taxonomy.skills.values():
        domains = _own_domains(skill)
        if not domains or skill.kind == "soft_skill":
            continue
        for code in skill.onet:
            for key in (code[:4], code[:2]):
                groups.setdefault(key, Counter()).update({d: 1 / len(domains) for d in domains})
    return groups


def title_soc(title: str | None, taxonomy: Taxonomy) -> str | None:
    """The SOC code of the longest run of the title's words that names a known job title."""
    words = [w for w in _WORD.findall(title or "") if not _GRADE.match(w)]
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            found = taxonomy.find_title(" ".join(words[start : start + size]))
            if found is not None and found.soc:
                return found.soc
    return None


def domain_profile(
    mentions: Iterable[SkillMention],
    taxonomy: Taxonomy,
    title: str | None = None,
    socs: dict[str, Counter[str]] | None = None,
) -> Counter[str]:
    """The occupation as domain weights: each linked skill (soft skills and credentials aside)
    shares one among its domains; a known title adds its SOC group's domains as three skills."""
    profile: Counter[str] = Counter()
    seen: set[str] = set()
    for mention in mentions:
        skill = taxonomy.skills.get(mention.id) if mention.id else None
        if skill is None or skill.id in seen or skill.kind in ("soft_skill", "credential"):
            continue
        seen.add(skill.id)
        domains = _own_domains(skill)
        profile.update({d: 1 / len(domains) for d in domains})
    soc = title_soc(title, taxonomy)
    if soc is not None and socs is not None:
        counts = socs.get(soc[:4]) or socs.get(soc[:2]) or Counter()
        total = sum(counts.values())
        profile.update({d: w / total * _TITLE_WEIGHT for d, w in counts.items()})
    return profile


def nearness(skill: Skill, profile: Counter[str]) -> float | None:
    """The share of the profile the skill's domains hold; None for a soft skill, a skill of no
    particular domain, or an empty profile."""
    domains = _own_domains(skill)
    total = sum(profile.values())
    if skill.kind == "soft_skill" or not domains or not total:
        return None
    return sum(profile[d] for d in domains) / total


def names_a_domain(skill: Skill, sentence: str, title: str | None) -> bool:
    """Whether the sentence or the title says a word of one of the skill's domains."""
    said = set(content_stems(sentence)) | set(content_stems(title or ""))
    return any(said & DOMAIN_WORDS.get(d, frozenset()) for d in _own_domains(skill))


def main(argv: list[str] | None = None) -> int:
    """Print the candidates; ``--below`` sets how near counts as far (share of the profile)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--below", type=float, default=0.25, help="nearness under which to list")
    parser.add_argument("--all", action="store_true", help="skills of a general domain too")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    args = parser.parse_args(argv)
    gold, postings = load_gold_dir(GOLD_DIR)
    postings = {
        **connector_postings(SHARED_DATA / "connectors"),
        **shared_postings(SHARED_DATA),
        **postings,
    }
    tuning = [item for item in gold if item.split == "tuning"]
    extractor = shipped_extractor()
    taxonomy = extractor.taxonomy
    socs = soc_domains(taxonomy)
    extractions = extract_gold(tuning, postings, extractor)
    count = 0
    for item in tuning:
        extraction = extractions.get(item.id)
        if extraction is None:
            continue
        text = prepare_text(postings[item.id]["text"]).text
        title = postings[item.id].get("title")
        linked = [m for m in extraction.skills if m.id in taxonomy.skills]
        for mention in linked:
            skill = taxonomy.skills[mention.id or ""]
            if "general" in skill.domains and not args.all:
                continue  # a skill any occupation may ask for ("report writing")
            others = [m for m in linked if m is not mention]
            profile = domain_profile(others, taxonomy, title, socs)
            near = nearness(skill, profile)
            if near is None or near >= args.below:
                continue
            count += 1
            evidence = mention.evidence[0] if mention.evidence else mention
            left, right = sentence_around(text, evidence.start, evidence.end)
            sentence = " ".join(text[left:right].split())
            beside = [
                m for m in others if any(left <= e.start and e.end <= right for e in m.evidence)
            ]
            far = skill.kind in ("hard_skill", "tool") and sum(profile.values()) >= 3
            row = {
                "posting": item.id,
                "title": title,
                "occupation": ", ".join(f"{d} {w:.2f}" for d, w in profile.most_common(3)),
                "skill": skill.id,
                "domains": skill.domains,
                "nearness": round(near, 3),
                "words": evidence.text,
                "sentence": sentence[:300],
                "ambiguous": any(is_ambiguous(skill, e.text) for e in mention.evidence),
                "refused": far and not names_a_domain(skill, sentence, title),
                "near_in_sentence": nearness(skill, domain_profile(beside, taxonomy)),
            }
            if args.json:
                print(json.dumps(row))
            else:
                print(f"{item.id} | {title} | {row['occupation']}")
                print(f"  {skill.id} {skill.domains} near {near:.2f}: [{evidence.text}]")
                print(f"  {row['sentence']}")
    print(f"{count} candidates in {len(extractions)} tuning postings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

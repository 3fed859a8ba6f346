"""Same job, several places: ATS identities from URLs, then a fuzzy employer+title+place match."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec
from rapidfuzz import fuzz, process

from jobs.connectors.posting import PostingIn

TRACKING_PARAMS = frozenset(
    {
        "gh_src",
        "ref",
        "source",
        "src",
        "lever-source",
        "lever-origin",
        "trk",
        "trackingid",
        "fbclid",
        "gclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "igshid",
        "campaign",
        "sid",
        "referrer",
        "from",
        "jobsource",
        "iis",
        "iisn",
        "ccuid",
    }
)

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_UUID_RE = re.compile(_UUID, re.I)
# (host pattern, path pattern, kind) — first match wins; the group is the job's id there.
_PATH_RULES = [
    (r"(^|\.)greenhouse\.io$", r"/jobs/(\d+)", "greenhouse"),
    (r"(^|\.)lever\.co$", rf"/({_UUID})", "lever"),
    (r"(^|\.)ashbyhq\.com$", rf"/({_UUID})", "ashby"),
    (r"(^|\.)workable\.com$", r"/j(?:obs)?/([0-9A-Z]{6,12})\b", "workable"),
    (r"(^|\.)smartrecruiters\.com$", r"/(?:postings/)?(\d{9,})", "smartrecruiters"),
    (r"(^|\.)usajobs\.gov$", r"/(?:job|GetJob/ViewDetails)/(\d+)", "usajobs"),
]
# Kinds whose ids are UUIDs: the bare UUID also links them to an employer page naming it.
_UUID_KINDS = {"lever", "ashby"}


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (utm_*, gh_src, ref, source...) or a fragment."""
    parts = urlsplit(url.strip())
    kept = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, urlencode(kept), ""))


def ats_identity(url: str | None) -> str | None:
    """The ATS identity a URL carries, e.g. 'greenhouse:4012345' or 'lever:<uuid>'.

    Recognises Greenhouse (``gh_jid`` too, on any employer site), Lever and Ashby UUIDs,
    Workable shortcodes, SmartRecruiters ids, USAJOBS control numbers, and any other job UUID
    (Deel and the like) as 'uuid:<uuid>'.
    """
    if not url:
        return None
    parts = urlsplit(strip_tracking(url))
    query = dict(parse_qsl(parts.query))
    if query.get("gh_jid", "").isdigit():
        return f"greenhouse:{query['gh_jid']}"
    host = parts.netloc.split(":")[0]
    for host_rule, path_rule, kind in _PATH_RULES:
        if re.search(host_rule, host):
            match = re.search(path_rule, parts.path, flags=0 if kind == "workable" else re.I)
            if match:
                value = match.group(1).lower() if kind in _UUID_KINDS else match.group(1)
                return f"{kind}:{value}"
    found = _UUID_RE.search(parts.path) or _UUID_RE.search(parts.query)
    return f"uuid:{found.group(0).lower()}" if found else None


def identity_keys(posting: PostingIn) -> set[str]:
    """Every identity key of a posting: its ATS identity, identities in its URLs, bare UUIDs."""
    keys: set[str] = set()
    for candidate in (
        posting.ats_identity,
        ats_identity(posting.url),
        ats_identity(posting.apply_url),
    ):
        if candidate:
            keys.add(candidate)
    for key in list(keys):
        kind, _, value = key.partition(":")
        if kind in _UUID_KINDS:
            keys.add(f"uuid:{value}")
    return keys


# Lower ranks win as canonical: the employer's own system over aggregators and boards.
SOURCE_PREFERENCE = {
    "portal": 0,
    "greenhouse": 1,
    "lever": 1,
    "ashby": 1,
    "smartrecruiters": 1,
    "workable": 1,
    "usajobs": 1,
    "jsonld": 2,
    "csv": 3,
    "feed": 4,
}


class Candidate(msgspec.Struct, frozen=True):
    """One stored or incoming posting offered to cross-source dedupe."""

    key: Hashable
    source: str
    source_kind: str
    posting: PostingIn


class DuplicateDecision(msgspec.Struct, frozen=True):
    """``duplicate_of`` is the canonical posting's key, or None for a canonical posting."""

    key: Hashable
    duplicate_of: Hashable | None
    matched_by: str | None = None  # 'identity' or 'fuzzy'


_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|gmbh|plc|lp|llp|"
    r"the|usa|us)\b\.?"
)


def employer_key(name: str | None) -> str:
    """An employer name reduced for comparison ('The ACME Co., Inc.' → 'acme')."""
    text = (name or "").lower().replace("&", " and ")
    text = _SUFFIXES.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def _places(posting: PostingIn) -> set[str]:
    return {
        f"{(loc.city or '').lower()}|{(loc.region or '').lower()}"
        for loc in posting.locations
        if loc.city
    }


def _same_place(a: PostingIn, b: PostingIn) -> bool:
    if a.workplace == "remote" and b.workplace == "remote":
        return True
    places_a, places_b = _places(a), _places(b)
    if not places_a or not places_b:
        return True  # a source that gives no city cannot tell them apart
    cities_a = {p.split("|")[0] for p in places_a}
    cities_b = {p.split("|")[0] for p in places_b}
    return bool(cities_a & cities_b)


def _close_in_time(a: PostingIn, b: PostingIn, window: timedelta) -> bool:
    if a.posted_at is None or b.posted_at is None:
        return True
    return abs(a.posted_at - b.posted_at) <= window


def find_duplicates(
    candidates: Sequence[Candidate],
    *,
    title_threshold: float = 90.0,
    window: timedelta = timedelta(days=30),
) -> list[DuplicateDecision]:
    """Decide, for postings from several sources, which is canonical and which duplicate it.

    Postings are linked when they share an ATS identity, or — across different sources only —
    when the employer names agree, the titles match closely (RapidFuzz token sort ratio at least
    ``title_threshold``), the places agree and they were posted within ``window`` of each other.
    Each linked group keeps one canonical posting: the employer's own system first
    (SOURCE_PREFERENCE), then the earliest posted, then the order given.
    """
    parent = list(range(len(candidates)))
    how: dict[int, str] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int, reason: str) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[rj] = ri
            how.setdefault(i, reason)
            how.setdefault(j, reason)

    by_identity: dict[str, int] = {}
    for index, candidate in enumerate(candidates):
        for key in identity_keys(candidate.posting):
            if key in by_identity:
                union(by_identity[key], index, "identity")
            else:
                by_identity[key] = index

    by_employer: dict[str, list[int]] = {}
    for index, candidate in enumerate(candidates):
        name = employer_key(candidate.posting.employer)
        if name:
            by_employer.setdefault(name, []).append(index)
    for members in by_employer.values():
        if len(members) < 2 or len({candidates[i].source for i in members}) < 2:
            continue
        titles = [_title_key(candidates[i].posting.title) for i in members]
        scores = process.cdist(
            titles, titles, scorer=fuzz.token_sort_ratio, score_cutoff=title_threshold
        )
        for a in range(len(members)):
            for b in scores[a, a + 1 :].nonzero()[0]:
                i, j = members[a], members[a + 1 + int(b)]
                first, second = candidates[i], candidates[j]
                if first.source == second.source:
                    continue
                if _same_place(first.posting, second.posting) and _close_in_time(
                    first.posting, second.posting, window
                ):
                    union(i, j, "fuzzy")

    groups: dict[int, list[int]] = {}
    for index in range(len(candidates)):
        groups.setdefault(find(index), []).append(index)
    decisions: list[DuplicateDecision | None] = [None] * len(candidates)
    for members in groups.values():
        canonical = min(members, key=lambda i: _rank(candidates[i], i))
        for index in members:
            duplicate_of = None if index == canonical else candidates[canonical].key
            decisions[index] = DuplicateDecision(
                key=candidates[index].key,
                duplicate_of=duplicate_of,
                matched_by=how.get(index) if duplicate_of is not None else None,
            )
    return [d for d in decisions if d is not None]


def _rank(candidate: Candidate, index: int) -> tuple:
    posted = candidate.posting.posted_at
    return (
        SOURCE_PREFERENCE.get(candidate.source_kind, 5),
        posted.timestamp() if posted else float("inf"),
        index,
    )

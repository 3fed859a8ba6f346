"""Scores within a tier, held to the standard in ``RANKING.md``: six components (0-100 each),
fit (skills and titles, or entry-level) gating the logistics (ride, pay, schedule, stance), and
employer-side bonuses, all weighted by one documented ``ScoreWeights``.

Skill similarity is computed in batches: one ``rapidfuzz.process.cdist`` matrix per participant
against the vocabulary of every posting's skill labels (``SkillVocabulary``), then gathered per
posting with numpy; nothing is compared pair by pair.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import msgspec
import numpy as np
from rapidfuzz import fuzz, process, utils

from jobs.matching.inputs import PostingFacts, Reach, SkillAsked
from jobs.matching.reasons import FIT_BANDS, FitBand, Reason
from jobs.matching.setting import WorkplaceSetting
from jobs.matching.situation import Situation
from jobs.skills.linking import shares_specific_word

WOTC_LAW = "26 U.S.C. 51(d)(4) (WOTC, qualified ex-felon)"
BONDING = "Federal Bonding Program (U.S. Department of Labor)"


class ScoreWeights(msgspec.Struct, frozen=True, kw_only=True):
    """How a score is made: the one place the weights live. Every field is a setting: the
    environment variable ``JOBS_SCORE_<FIELD>`` (``JOBS_SCORE_SKILLS=0.4``,
    ``JOBS_SCORE_WOTC_HIRES_THROUGH=2026-12-31`` or ``none``) overrides it; the service reads
    them through ``jobs.settings`` and builds this with ``score_weights``.

    The score is ``fit_share × fit + (1 − fit_share) × gate(fit) × logistics`` (``combine``):
    fit is the weighted mean of skills and title, raised to ``entry_level_fit`` for a posting
    open to all (entry-level, or asking for no skill) and counted up to ``fit_cap``; logistics
    is the weighted mean of transit, pay, schedule and fair_chance (weights need not add to
    one). That is scaled so that a job that fits, with a perfect ride, pay, schedule and stance,
    scores 100; then the employer-side bonuses are added, the penalties taken off, and the
    result clamped to 0-100. Every weight is 0 or more, so the score never falls when a
    component rises.
    """

    # The weights that combine the components were fitted to the tuning judgements in
    # tests/data/ranking/ (python -m tools.fit_ranking --fit, seed 20261206; RANKING.md).
    skills: float = 1.0  # skills fit: taxonomy ids first, fuzzy labels for free text
    title: float = 0.98  # desired and past titles against the posting title (and SOC family)
    transit: float = 0.61  # door-to-door minutes against the participant's maximum
    pay: float = 0.47  # posted pay against the participant's minimum hourly wage
    schedule: float = 0.676  # share of the shift inside the participant's availability
    fair_chance: float = 0.263  # the employer's stance, in DESIGN's order
    fit_share: float = 0.156  # share of the score that is fit itself (the rest: gated logistics)
    fit_floor: float = 0.0  # how much of the logistics a job with no fit at all keeps
    entry_level_fit: float = 50.294  # fit of a job open to all ("no experience needed")
    fit_cap: float = 57.95  # fit counts up to this: jobs that both fit compete on logistics
    fits_experience_at: float = 60.0  # fit from skills and titles that reads "fits experience"
    required_skill_weight: float = 2.0  # a required skill counts this many preferred ones
    soft_skill_weight: float = 0.25  # "teamwork", "reliability": people seldom list them
    skill_match_at: float = 80.0  # similarity (0-100) at which a skill counts as matched
    past_title_factor: float = 0.85  # a past title counts a little less than a desired one
    title_floor: float = 35.0  # title similarity at or below this scores 0 (unrelated titles)
    no_ride_home_factor: float = 0.3  # transit component multiplied by this with no ride home
    reference_wage: float = 15.0  # hourly wage compared against when the participant gave none
    movable_conflict_points: float = 25.0  # schedule points lost per movable appointment clash
    record_relevance_points: float = 5.0  # lost when the record relates to the duties
    wotc_points: float = 3.0  # employer bonus: hire inside the WOTC ex-felon window
    bonding_points: float = 1.0  # employer bonus: Federal Bonding available
    wotc_hires_through: dt.date | None = dt.date(2025, 12, 31)  # None: credit in force
    unknown: float = 50.0  # a component whose facts are unknown


COMPONENTS = ("skills", "title", "transit", "pay", "schedule", "fair_chance")
_FACTORS = {"past_title_factor", "no_ride_home_factor", "fit_share", "fit_floor"}  # 0-1
_POINTS_SCALE = {
    "skill_match_at", "title_floor", "unknown", "entry_level_fit", "fits_experience_at", "fit_cap"
}  # 0-100  # fmt: skip


class InvalidWeight(ValueError):
    """A score weight that cannot be used; `name` is the ``ScoreWeights`` field."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def _number(name: str, value: object) -> float:
    try:
        # Overrides are parsed JSON of any type; what float() refuses is caught just below.
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidWeight(name, f"must be a number, not {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise InvalidWeight(name, f"must be a number of 0 or more, not {value!r}")
    if name in _FACTORS and number > 1:
        raise InvalidWeight(name, f"is a factor between 0 and 1, not {value!r}")
    if name in _POINTS_SCALE and number > 100:
        raise InvalidWeight(name, f"is on the 0-100 scale, not {value!r}")
    if name == "reference_wage" and number == 0:
        raise InvalidWeight(name, "must be more than 0 (pay is compared against it)")
    return number


def _hires_through(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip().lower()
    if text in ("", "none", "renewed"):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidWeight(
            "wotc_hires_through", f"must be a date YYYY-MM-DD or 'none', not {value!r}"
        ) from None


def score_weights(overrides: Mapping[str, object] | None = None) -> ScoreWeights:
    """The default weights with `overrides` (field name → number, or text as read from the
    environment) applied; raises ``InvalidWeight`` naming the field for an unknown name, a value
    that is not a number of 0 or more (factors up to 1, 0-100 scales up to 100), a bad date, or
    component weights that are all zero."""
    known = ScoreWeights.__struct_fields__
    changes: dict[str, object] = {}
    for name, value in (overrides or {}).items():
        if name not in known:
            raise InvalidWeight(name, "is not a score weight (known: " + ", ".join(known) + ")")
        if name == "wotc_hires_through":
            changes[name] = _hires_through(value)
        else:
            changes[name] = _number(name, value)
    weights = msgspec.structs.replace(ScoreWeights(), **changes)
    if not any(getattr(weights, name) for name in COMPONENTS):
        raise InvalidWeight(
            "skills", "the six component weights (" + ", ".join(COMPONENTS) + ") are all zero"
        )
    return weights


def fit_points(
    skills: np.ndarray, titles: np.ndarray, open_to_all: np.ndarray, w: ScoreWeights
) -> tuple[np.ndarray, np.ndarray]:
    """Per posting: fit (0-100) and the part of it that comes from experience (skills and
    titles). A posting open to all (entry-level, or asking for no skill or experience) fits at
    least ``entry_level_fit``: anyone can start."""
    total = w.skills + w.title
    experience = (w.skills * skills + w.title * titles) / total if total else np.zeros_like(skills)
    fit = np.where(open_to_all, np.maximum(experience, w.entry_level_fit), experience)
    return np.minimum(fit, w.fit_cap), experience


def logistics_points(
    transit: np.ndarray, pay: np.ndarray, schedule: np.ndarray, fair: np.ndarray, w: ScoreWeights
) -> np.ndarray:
    """Per posting: the weighted mean (0-100) of the ride, pay, schedule and stance."""
    total = w.transit + w.pay + w.schedule + w.fair_chance
    if not total:
        return np.zeros_like(transit)
    weighted = w.transit * transit + w.pay * pay + w.schedule * schedule
    return (weighted + w.fair_chance * fair) / total


def combine(fit: np.ndarray, logistics: np.ndarray, w: ScoreWeights) -> np.ndarray:
    """The score before bonuses (0-100): fit first, logistics scaled by a fit factor
    (RANKING.md). Non-decreasing in fit and in logistics for any weights in range."""

    def raw(fit: np.ndarray | float, logistics: np.ndarray | float) -> np.ndarray | float:
        gate = w.fit_floor + (1.0 - w.fit_floor) * fit / 100.0
        return w.fit_share * fit + (1.0 - w.fit_share) * gate * logistics

    best = raw(w.fit_cap, 100.0)  # the same for every posting: the order does not change
    score: np.ndarray = np.asarray(raw(fit, logistics)) * (100.0 / best if best else 1.0)
    return score


# DESIGN's order: verified employer policy > chosen fair-chance language > ordinance
# boilerplate > unknown > "must pass background check" > exclusionary language.
FAIR_CHANCE_POINTS = {
    "verified": 100.0,
    "chosen_language": 85.0,
    "ordinance_boilerplate": 65.0,
    "unknown": 50.0,
    "background_check": 30.0,
    "exclusionary": 0.0,
}
FAIR_CHANCE_WORDS = {
    "verified": "Employer has a verified fair-chance hiring policy",
    "chosen_language": "Posting says the employer hires people with records",
    "ordinance_boilerplate": "Posting carries fair-chance ordinance language",
    "unknown": "Employer's stance on records is unknown",
    "background_check": "Posting requires passing a background check",
    "exclusionary": "Posting uses exclusionary language about records",
}


def fair_chance_stance(posting: PostingFacts) -> str:
    """The posting's place in DESIGN's order, from the employer record and the posting's words."""
    req = posting.requirements
    words = req.fair_chance.stance
    if req.exclusionary or words == "exclusionary":
        return "exclusionary"
    if posting.policy.fair_chance_verified:
        return "verified"
    if posting.policy.pledge_signed or words == "chosen_language":
        return "chosen_language"
    if posting.policy.kc_ordinance or words == "ordinance_boilerplate":
        return "ordinance_boilerplate"
    if words == "background_check" or req.background_check == "required":
        return "background_check"
    return "unknown"


def pay_points(rate: np.ndarray, minimum: float, unknown: float) -> np.ndarray:
    """100 at 125% of the minimum or more, 70 at the minimum, 0 at 75% of it; unknown (NaN) →
    `unknown`."""
    ratio = rate / minimum
    above = 70.0 + 120.0 * (ratio - 1.0)
    below = 70.0 - 280.0 * (1.0 - ratio)
    points = np.where(ratio >= 1.0, above, below)
    points = np.clip(points, 0.0, 100.0)
    return np.where(np.isnan(rate), unknown, points)


# A trip this many times the participant's maximum commute or longer scores no transit points
# (``commute_reach`` bounds how far such a trip can go).
TRANSIT_ZERO_AT = 1.5


def transit_points(who: Situation, reach: Reach | None, remote: bool, w: ScoreWeights) -> float:
    """Door-to-door time against the participant's maximum; no ride home is a strong penalty."""
    person = who.participant
    if remote:
        return 100.0
    if reach is None:
        return 80.0 if person.has_vehicle and person.drivers_license else w.unknown
    if not reach.to_work.reachable or reach.to_work.minutes is None:
        return 80.0 if person.has_vehicle and person.drivers_license else 0.0
    limit = float(person.max_commute_minutes)
    minutes = reach.to_work.minutes
    if minutes <= limit / 2:
        points = 100.0
    elif minutes <= limit:
        points = 100.0 - 50.0 * (minutes - limit / 2) / (limit / 2)
    else:
        over = limit * (TRANSIT_ZERO_AT - 1.0)  # 0 points at TRANSIT_ZERO_AT x the limit
        points = max(0.0, 50.0 - 50.0 * (minutes - limit) / over)
    if not reach.home_after_shift:
        points *= w.no_ride_home_factor
    return points


def transit_reason(who: Situation, reach: Reach | None, remote: bool) -> Reason | None:
    """ "45 min by bus (Prospect MAX, 1 transfer); home by 00:20" and its unhappy variants."""
    person = who.participant
    if remote:
        return Reason("remote", "eligible", "Remote job: no commute", "posting", kind="fit")
    if reach is None:
        if person.has_vehicle and person.drivers_license:
            return Reason(
                "drives", "eligible", "Participant drives: bus time not needed", "", "fit"
            )
        return Reason(
            "transit_unknown", "eligible", "Bus time not computed yet", "transit", kind="check"
        )
    trip = reach.to_work
    if not trip.reachable or trip.minutes is None:
        if person.has_vehicle and person.drivers_license:
            return Reason(
                "drives",
                "eligible",
                "No bus gets there in time for the shift; participant drives",
                "transit",
                "fit",
            )
        return Reason(
            "no_bus_there", "eligible", "No bus gets there in time for the shift", "transit", "fit"
        )
    routes = ", ".join(trip.routes[:3])
    transfers = trip.transfers or 0
    parts = [p for p in (routes, f"{transfers} transfer{'s' if transfers != 1 else ''}") if p]
    text = f"{trip.minutes:.0f} min by bus ({', '.join(parts)})"
    if not reach.home_after_shift:
        text += "; no bus home after the shift"
    elif reach.home.arrive is not None:
        arrive = reach.home.arrive
        clock = arrive.strftime("%H:%M") if isinstance(arrive, dt.datetime) else str(arrive)
        text += f"; home by {clock}"
    if trip.minutes > person.max_commute_minutes:
        text += f" — over the {person.max_commute_minutes} min limit"
    return Reason("transit", "eligible", text, "transit", kind="fit")


def beyond_commute_reason(who: Situation, km: float | None) -> Reason:
    """ "About 240 km away: farther than a 60-minute commute can go" (no trip was planned: none
    could score)."""
    person = who.participant
    how = "drive" if person.has_vehicle and person.drivers_license else "commute"
    where = f"About {km:.0f} km away" if km is not None else "Far away"
    text = f"{where}: farther than a {person.max_commute_minutes}-minute {how} can go"
    return Reason("beyond_commute", "eligible", text, "transit", "fit")


def record_relevance(
    who: Situation, setting: WorkplaceSetting, posting: PostingFacts
) -> str | None:
    """Words naming how the record relates to the duties, when it does (for an explanation)."""
    driving = setting.commercial_driving or posting.requirements.drivers_license == "required"
    pairs = (
        ("theft_fraud", setting.cash_handling or setting.banking, "theft/fraud and cash handling"),
        ("dui", driving, "DUI and driving duties"),
        ("drug_distribution", setting.health_care, "drug distribution and health care"),
        ("violent", setting.health_care or setting.children, "a violent offence and care work"),
        ("weapons", setting.firearms, "a weapons offence and armed work"),
    )
    for offense, applies, words in pairs:
        if offense in who.offenses and applies:
            return words
    return None


def wotc_window(who: Situation, today: dt.date) -> dt.date | None:
    """Last hire date inside the WOTC ex-felon window (one year from conviction or release),
    or None when a hire today would be outside it."""
    if not who.felony:
        return None
    ends = [
        d.replace(year=d.year + 1)
        if not (d.month == 2 and d.day == 29)
        else dt.date(d.year + 1, 3, 1)
        for d in (who.conviction_date, who.release_date)
        if d is not None
    ]
    inside = [end for end in ends if end >= today]
    return max(inside) if inside else None


def employer_bonuses(who: Situation, today: dt.date, w: ScoreWeights) -> tuple[float, list[Reason]]:
    """WOTC and Federal Bonding: the same for every posting for this participant."""
    points, reasons = 0.0, []
    window = wotc_window(who, today)
    if window is not None:
        if w.wotc_hires_through is None or today <= w.wotc_hires_through:
            points += w.wotc_points
            reasons.append(
                Reason(
                    "wotc",
                    "eligible",
                    f"Employer may claim the Work Opportunity Tax Credit if hired by {window}",
                    WOTC_LAW,
                    kind="bonus",
                )
            )
        else:
            reasons.append(
                Reason(
                    "wotc_lapsed",
                    "eligible",
                    "In the WOTC ex-felon window, but the credit lapsed for hires after"
                    f" {w.wotc_hires_through} unless renewed",
                    WOTC_LAW,
                    kind="check",
                )
            )
    if who.felony or who.offenses:
        points += w.bonding_points
        reasons.append(
            Reason(
                "federal_bonding",
                "eligible",
                "Federal Bonding: a free $5,000 fidelity bond for the first 6 months",
                BONDING,
                kind="bonus",
            )
        )
    return points, reasons


_NUMBER = re.compile(r"\d+")


def _clean(text: str) -> str:
    return utils.default_process(text.replace("-", " ").replace("/", " "))


class SkillVocabulary(msgspec.Struct):
    """Every posting's skills as one flat list over a vocabulary of distinct labels.

    Entry e belongs to posting ``owner[e]``, names label ``label_index[e]``, is required or
    preferred, and asked (a skill to bring) or a duty (work the job involves or teaches: every
    skill of an entry-level posting); ``ids[v]`` is the taxonomy id of label v (or "").
    ``example_labels[x]`` is an example listed under label ``example_of[x]``: a participant's
    skill that matches the example matches the label."""

    labels: list[str]
    ids: list[str]
    example_labels: list[str]
    example_of: list[int]
    owner: np.ndarray
    label_index: np.ndarray
    required: np.ndarray
    asked: np.ndarray
    soft: np.ndarray
    count: int
    numbered: list[int]  # columns (labels, then examples) with a number in them
    starts: np.ndarray  # posting p's entries are starts[p]:starts[p + 1] (owner is sorted)

    @classmethod
    def build(cls, postings: Sequence[PostingFacts]) -> SkillVocabulary:
        """Collect the vocabulary of all postings' skills."""
        index: dict[tuple[str, str, tuple[str, ...]], int] = {}
        labels: list[str] = []
        ids: list[str] = []
        example_labels: list[str] = []
        example_of: list[int] = []
        owner: list[int] = []
        label_index: list[int] = []
        required: list[bool] = []
        asked: list[bool] = []
        soft: list[bool] = []
        for p, posting in enumerate(postings):
            entry_level = posting.requirements.entry_level
            for skill in posting.requirements.skills:
                examples = tuple(_clean(example) for example in skill.examples)
                key = (skill.id or "", _clean(skill.label), examples)
                v = index.get(key)
                if v is None:
                    v = index[key] = len(labels)
                    labels.append(key[1])
                    ids.append(key[0])
                    example_labels.extend(examples)
                    example_of.extend([v] * len(examples))
                owner.append(p)
                label_index.append(v)
                required.append(skill.required)
                asked.append(skill.asked and not entry_level)
                soft.append(skill.kind == "soft_skill")
        owners = np.asarray(owner, dtype=np.int64)
        columns = labels + example_labels
        return cls(
            labels=labels,
            ids=ids,
            example_labels=example_labels,
            example_of=example_of,
            owner=owners,
            label_index=np.asarray(label_index, dtype=np.int64),
            required=np.asarray(required, dtype=bool),
            asked=np.asarray(asked, dtype=bool),
            soft=np.asarray(soft, dtype=bool),
            count=len(postings),
            numbered=[c for c, label in enumerate(columns) if _NUMBER.search(label)],
            starts=np.searchsorted(owners, np.arange(len(postings) + 1)),
        )

    def similarity(
        self, skills: Sequence[str], skill_ids: Callable[[str], Iterable[str]] | None = None
    ) -> np.ndarray:
        """Best similarity (0-100) of each vocabulary label to any of the participant's skills:
        100 for the same taxonomy id, else RapidFuzz token_set_ratio in one cdist matrix; a
        label's examples count as the label ("microsoft office" under "computer software")."""
        best = np.zeros(len(self.labels), dtype=np.float32)
        cleaned = [_clean(s) for s in skills if s.strip()]
        if cleaned and self.labels:
            columns = self.labels + self.example_labels
            matrix = process.cdist(
                cleaned, columns, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1
            )
            # Numbers name different things ("OSHA 10" is not "OSHA 30"): they must agree.
            mine_numbers = [set(_NUMBER.findall(text)) for text in cleaned]
            for c in self.numbered:
                wanted = set(_NUMBER.findall(columns[c]))
                for p, numbers in enumerate(mine_numbers):
                    if not wanted <= numbers:
                        matrix[p, c] = 0.0
            # Words such as "repair" or "maintenance" say nothing about which skill: a person's
            # "flat repair" is no part of "minor electrical repair". A pair that shares no
            # specific word gets no credit from its letters alone.
            for p, c in zip(*np.nonzero(matrix > 50.0), strict=True):
                if not shares_specific_word(cleaned[p], columns[c]):
                    matrix[p, c] = 0.0
            column_best = matrix.max(axis=0)
            best = column_best[: len(self.labels)].copy()
            if self.example_of:
                np.maximum.at(best, np.asarray(self.example_of), column_best[len(self.labels) :])
        if skill_ids is not None and self.labels:
            mine = {found for s in skills for found in skill_ids(s)}
            if mine:
                same = np.fromiter((i in mine for i in self.ids), dtype=bool, count=len(self.ids))
                best[same] = 100.0
        return best

    def points(
        self, best: np.ndarray, w: ScoreWeights, only: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per posting: skills component (0-100), required skills matched, required skills.
        With ``only`` (posting indexes), for those postings alone, in that order; each figure
        is the same to the bit as for all postings (the same entries summed in the same order).

        Required skills the posting asks for weigh ``required_skill_weight``; duties and
        preferred skills weigh one. A posting that asks for no skill scores at least
        ``unknown``: its duties can raise the score (the person has done this work) but not
        lower it (anyone can learn them)."""
        n = self.count
        owner, label_index = self.owner, self.label_index
        required, asked, soft = self.required, self.asked, self.soft
        if only is not None:
            first, lengths = self.starts[only], self.starts[only + 1] - self.starts[only]
            entries = np.repeat(first - (np.cumsum(lengths) - lengths), lengths) + np.arange(
                int(lengths.sum())
            )
            n = len(only)
            owner = np.repeat(np.arange(n), lengths)
            label_index, required = label_index[entries], required[entries]
            asked, soft = asked[entries], soft[entries]
        sim = best[label_index] if len(label_index) else np.zeros(0, dtype=np.float32)
        matched = sim >= w.skill_match_at
        # Full credit when matched; partial credit rising from similarity 50 to the threshold.
        partial = np.clip((sim - 50.0) / max(1.0, w.skill_match_at - 50.0), 0.0, 1.0) * 0.5
        credit = np.where(matched, 1.0, partial)
        weight = np.where(required & asked, w.required_skill_weight, 1.0)
        weight = np.where(soft, weight * w.soft_skill_weight, weight)
        got = np.bincount(owner, weights=weight * credit, minlength=n)
        total = np.bincount(owner, weights=weight, minlength=n)
        # Coverage counts the required skills asked for that are not soft skills.
        counted = required & asked & ~soft
        asks = np.bincount(owner, weights=asked.astype(float), minlength=n) > 0
        req_total = np.bincount(owner, weights=counted.astype(float), minlength=n)
        req_matched = np.bincount(owner, weights=(counted & matched).astype(float), minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            weighted = np.where(total > 0, got / total, np.nan)
            coverage = np.where(req_total > 0, req_matched / req_total, np.nan)
        points = np.where(np.isnan(coverage), weighted, 0.6 * weighted + 0.4 * coverage) * 100.0
        points = np.where(np.isnan(points), w.unknown, points)
        points = np.where(asks, points, np.maximum(points, w.unknown))
        return points, req_matched, req_total


def title_points(
    who: Situation,
    titles: Sequence[str],
    title_index: np.ndarray,
    w: ScoreWeights,
) -> np.ndarray:
    """Per posting: best similarity of its title to the participant's desired titles (full
    weight) and past titles (`past_title_factor`), in one cdist over the distinct titles."""
    person = who.participant
    desired = [_clean(t) for t in person.desired_titles]
    past = [_clean(entry.title) for entry in person.work_history]
    cleaned = [_clean(t) for t in titles]
    best = np.zeros(len(titles), dtype=np.float32)
    if desired and cleaned:
        best = process.cdist(desired, cleaned, scorer=fuzz.token_set_ratio, dtype=np.float32).max(
            axis=0
        )
    if past and cleaned:
        earlier = process.cdist(past, cleaned, scorer=fuzz.token_set_ratio, dtype=np.float32)
        best = np.maximum(best, earlier.max(axis=0) * w.past_title_factor)
    if not desired and not past:
        best[:] = w.unknown
    else:
        best = np.clip((best - w.title_floor) / (100.0 - w.title_floor), 0.0, 1.0) * 100.0
    return best[title_index] if len(title_index) else np.zeros(0, dtype=np.float32)


def fit_bands(
    experience: np.ndarray, entry_level: np.ndarray, asks: np.ndarray, w: ScoreWeights
) -> list[FitBand]:
    """Per posting, its band in ``FIT_BANDS``: fits experience, else entry-level, else a stretch
    when it asks for skills or experience, else open."""
    bands = np.where(
        experience >= w.fits_experience_at,
        0,
        np.where(entry_level, 1, np.where(asks, 2, 3)),
    )
    return [FIT_BANDS[b] for b in bands.tolist()]


def band_reason(band: FitBand, posting: PostingFacts, title: float, w: ScoreWeights) -> Reason:
    """The reason that says the band, in the specialist's words ("Entry-level: no experience
    needed; the job trains")."""
    if band == "fits_experience":
        text = (
            "Fits experience: the job is like past or wanted work"
            if title >= w.fits_experience_at
            else "Fits experience: has most of the skills it asks for"
        )
    elif band == "entry_level":
        text = "Entry-level: no experience needed; the job trains"
    elif band == "stretch":
        text = "A stretch: needs skills the participant doesn't list"
        years = posting.requirements.experience_years
        if years:
            text += f" and {years:g} year{'s' if years != 1 else ''} of experience"
    else:
        text = "No particular skills or experience asked"
    return Reason(band, "eligible", text, "skills", kind="fit")


def skills_reason(
    posting: PostingFacts, best: np.ndarray, vocab: Sequence[int], w: ScoreWeights
) -> Reason | None:
    """ "Matches 5 of 6 required skills; missing: OSHA 10". `vocab` gives the vocabulary index
    of each of the posting's skills, in order (``SkillVocabulary`` entries of this posting)."""
    asked = posting.requirements.skills
    if not asked:
        return None
    pairs = [(s, v) for s, v in zip(asked, vocab, strict=True) if s.kind != "soft_skill"]
    if not pairs:
        return None
    entry_level = posting.requirements.entry_level
    brought = [] if entry_level else [(s, v) for s, v in pairs if s.asked]
    if not brought:
        return _duties_reason(pairs, best, w, entry_level)
    required = [(s, v) for s, v in brought if s.required]
    group = required or brought
    missing = [skill.label for skill, v in group if best[v] < w.skill_match_at]
    have = len(group) - len(missing)
    what = "required skills" if required else "listed skills"
    text = f"Matches {have} of {len(group)} {what}"
    if missing:
        text += "; missing: " + ", ".join(missing[:4]) + (" …" if len(missing) > 4 else "")
    return Reason("skills", "eligible", text, "skills", kind="fit")


def _duties_reason(
    pairs: Sequence[tuple[SkillAsked, int]], best: np.ndarray, w: ScoreWeights, entry_level: bool
) -> Reason:
    """ "The job teaches: dishwashing …" for an entry-level job, "Duties: vacuuming …" for one
    that asks for no skill; the duties the person already knows are counted first."""
    new = [skill.label for skill, v in pairs if best[v] < w.skill_match_at]
    known = len(pairs) - len(new)
    if not new:
        return Reason("skills", "eligible", "Has done all the duties", "skills", kind="fit")
    text = ("The job teaches: " if entry_level else "Duties: ") + ", ".join(new[:4])
    text += " …" if len(new) > 4 else ""
    if known:
        text = f"Has done {known} of {len(pairs)} duties. " + text
    return Reason("skills", "eligible", text, "skills", kind="fit")

"""Rank every posting for one participant: tier first (eligible, needs approval, excluded), then
score, each result with its components and its reasons, best first.

``PostingBook`` reads the postings once (sites, settings, shifts, the skills vocabulary, pay,
fair-chance stance) so that ranking many participants against the same postings repeats none of
that; ``rank`` builds one for a plain list.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Hashable, Mapping, Sequence

import msgspec
import numpy as np

from jobs.matching import place_rules
from jobs.matching.child_places import ChildPlaces
from jobs.matching.commute_reach import SiteGrid, commute_radius_km, home_of
from jobs.matching.constraints import Constraints, PostingView, view_of, work_at_place_key
from jobs.matching.inputs import PostingFacts, Reach
from jobs.matching.pay import HourlyPay, hourly_figures, hourly_of
from jobs.matching.places import Place
from jobs.matching.reasons import TIER_RANK, TIERS, FitBand, Reason, Tier, reason_order
from jobs.matching.score import (
    FAIR_CHANCE_POINTS,
    FAIR_CHANCE_WORDS,
    ScoreWeights,
    SkillVocabulary,
    band_reason,
    beyond_commute_reason,
    combine,
    employer_bonuses,
    fair_chance_stance,
    fit_bands,
    fit_points,
    logistics_points,
    pay_points,
    record_relevance,
    skills_reason,
    title_points,
    transit_points,
    transit_reason,
)
from jobs.matching.situation import Situation, situation_of
from jobs.matching.time_rules import FindTrip
from jobs.participant_format import ParticipantIn


class Components(msgspec.Struct, frozen=True):
    """The six parts of a score, each 0-100."""

    skills: float
    title: float
    transit: float
    pay: float
    schedule: float
    fair_chance: float


class TransitSummary(msgspec.Struct, frozen=True):
    """The trip to work in brief (None fields when transit was not computed)."""

    minutes: float | None = None
    transfers: int | None = None
    home_after_shift: bool | None = None


class MatchResult(msgspec.Struct, frozen=True):
    """One ranked posting for one participant (DESIGN's match result fields)."""

    posting_id: str
    title: str
    employer: str
    tier: Tier
    score: float
    components: Components
    reasons: list[Reason]
    transit: TransitSummary
    fit_band: FitBand = "open"  # RANKING.md: fits_experience | entry_level | stretch | open


class PostingBook:
    """Postings read once for ranking many participants.

    Besides each posting's view, the book groups postings the rules cannot tell apart: the same
    workplace setting, the same occupation words, the same required credentials, the same site,
    the same shifts. Ranking judges each group once per participant and spreads the tier to its
    postings with numpy, so the rules run thousands of times, not once per posting."""

    def __init__(self, postings: Sequence[PostingFacts]) -> None:
        # Millions of small objects and no cycles among them: the cyclic collector's passes
        # over them while the book grows cost a third of its building (150,000 postings).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._read(postings)
        finally:
            if collecting:
                gc.enable()

    def _read(self, postings: Sequence[PostingFacts]) -> None:
        self.postings = list(postings)
        self.views: list[PostingView] = [view_of(posting) for posting in self.postings]
        self.index = {posting.id: i for i, posting in enumerate(self.postings)}
        self.skills = SkillVocabulary.build(self.postings)
        # Per posting, the vocabulary index of each of its skills (for the skills reason).
        self.skill_keys: list[list[int]] = [[] for _ in self.postings]
        for owner, v in zip(
            self.skills.owner.tolist(), self.skills.label_index.tolist(), strict=True
        ):
            self.skill_keys[owner].append(v)
        title_of: dict[str, int] = {}
        for posting in self.postings:
            title_of.setdefault(posting.title, len(title_of))
        self.titles = list(title_of)
        self.title_index = np.asarray([title_of[p.title] for p in self.postings], dtype=np.int64)
        # Pay as posted, else as the posting's text states it; the bottom of the range is scored.
        self.pay: list[HourlyPay | None] = [
            hourly_of(p.pay) or hourly_of(p.requirements.pay) for p in self.postings
        ]
        self.hourly = np.asarray(
            [np.nan if h is None else h.low for h in self.pay], dtype=np.float64
        )
        self.stances = [fair_chance_stance(p) for p in self.postings]
        self.fair_chance = np.asarray([FAIR_CHANCE_POINTS[s] for s in self.stances])
        self.soc = [p.soc for p in self.postings]
        self.remote = np.asarray([view.remote for view in self.views], dtype=bool)
        # On-site work with no site given: the site rules say what that means (``Constraints.site``).
        self.unsited = np.asarray([not v.remote and not v.places for v in self.views], dtype=bool)
        req = [p.requirements for p in self.postings]
        self.entry_level = np.asarray([r.entry_level for r in req], dtype=bool)
        # Asks for something a person may lack: a required skill or years of experience.
        self.asks = np.asarray(
            [
                bool(r.experience_years)
                or any(s.required and s.asked and s.kind != "soft_skill" for s in r.skills)
                for r in req
            ],
            dtype=bool,
        )

        def groups(keys: Sequence[Hashable]) -> tuple[np.ndarray, list[int]]:
            seen: dict[Hashable, int] = {}
            first: list[int] = []
            ids = np.empty(len(keys), dtype=np.int64)
            for i, key in enumerate(keys):
                g = seen.get(key)
                if g is None:
                    g = seen[key] = len(first)
                    first.append(i)
                ids[i] = g
            return ids, first

        views = self.views
        self.setting_group, self.setting_first = groups([v.setting for v in views])
        self.occupation_group, self.occupation_first = groups([v.occupation_key for v in views])
        self.credential_group, self.credential_first = groups([v.credential_key for v in views])
        self.shift_group, self.shift_first = groups([(v.shifts, v.remote) for v in views])
        relevance_keys = [
            (v.setting, v.posting.requirements.drivers_license == "required") for v in views
        ]
        self.relevance_group, self.relevance_first = groups(relevance_keys)
        owners, site_keys, sites = [], [], []
        for i, view in enumerate(views):
            if view.remote:
                continue
            for place in view.places:
                owners.append(i)
                site_keys.append((place, work_at_place_key(view, place)))
                sites.append(place)
        self.site_owner = np.asarray(owners, dtype=np.int64)
        self.site_group, first = groups(site_keys)
        self.site_first = [(owners[e], sites[e]) for e in first]
        # A group's tier is its site's (judged once per distinct site) with its kind of work's
        # there (once per state and kind: ``Constraints.work_at_place_reasons``).
        self.site_place, place_first = groups([place for _, place in self.site_first])
        self.site_places = [self.site_first[g][1] for g in place_first]
        work_keys = [work_at_place_key(views[i], place) for i, place in self.site_first]
        self.site_work, work_first = groups(work_keys)
        self.site_work_first = [self.site_first[g] for g in work_first]
        # Per distinct site, its state and county (``place_rules.area_decides``).
        self.place_area, area_first = groups([(p.state, p.county) for p in self.site_places])
        self.area_places = [self.site_places[p] for p in area_first]
        self.grid = SiteGrid(self.postings)

    def __len__(self) -> int:
        return len(self.postings)


def rank(
    participant: ParticipantIn,
    postings: Sequence[PostingFacts] | PostingBook,
    reaches: Mapping[str, Reach | None] | None,
    today: dt.date,
    weights: ScoreWeights | None = None,
    all_tiers: bool = False,
    limit: int | None = None,
    skill_id: Callable[[str], str | None] | None = None,
    title_soc: Callable[[str], str | None] | None = None,
    child_places: ChildPlaces | None = None,
    obligation_trip: FindTrip | None = None,
    prune: bool = True,
) -> list[MatchResult]:
    """Rank postings for one participant: eligible, then needs approval, then (with
    `all_tiers`) excluded; by score within a tier. `reaches` maps posting id to transit reach
    (missing or None: not computed). `skill_id` and `title_soc` look terms up in the taxonomy
    when given. `limit` keeps the best N results. `child_places` lists the schools and child
    care the registrant rules measure from (share one ``ChildPlaces`` across participants).
    `obligation_trip` finds the trip between a job site and an appointment's place (default: on
    foot within the walk-only limit). A posting whose every site lies beyond any trip that could
    score (``commute_reach``) and has no planned trip gets no transit points; with ``prune`` its
    fit is judged only if it could still make the list (the result is the same either way)."""
    w = weights or ScoreWeights()
    book = postings if isinstance(postings, PostingBook) else PostingBook(postings)
    reaches = reaches or {}
    who = situation_of(participant)
    rules = Constraints(who, today, child_places, obligation_trip)
    n = len(book)

    # Postings whose every site lies beyond any trip that could score (``commute_reach``).
    home = home_of(participant)
    beyond = np.zeros(n, dtype=bool)
    if home is not None:
        beyond = book.grid.beyond(home, commute_radius_km(participant), everywhere=not prune)
    too_far = beyond.copy()  # beyond, and no trip planned: no transit points, said so
    for posting_id, reach in reaches.items():
        at = book.index.get(posting_id)
        if reach is not None and at is not None:
            too_far[at] = False

    # Credentials count as skills too ("home health aide training" speaks to home health care).
    best_skill = book.skills.similarity([*participant.skills, *participant.credentials], skill_id)
    mine: set[str] = set()
    if title_soc is not None:
        mine = {
            code[:4]
            for t in (*participant.desired_titles, *(h.title for h in participant.work_history))
            if (code := title_soc(t))
        }
    # Fit is judged only where it can matter; elsewhere it stands at 100, the most it could be,
    # so the score there is an upper bound (the score never falls as fit rises).
    skills = np.full(n, 100.0)
    titles = np.full(n, 100.0, dtype=np.float32)  # as ``title_points`` gives them

    def judge_fit(at: np.ndarray) -> None:
        if not len(at):
            return
        if len(at) == n:  # every posting: no gathering (the same figures)
            skills[:] = book.skills.points(best_skill, w)[0]
            found = title_points(who, book.titles, book.title_index, w)
        else:
            skills[at] = book.skills.points(best_skill, w, at)[0]
            # The titles in use, in order, and each posting's place among them (as np.unique
            # gives them, without its sort).
            taken = book.title_index[at]
            in_use = np.zeros(len(book.titles), dtype=bool)
            in_use[taken] = True
            used = np.flatnonzero(in_use)
            local_of = np.zeros(len(book.titles), dtype=np.int64)
            local_of[used] = np.arange(len(used))
            found = title_points(who, [book.titles[t] for t in used.tolist()], local_of[taken], w)
        if mine:
            family = np.fromiter(
                (bool(s and s[:4] in mine) for s in (book.soc[i] for i in at.tolist())),
                dtype=np.bool_,
                count=len(at),
            )
            found = np.where(family, np.maximum(found, 80.0), found)
        titles[at] = found

    minimum = participant.min_hourly_wage or w.reference_wage
    pay = pay_points(book.hourly, minimum, w.unknown)
    fair = book.fair_chance
    bonus, bonus_reasons = employer_bonuses(who, today, w)

    prune = prune and bool(beyond.any())  # nothing beyond: nothing to prune
    tiers, fits, movable = _tiers(rules, book, reaches, ~beyond if prune else None)
    transit = _transit_points(who, book, reaches, w)
    transit[too_far] = 0.0
    schedule = np.where(np.isnan(fits), w.unknown, 100.0 * fits)
    schedule = np.maximum(0.0, schedule - w.movable_conflict_points * movable)
    relevance = np.zeros(n)
    if who.offenses:
        per_group = np.asarray(
            [
                w.record_relevance_points
                if record_relevance(who, book.views[i].setting, book.views[i].posting)
                else 0.0
                for i in book.relevance_first
            ]
        )
        relevance = per_group[book.relevance_group]
    logistics = logistics_points(transit, pay, schedule, fair, w)
    open_to_all = book.entry_level | ~book.asks

    def scores_now() -> tuple[np.ndarray, np.ndarray]:
        fit, experience = fit_points(skills, titles, open_to_all, w)
        return np.clip(combine(fit, logistics, w) + bonus - relevance, 0.0, 100.0), experience

    def shown_now() -> np.ndarray:
        out: np.ndarray = np.ones(n, dtype=bool) if all_tiers else tiers < TIER_RANK["excluded"]
        return out

    judged = shown_now() & ~beyond if prune else shown_now()
    judge_fit(np.flatnonzero(judged))
    scores, experience = scores_now()
    if prune:
        # A posting beyond the commute is judged (site rules and fit) only if its floor tier and
        # its best possible score could still place it in the shown list: nothing the unpruned
        # ranking shows is left out.
        rest = shown_now() & beyond
        if limit is not None:
            ranked = np.flatnonzero(judged)
            ranked = ranked[np.lexsort((-scores[ranked], tiers[ranked]))]
            if len(ranked) >= limit:
                last = ranked[limit - 1]
                rest &= (tiers < tiers[last]) | ((tiers == tiers[last]) & (scores >= scores[last]))
        if rest.any():
            tiers = np.maximum(tiers, _site_tiers(rules, book, rest))
            rest &= shown_now()
            judge_fit(np.flatnonzero(rest))
            judged |= rest
            scores, experience = scores_now()
    keep = np.flatnonzero(judged)
    order = keep[np.lexsort((-scores[keep], tiers[keep]))]
    if limit is not None:
        order = order[:limit]
    bands = fit_bands(experience[order], book.entry_level[order], book.asks[order], w)

    picked = order.tolist()
    table = np.round(
        np.stack([scores, skills, titles, transit, pay, schedule, fair])[:, order], 1
    ).T.tolist()
    results = []
    for i, row, band in zip(picked, table, bands, strict=True):
        view = book.views[i]
        posting = view.posting
        reach = reaches.get(posting.id)
        found = rules.assess(view, reach)
        fit_reasons = [
            band_reason(band, posting, float(titles[i]), w),
            skills_reason(posting, best_skill, book.skill_keys[i], w),
            beyond_commute_reason(who, book.grid.nearest_km(i, home))
            if too_far[i] and home is not None
            else transit_reason(who, reach, view.remote),
            _pay_reason(book.pay[i], participant.min_hourly_wage),
            Reason("fair_chance", "eligible", FAIR_CHANCE_WORDS[book.stances[i]], "", "fit"),
        ]
        words = record_relevance(who, view.setting, posting) if who.offenses else None
        if words:
            fit_reasons.append(
                Reason(
                    "record_relevance",
                    "eligible",
                    f"Record relates to the duties ({words}): prepare an explanation",
                    "",
                    "check",
                )
            )
        said = [r for r in fit_reasons if r is not None]
        reasons = sorted([*found.reasons, *said, *bonus_reasons], key=reason_order)
        results.append(
            MatchResult(
                posting_id=posting.id,
                title=posting.title,
                employer=posting.employer,
                tier=TIERS[tiers[i]],
                score=row[0],
                components=Components(*row[1:]),
                reasons=reasons,
                transit=TransitSummary(
                    minutes=None if reach is None else reach.to_work.minutes,
                    transfers=None if reach is None else reach.to_work.transfers,
                    home_after_shift=None if reach is None else reach.home_after_shift,
                ),
                fit_band=band,
            )
        )
    return results


def _tier_of(reasons: Sequence[Reason]) -> int:
    return max((TIER_RANK[r.tier] for r in reasons), default=0)


def _site_tiers(rules: Constraints, book: PostingBook, which: np.ndarray | None) -> np.ndarray:
    """The tier of each posting's best site for the participant (0 elsewhere): for the postings
    ``which`` marks (every posting when None), each group of alike sites judged once."""
    n = len(book)
    best_site = np.full(n, 127, dtype=np.int8)
    if len(book.site_owner):
        entries = np.arange(len(book.site_owner))
        if which is not None:
            entries = np.flatnonzero(which[book.site_owner])
        groups = book.site_group[entries]
        used = np.zeros(len(book.site_first), dtype=bool)
        used[groups] = True
        wanted = np.zeros(len(book.site_places), dtype=bool)
        wanted[book.site_place[used]] = True
        if place_rules.area_decides(rules.who):  # one site per county stands for the rest
            by_area = np.zeros(len(book.area_places), dtype=np.int8)
            areas = np.zeros(len(book.area_places), dtype=bool)
            areas[book.place_area[wanted]] = True
            for a in np.flatnonzero(areas).tolist():
                by_area[a] = _tier_of(rules.site_reasons(book.area_places[a]))
            by_place = by_area[book.place_area]
        else:
            by_place = np.zeros(len(book.site_places), dtype=np.int8)
            for p in np.flatnonzero(wanted).tolist():
                by_place[p] = _tier_of(rules.site_reasons(book.site_places[p]))
        by_work = np.zeros(len(book.site_work_first), dtype=np.int8)
        wanted = np.zeros(len(book.site_work_first), dtype=bool)
        wanted[book.site_work[used]] = True
        for k in np.flatnonzero(wanted).tolist():
            i, place = book.site_work_first[k]
            by_work[k] = _tier_of(rules.work_at_place_reasons(book.views[i], place))
        # The tier of the reasons together is the worst of the two lists' tiers.
        by_site = np.maximum(by_place[book.site_place], by_work[book.site_work])
        np.minimum.at(best_site, book.site_owner[entries], by_site[groups])
    best_site[best_site == 127] = 0  # remote, or no site given (a check, not a bar)...
    unsited = book.unsited if which is None else book.unsited & which
    if unsited.any():  # ...but for a registrant the officer decides (``Constraints.site``)
        best_site[unsited] = _tier_of(place_rules.registrant_site_unknown(rules.who))
    return best_site


def _tiers(
    rules: Constraints,
    book: PostingBook,
    reaches: Mapping[str, Reach | None],
    sites: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tier of every posting (as a number), share of its shift in the participant's availability
    (NaN unknown) and count of movable appointment clashes: each group judged once. With
    ``sites``, the site rules are judged for those postings alone: elsewhere the tier is a
    floor (the site rules can only raise it)."""
    n = len(book)
    views = book.views
    tiers = np.full(n, _tier_of(rules.approval_reasons), dtype=np.int8)
    by_setting = np.asarray([_tier_of(rules.setting_reasons(views[i].setting))
                             for i in book.setting_first], dtype=np.int8)  # fmt: skip
    tiers = np.maximum(tiers, by_setting[book.setting_group])
    if "occupational_restriction" in rules.who.conditions:
        by_occupation = np.asarray([_tier_of(rules.occupation_reasons(views[i]))
                                    for i in book.occupation_first], dtype=np.int8)  # fmt: skip
        tiers = np.maximum(tiers, by_occupation[book.occupation_group])
    by_credential = np.asarray([_tier_of(rules.credential_reasons(views[i]))
                                for i in book.credential_first], dtype=np.int8)  # fmt: skip
    tiers = np.maximum(tiers, by_credential[book.credential_group])
    if sites is None or sites.any():
        tiers = np.maximum(tiers, _site_tiers(rules, book, sites))
    shift_tier = np.zeros(len(book.shift_first), dtype=np.int8)
    shift_fit = np.full(len(book.shift_first), np.nan)
    shift_movable = np.zeros(len(book.shift_first))
    for g, i in enumerate(book.shift_first):
        reasons, _, fit, clashes = rules.schedule(views[i], None)
        shift_tier[g] = _tier_of(reasons)
        shift_fit[g] = np.nan if fit is None else fit
        shift_movable[g] = clashes
    time_tier = shift_tier[book.shift_group]
    fits = shift_fit[book.shift_group]
    movable = shift_movable[book.shift_group]

    def place_of(view: PostingView) -> Place | None:
        # The site the assessment rests on, when the trip to an appointment depends on it.
        return rules.site(view)[1] if rules.site_matters(view) else None

    if any(duty.where is not None for duty in rules.who.duties):
        for i, view in enumerate(views):
            if rules.site_matters(view):
                reasons, _, fit, clashes = rules.schedule(view, None, place_of(view))
                time_tier[i] = _tier_of(reasons)
                fits[i] = np.nan if fit is None else fit
                movable[i] = clashes
    for posting_id, reach in reaches.items() if rules.reach_matters() else ():
        at = book.index.get(posting_id)
        if reach is None or at is None or not rules.reach_changes_schedule(views[at], reach):
            continue
        reasons, _, fit, clashes = rules.schedule(views[at], reach, place_of(views[at]))
        time_tier[at] = _tier_of(reasons)
        fits[at] = np.nan if fit is None else fit
        movable[at] = clashes
    return np.maximum(tiers, time_tier), fits, movable


def _transit_points(
    who: Situation, book: PostingBook, reaches: Mapping[str, Reach | None], w: ScoreWeights
) -> np.ndarray:
    """Transit component of every posting: computed where reach is known, else the default."""
    points = np.full(len(book), transit_points(who, None, False, w))
    points[book.remote] = 100.0
    for posting_id, reach in reaches.items():
        i = book.index.get(posting_id)
        if reach is not None and i is not None:
            points[i] = transit_points(who, reach, book.views[i].remote, w)
    return points


def _pay_reason(pay: HourlyPay | None, minimum: float | None) -> Reason:
    """ "Pays $19.00–$22.00/hr, at or above the $15.00 minimum": the bottom of the range is
    what is compared (see ``jobs.matching.pay``)."""
    if pay is None:
        return Reason("pay_unknown", "eligible", "Pay not stated — ask the employer", "", "check")
    text = f"Pays {hourly_figures(pay)}/hr"
    if minimum is not None:
        if pay.low >= minimum:
            text += f", at or above the ${minimum:.2f} minimum"
        elif pay.high >= minimum:
            text += f", starting below the ${minimum:.2f} minimum"
        else:
            text += f", below the ${minimum:.2f} minimum"
    return Reason("pay", "eligible", text, "", "fit")


__all__ = ["Components", "MatchResult", "PostingBook", "TransitSummary", "rank"]

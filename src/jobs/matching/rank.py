"""Rank every posting for one participant: tier first (eligible, needs approval, excluded), then
score, each result with its components and its reasons, best first.

``PostingBook`` reads the postings once (sites, settings, shifts, the skills vocabulary, pay,
fair-chance stance) so that ranking many participants against the same postings repeats none of
that; ``rank`` builds one for a plain list.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence

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
        # On-site work with no site given (``Constraints.site`` says what that means).
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


class TierSummary(msgspec.Struct, frozen=True):
    """One tier of a whole ranking: how many postings it holds and, for a tier a rule sets
    (needs approval, excluded), how many of them carry each reason code of that tier."""

    postings: int = 0
    reasons: dict[str, int] = {}  # code: postings of this tier with a reason of that code
    words: dict[str, str] = {}  # code: one of its reasons' sentences


class Ranking(msgspec.Struct, frozen=True):
    """The kept part of a whole ranking (``rank_kept``): the best of each tier and the postings
    asked for by name, as full results in rank order, and every tier summed up."""

    results: list[MatchResult]
    tiers: dict[str, TierSummary]


COUNTED_TIERS: tuple[Tier, ...] = ("needs_approval", "excluded")


class _Judging:
    """One participant against a book: tiers, the score parts that need no fit, and what it
    takes to judge fit and to write results. ``sites``: the postings whose site rules are
    judged (all when None; elsewhere the tier is a floor, see ``_tiers``)."""

    def __init__(
        self,
        participant: ParticipantIn,
        book: PostingBook,
        reaches: Mapping[str, Reach | None],
        today: dt.date,
        w: ScoreWeights,
        skill_ids: Callable[[str], Iterable[str]] | None,
        title_soc: Callable[[str], str | None] | None,
        child_places: ChildPlaces | None,
        obligation_trip: FindTrip | None,
        beyond: np.ndarray,
        sites: np.ndarray | None,
    ) -> None:
        self.participant, self.book, self.reaches, self.w = participant, book, reaches, w
        self.who = who = situation_of(participant)
        self.rules = rules = Constraints(who, today, child_places, obligation_trip)
        n = len(book)
        self.home = home_of(participant)
        self.too_far = too_far = beyond.copy()  # beyond, and no trip planned: no transit points
        for posting_id, reach in reaches.items():
            at = book.index.get(posting_id)
            if reach is not None and at is not None:
                too_far[at] = False
        # Credentials count as skills too ("home health aide training" speaks to home health).
        self.best_skill = book.skills.similarity(
            [*participant.skills, *participant.credentials], skill_ids
        )
        self.mine: set[str] = set()
        if title_soc is not None:
            self.mine = {
                code[:4]
                for t in (*participant.desired_titles, *(h.title for h in participant.work_history))
                if (code := title_soc(t))
            }
        # Fit is judged only where it can matter; elsewhere it stands at 100, the most it could
        # be, so the score there is an upper bound (the score never falls as fit rises).
        self.skills = np.full(n, 100.0)
        self.titles = np.full(n, 100.0, dtype=np.float32)  # as ``title_points`` gives them
        minimum = participant.min_hourly_wage or w.reference_wage
        self.pay = pay_points(book.hourly, minimum, w.unknown)
        self.fair = book.fair_chance
        self.bonus, self.bonus_reasons = employer_bonuses(who, today, w)
        self.tiers, fits, movable = _tiers(rules, book, reaches, sites)
        transit = _transit_points(who, book, reaches, w)
        transit[too_far] = 0.0
        self.transit = transit
        schedule = np.where(np.isnan(fits), w.unknown, 100.0 * fits)
        self.schedule = np.maximum(0.0, schedule - w.movable_conflict_points * movable)
        self.relevance = np.zeros(n)
        if who.offenses:
            per_group = np.asarray(
                [
                    w.record_relevance_points
                    if record_relevance(who, book.views[i].setting, book.views[i].posting)
                    else 0.0
                    for i in book.relevance_first
                ]
            )
            self.relevance = per_group[book.relevance_group]
        self.logistics = logistics_points(transit, self.pay, self.schedule, self.fair, w)
        self.open_to_all = book.entry_level | ~book.asks

    def judge_fit(self, at: np.ndarray) -> None:
        """Judge skills and title fit at the postings ``at`` (indexes)."""
        if not len(at):
            return
        book, w, n = self.book, self.w, len(self.book)
        if len(at) == n:  # every posting: no gathering (the same figures)
            self.skills[:] = book.skills.points(self.best_skill, w)[0]
            found = title_points(self.who, book.titles, book.title_index, w)
        else:
            self.skills[at] = book.skills.points(self.best_skill, w, at)[0]
            # The titles in use, in order, and each posting's place among them (as np.unique
            # gives them, without its sort).
            taken = book.title_index[at]
            in_use = np.zeros(len(book.titles), dtype=bool)
            in_use[taken] = True
            used = np.flatnonzero(in_use)
            local_of = np.zeros(len(book.titles), dtype=np.int64)
            local_of[used] = np.arange(len(used))
            found = title_points(
                self.who, [book.titles[t] for t in used.tolist()], local_of[taken], w
            )
        if self.mine:
            family = np.fromiter(
                (bool(s and s[:4] in self.mine) for s in (book.soc[i] for i in at.tolist())),
                dtype=np.bool_,
                count=len(at),
            )
            found = np.where(family, np.maximum(found, 80.0), found)
        self.titles[at] = found

    def scores(self) -> tuple[np.ndarray, np.ndarray]:
        """Every posting's score (an upper bound where fit is not judged) and experience fit."""
        w = self.w
        fit, experience = fit_points(self.skills, self.titles, self.open_to_all, w)
        score = combine(fit, self.logistics, w) + self.bonus - self.relevance
        return np.clip(score, 0.0, 100.0), experience

    def results(
        self, order: np.ndarray, scores: np.ndarray, experience: np.ndarray
    ) -> list[MatchResult]:
        """Full results (reasons, components, transit) for the postings ``order``, in order."""
        book, w, who, rules, tiers = self.book, self.w, self.who, self.rules, self.tiers
        bands = fit_bands(experience[order], book.entry_level[order], book.asks[order], w)
        picked = order.tolist()
        table = np.round(
            np.stack(
                [scores, self.skills, self.titles, self.transit, self.pay, self.schedule, self.fair]
            )[:, order],
            1,
        ).T.tolist()
        results = []
        for i, row, band in zip(picked, table, bands, strict=True):
            view = book.views[i]
            posting = view.posting
            reach = self.reaches.get(posting.id)
            found = rules.assess(view, reach)
            fit_reasons = [
                band_reason(band, posting, float(self.titles[i]), w),
                skills_reason(posting, self.best_skill, book.skill_keys[i], w),
                beyond_commute_reason(who, book.grid.nearest_km(i, self.home))
                if self.too_far[i] and self.home is not None
                else transit_reason(who, reach, view.remote),
                _pay_reason(book.pay[i], self.participant.min_hourly_wage),
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
            reasons = sorted([*found.reasons, *said, *self.bonus_reasons], key=reason_order)
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


def summarise(results: Sequence[MatchResult]) -> dict[str, TierSummary]:
    """The tiers of a whole ranking (every posting's result) summed up as ``rank_kept`` sums
    them: postings per tier and, for the tiers a rule sets, postings per reason code."""
    postings: dict[str, int] = dict.fromkeys(TIERS, 0)
    codes: dict[str, dict[str, int]] = {tier: {} for tier in TIERS}
    words: dict[str, dict[str, str]] = {tier: {} for tier in TIERS}
    for result in results:
        postings[result.tier] += 1
        if result.tier not in COUNTED_TIERS:
            continue
        for reason in {
            r.code: r for r in reversed(result.reasons) if r.tier == result.tier
        }.values():
            found = codes[result.tier]
            found[reason.code] = found.get(reason.code, 0) + 1
            words[result.tier].setdefault(reason.code, reason.text)
    out: dict[str, TierSummary] = {}
    for tier in TIERS:
        ordered = dict(sorted(codes[tier].items(), key=lambda kv: (-kv[1], kv[0])))
        out[tier] = TierSummary(postings[tier], ordered, {c: words[tier][c] for c in ordered})
    return out


def _beyond(participant: ParticipantIn, book: PostingBook, prune: bool) -> np.ndarray:
    """Postings whose every site lies beyond any trip that could score (``commute_reach``)."""
    home = home_of(participant)
    if home is None:
        return np.zeros(len(book), dtype=bool)
    return book.grid.beyond(home, commute_radius_km(participant), everywhere=not prune)


def rank(
    participant: ParticipantIn,
    postings: Sequence[PostingFacts] | PostingBook,
    reaches: Mapping[str, Reach | None] | None,
    today: dt.date,
    weights: ScoreWeights | None = None,
    all_tiers: bool = False,
    limit: int | None = None,
    skill_ids: Callable[[str], Iterable[str]] | None = None,
    title_soc: Callable[[str], str | None] | None = None,
    child_places: ChildPlaces | None = None,
    obligation_trip: FindTrip | None = None,
    prune: bool = True,
) -> list[MatchResult]:
    """Rank postings for one participant: eligible, then needs approval, then (with
    `all_tiers`) excluded; by score within a tier. `reaches` maps posting id to transit reach
    (missing or None: not computed). `skill_ids` and `title_soc` look terms up in the taxonomy
    when given. `limit` keeps the best N results. `child_places` lists the schools and child
    care the registrant rules measure from (share one ``ChildPlaces`` across participants).
    `obligation_trip` finds the trip between a job site and an appointment's place (default: on
    foot within the walk-only limit). A posting whose every site lies beyond any trip that could
    score (``commute_reach``) and has no planned trip gets no transit points; with ``prune`` its
    fit is judged only if it could still make the list (the result is the same either way)."""
    book = postings if isinstance(postings, PostingBook) else PostingBook(postings)
    reaches = reaches or {}
    n = len(book)
    beyond = _beyond(participant, book, prune)
    prune = prune and bool(beyond.any())  # nothing beyond: nothing to prune
    run = _Judging(
        participant, book, reaches, today, weights or ScoreWeights(), skill_ids, title_soc,
        child_places, obligation_trip, beyond, ~beyond if prune else None,
    )  # fmt: skip

    def shown_now() -> np.ndarray:
        out: np.ndarray = np.ones(n, dtype=bool) if all_tiers else run.tiers < TIER_RANK["excluded"]
        return out

    judged = shown_now() & ~beyond if prune else shown_now()
    run.judge_fit(np.flatnonzero(judged))
    scores, experience = run.scores()
    if prune:
        # A posting beyond the commute is judged (site rules and fit) only if its floor tier and
        # its best possible score could still place it in the shown list: nothing the unpruned
        # ranking shows is left out.
        tiers = run.tiers
        rest = shown_now() & beyond
        if limit is not None:
            ranked = np.flatnonzero(judged)
            ranked = ranked[np.lexsort((-scores[ranked], tiers[ranked]))]
            if len(ranked) >= limit:
                last = ranked[limit - 1]
                rest &= (tiers < tiers[last]) | ((tiers == tiers[last]) & (scores >= scores[last]))
        if rest.any():
            run.tiers = np.maximum(tiers, _site_tiers(run.rules, book, rest))
            rest &= shown_now()
            run.judge_fit(np.flatnonzero(rest))
            judged |= rest
            scores, experience = run.scores()
    keep = np.flatnonzero(judged)
    order = keep[np.lexsort((-scores[keep], run.tiers[keep]))]
    if limit is not None:
        order = order[:limit]
    return run.results(order, scores, experience)


def rank_kept(
    participant: ParticipantIn,
    postings: Sequence[PostingFacts] | PostingBook,
    reaches: Mapping[str, Reach | None] | None,
    today: dt.date,
    keep: int,
    also: Collection[str] = (),
    weights: ScoreWeights | None = None,
    skill_ids: Callable[[str], Iterable[str]] | None = None,
    title_soc: Callable[[str], str | None] | None = None,
    child_places: ChildPlaces | None = None,
    obligation_trip: FindTrip | None = None,
    prune: bool = True,
) -> Ranking:
    """Rank every posting in every tier, as ``rank(..., all_tiers=True)`` does, but write full
    results only for the best ``keep`` of each tier and for the postings named in ``also`` (in
    the whole ranking's order); the rest are counted: postings per tier and, for the tiers a
    rule sets, postings per reason code of that tier. Every posting's tier is judged; fit only
    where it could place a posting among the kept (``prune``; the result is the same)."""
    if keep < 0:
        raise ValueError(f"keep must be 0 or more, not {keep}")
    book = postings if isinstance(postings, PostingBook) else PostingBook(postings)
    reaches = reaches or {}
    n = len(book)
    beyond = _beyond(participant, book, prune)
    prune = prune and bool(beyond.any())
    # Every site judged: the counts need every posting's tier.
    run = _Judging(
        participant, book, reaches, today, weights or ScoreWeights(), skill_ids, title_soc,
        child_places, obligation_trip, beyond, None,
    )  # fmt: skip
    tiers = run.tiers
    named = np.zeros(n, dtype=bool)
    named[[at for posting_id in also if (at := book.index.get(posting_id)) is not None]] = True
    judged = ~beyond | named if prune else np.ones(n, dtype=bool)
    run.judge_fit(np.flatnonzero(judged))
    scores, experience = run.scores()
    if prune:
        # Beyond the commute, fit is judged only where the best possible score could still
        # place the posting among its tier's kept.
        rest = beyond & ~judged
        for t in range(len(TIERS)):
            ranked = np.flatnonzero(judged & (tiers == t))
            if len(ranked) >= keep and keep:
                ranked = ranked[np.argsort(-scores[ranked], kind="stable")]
                last = ranked[keep - 1]
                rest &= (tiers != t) | (scores >= scores[last])
            elif not keep:
                rest &= tiers != t
        run.judge_fit(np.flatnonzero(rest))
        judged |= rest
        scores, experience = run.scores()
    ranked = np.flatnonzero(judged)
    order = ranked[np.lexsort((-scores[ranked], tiers[ranked]))]
    # Place of each posting within its tier's part of the order.
    in_tier = np.zeros(len(order), dtype=np.int64)
    ordered_tiers = tiers[order]
    for t in range(len(TIERS)):
        where = ordered_tiers == t
        in_tier[where] = np.arange(int(where.sum()))
    order = order[(in_tier < keep) | named[order]]
    counted = _reason_counts(run.rules, book, reaches, tiers)
    summary: dict[str, TierSummary] = {}
    for t, tier in enumerate(TIERS):
        codes, words = counted.get(tier, ({}, {}))
        summary[tier] = TierSummary(int((tiers == t).sum()), codes, words)
    return Ranking(run.results(order, scores, experience), summary)


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
        _, _, by_site = _site_group_tiers(rules, book, used)
        np.minimum.at(best_site, book.site_owner[entries], by_site[groups])
    best_site[best_site == 127] = 0  # remote, or no site given (a check, not a bar)...
    unsited = book.unsited if which is None else book.unsited & which
    if unsited.any():  # ...but for a registrant the officer decides (``Constraints.site``)
        best_site[unsited] = _tier_of(place_rules.registrant_site_unknown(rules.who))
    return best_site


def _reason_counts(
    rules: Constraints,
    book: PostingBook,
    reaches: Mapping[str, Reach | None],
    tiers: np.ndarray,
) -> dict[str, tuple[dict[str, int], dict[str, str]]]:
    """For each tier a rule sets (``COUNTED_TIERS``): how many of its postings carry each
    reason code of that tier among the reasons ``Constraints.assess`` gives them, most first,
    and one such reason's sentence for each code.
    A posting's reasons are the union of its parts (the reasons for all, its kind of work, its
    best site, its best shift), each judged once per group of alike postings as ``_tiers``
    judges them, so the codes are counted with numpy, not posting by posting."""
    n, views, who = len(book), book.views, rules.who
    # (group of each posting, reasons of each group), one pair per part of the reasons.
    parts: list[tuple[np.ndarray, list[Sequence[Reason]]]] = [
        (np.zeros(n, dtype=np.int64), [rules.approval_reasons]),
        (book.setting_group, [rules.setting_reasons(views[i].setting) for i in book.setting_first]),
        (
            book.credential_group,
            [rules.credential_reasons(views[i]) for i in book.credential_first],
        ),
    ]
    if "occupational_restriction" in who.conditions:
        parts.append(
            (
                book.occupation_group,
                [rules.occupation_reasons(views[i]) for i in book.occupation_first],
            )
        )
    parts.extend(_best_site_parts(rules, book))
    counted = tiers >= TIER_RANK[COUNTED_TIERS[0]]
    # The best shift: once per shift pattern, but posting by posting where the site or a
    # planned trip can change it (as ``_tiers`` judges it), among the postings counted.
    shift_ids = book.shift_group.copy()
    shift_reasons: list[Sequence[Reason]] = [
        rules.schedule(views[i], None)[0] for i in book.shift_first
    ]
    alone: set[int] = set()
    if any(duty.where is not None for duty in who.duties):
        alone.update(i for i in np.flatnonzero(counted).tolist() if rules.site_matters(views[i]))
    if rules.reach_matters():
        for posting_id, reach in reaches.items():
            at = book.index.get(posting_id)
            if reach is not None and at is not None and counted[at]:
                alone.add(at)
    for i in sorted(alone):
        view = views[i]
        place = rules.site(view)[1] if rules.site_matters(view) else None
        shift_ids[i] = len(shift_reasons)
        shift_reasons.append(rules.schedule(view, reaches.get(view.posting.id), place)[0])
    parts.append((shift_ids, shift_reasons))
    out: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
    for tier in COUNTED_TIERS:
        members = np.flatnonzero(tiers == TIER_RANK[tier])
        with_code: dict[str, np.ndarray] = {}
        words: dict[str, str] = {}
        for ids, reasons in parts:
            groups: dict[str, list[int]] = {}
            said: dict[tuple[str, int], str] = {}
            for g, listed in enumerate(reasons):
                for r in listed:
                    if r.tier == tier:
                        if (r.code, g) not in said:
                            groups.setdefault(r.code, []).append(g)
                        said.setdefault((r.code, g), r.text)
            if not groups:
                continue
            mine = ids[members]
            used = np.zeros(len(reasons), dtype=bool)
            used[mine] = True
            for code, gs in groups.items():
                has = np.zeros(len(reasons), dtype=bool)
                has[gs] = True
                found = has[mine]
                with_code[code] = with_code[code] | found if code in with_code else found
                if code not in words:
                    shown = next((g for g in gs if used[g]), None)
                    if shown is not None:
                        words[code] = said[(code, shown)]
        tally = {code: int(found.sum()) for code, found in with_code.items()}
        counts = {code: k for code, k in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])) if k}
        out[tier] = (counts, {code: words[code] for code in counts})
    return out


def _site_group_tiers(
    rules: Constraints, book: PostingBook, used: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the site groups ``used`` marks: the tier of each distinct place (``site_places``),
    of each kind of work at a state (``site_work_first``), and of each site group (the worse
    of its place's and its work's); 0 for the groups not used."""
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
    # The tier of the reasons together is the worse of the two lists' tiers.
    return by_place, by_work, np.maximum(by_place[book.site_place], by_work[book.site_work])


def _best_site_parts(
    rules: Constraints, book: PostingBook
) -> list[tuple[np.ndarray, list[Sequence[Reason]]]]:
    """The site part of every posting's reasons (``Constraints.site``): the reasons of its
    place and of its kind of work there, at its first site of the best tier; for a posting with
    no site given, the site rules' words for that; for remote work, none. Two parts, as
    ``_reason_counts`` takes them."""
    n, views = len(book), book.views
    by_area = place_rules.area_decides(rules.who)  # one site per county stands for the rest
    places: list[Sequence[Reason]] = [
        rules.site_reasons(p) for p in (book.area_places if by_area else book.site_places)
    ]
    works: list[Sequence[Reason]] = [
        rules.work_at_place_reasons(book.views[i], p) for i, p in book.site_work_first
    ]
    place_ids = np.full(n, len(places), dtype=np.int64)  # remote: no reasons
    work_ids = np.full(n, len(works), dtype=np.int64)
    unsited = np.flatnonzero(book.unsited)
    places.append([])
    works.append([])
    if len(unsited):
        place_ids[unsited] = len(places)
        places.append(rules.site(views[int(unsited[0])])[0])
    if len(book.site_owner):
        used = np.ones(len(book.site_first), dtype=bool)
        _, _, by_site = _site_group_tiers(rules, book, used)
        entry_tier = by_site[book.site_group]
        best = np.full(n, 127, dtype=np.int8)
        np.minimum.at(best, book.site_owner, entry_tier)
        # ``min`` keeps the first of equals: each posting's first site of its best tier.
        candidates = np.flatnonzero(entry_tier == best[book.site_owner])
        owners, first = np.unique(book.site_owner[candidates], return_index=True)
        chosen = book.site_group[candidates[first]]
        place_ids[owners] = (
            book.place_area[book.site_place[chosen]] if by_area else book.site_place[chosen]
        )
        work_ids[owners] = book.site_work[chosen]
    return [(place_ids, places), (work_ids, works)]


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


__all__ = [
    "Components",
    "MatchResult",
    "PostingBook",
    "Ranking",
    "TierSummary",
    "TransitSummary",
    "rank",
    "rank_kept",
    "summarise",
]

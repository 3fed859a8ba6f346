"""Put one posting for one participant in a tier, with every reason that put it there.

The rules live in small modules by family: ``criminal_record_rules`` (law tied to the record),
``place_rules`` (travel, district, registration, restricted areas), ``condition_rules``
(supervision conditions, required credentials) and ``time_rules`` (curfew, appointments,
availability). Here they are run and combined. A posting with several sites or shifts is judged
by the best one for the participant, and the reasons say which.

``Constraints`` holds one participant and remembers the answer for each distinct job kind, site
and shift pattern, so ranking many postings repeats no work (postings share sites and shifts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from jobs.matching import condition_rules, criminal_record_rules, licensing, place_rules, time_rules
from jobs.matching.child_places import ChildPlaces
from jobs.matching.clock import DAY_MINUTES, WEEK_MINUTES, overlaps
from jobs.matching.inputs import PostingFacts, Reach
from jobs.matching.places import Place, place_of
from jobs.matching.reasons import TIER_RANK, Reason, Tier, worst_tier
from jobs.matching.setting import WorkplaceSetting, setting_of
from jobs.matching.situation import Situation, situation_of
from jobs.matching.time_rules import FindTrip, ObligationTrip, Point, ShiftTimes, shift_times
from jobs.participant_format import ParticipantIn


class PostingView(msgspec.Struct, frozen=True):
    """A posting read once for the rules: setting, resolved sites, shifts as minutes, and the keys
    that group postings the rules cannot tell apart (so each group is judged once)."""

    posting: PostingFacts
    setting: WorkplaceSetting
    places: tuple[Place, ...]
    shifts: tuple[ShiftTimes, ...]
    remote: bool
    occupation_key: tuple[Any, ...]
    credential_key: tuple[Any, ...]
    licenses: tuple[str, ...] = ()  # licensed occupations the job needs (``licensing``)


def view_of(posting: PostingFacts) -> PostingView:
    """Read a posting for the rules (do this once per posting; it does not depend on anyone)."""
    req = posting.requirements
    shifts = tuple(s for s in (shift_times(shift) for shift in req.shifts) if s is not None)
    licenses = licensing.licenses_of(posting)
    sited = posting.workplace != "remote" and bool(posting.locations)
    return PostingView(
        posting=posting,
        setting=setting_of(posting),
        places=tuple(place_of(location) for location in posting.locations),
        shifts=shifts,
        remote=posting.workplace == "remote",
        occupation_key=(posting.title, posting.soc, posting.policy.naics, posting.policy.industry),
        credential_key=(
            tuple(c for c in req.credentials if c.required),
            req.drivers_license == "required",
            req.drivers_license_class,
            req.commercial_license,
            condition_rules.title_cdl_class(posting.title),
            () if sited else licenses,
        ),
        licenses=licenses,
    )


class Assessment(msgspec.Struct, frozen=True):
    """The tier of one posting for one participant and the reasons, with the site and shift the
    judgement rests on and the schedule facts scoring needs."""

    tier: Tier
    reasons: tuple[Reason, ...]
    place: Place | None
    shift: ShiftTimes | None
    schedule_fit: float | None  # share of the shift inside availability
    movable_conflicts: int


def _best(options: list[tuple[list[Reason], Any]]) -> tuple[list[Reason], Any]:
    return min(options, key=lambda option: TIER_RANK[worst_tier(option[0])])


def work_at_place_key(view: PostingView, place: Place) -> tuple[object, ...] | None:
    """Everything ``Constraints.work_at_place_reasons`` reads of a posting and its site (home
    health and adult care matter in Kansas), so postings with the same key get the same
    reasons; None for work those rules never touch."""
    setting = view.setting
    if not (setting.health_care or setting.children or view.licenses):
        return None
    return (
        place.state,
        setting.health_care,
        setting.home_health or setting.adult_care,
        setting.children,
        view.licenses,
    )


class Constraints:
    """The rules for one participant on one day; call ``assess`` for each posting.

    `child_places` lists the schools and child-care places the registrant rules measure from
    (None: no list, which the rules say). `obligation_trip` finds the trip between a job site and
    an appointment's place (default: on foot within the walk-only limit, ``walking_trip``)."""

    def __init__(
        self,
        participant: ParticipantIn | Situation,
        today: dt.date,
        child_places: ChildPlaces | None = None,
        obligation_trip: FindTrip | None = None,
    ) -> None:
        self.who = participant if isinstance(participant, Situation) else situation_of(participant)
        self.today = today
        self.child_places = child_places
        self.obligation_trip = obligation_trip or time_rules.walking_trip
        self._hops: dict[tuple[Point, Point, int], ObligationTrip | None] = {}
        self._site_matters: dict[tuple[Any, ...], bool] = {}
        self._settings: dict[WorkplaceSetting, list[Reason]] = {}
        self._fits: dict[ShiftTimes, float | None] = {}
        self._slack: dict[ShiftTimes, tuple[int, int]] = {}
        self._trips: dict[
            tuple[ShiftTimes, time_rules.Trip, Point | None], tuple[list[Reason], int]
        ] = {}
        self._occupations: dict[tuple[Any, ...], list[Reason]] = {}
        self._credentials: dict[tuple[Any, ...], list[Reason]] = {}
        self._places: dict[Place, list[Reason]] = {}
        self._state_settings: dict[tuple[Any, ...], list[Reason]] = {}
        self._times: dict[
            tuple[Any, ...], tuple[list[Reason], ShiftTimes | None, float | None, int]
        ] = {}
        self.approval_reasons = condition_rules.approval_for_all(self.who)

    def setting_reasons(self, setting: WorkplaceSetting) -> list[Reason]:
        """Rules that depend only on the kind of workplace (and the record and conditions)."""
        found = self._settings.get(setting)
        if found is None:
            who, today = self.who, self.today
            found = [
                *criminal_record_rules.firearms(who, setting),
                *criminal_record_rules.bank_section_19(who, setting, today),
                *criminal_record_rules.airport_badge(who, setting, today),
                *criminal_record_rules.commercial_driving(who, setting, today),
                *criminal_record_rules.cannabis(who, setting),
                *condition_rules.alcohol(who, setting),
                *condition_rules.minors(who, setting),
                *condition_rules.cash(who, setting),
                *condition_rules.computer(who, setting),
            ]
            self._settings[setting] = found
        return found

    def occupation_reasons(self, view: PostingView) -> list[Reason]:
        """The occupational restriction against the job's title, industry and codes."""
        if "occupational_restriction" not in self.who.conditions:
            return []
        found = self._occupations.get(view.occupation_key)
        if found is None:
            found = self._occupations[view.occupation_key] = condition_rules.occupation(
                self.who, view.posting
            )
        return found

    def credential_reasons(self, view: PostingView) -> list[Reason]:
        """Required credentials and licenses the participant lacks (and, for a job with no site,
        the license petition, judged as in Missouri)."""
        found = self._credentials.get(view.credential_key)
        if found is None:
            found = condition_rules.credentials(self.who, view.posting)
            if view.remote or not view.places:
                found += licensing.license_petition(self.who, view.licenses, None, self.today)
            self._credentials[view.credential_key] = found
        return found

    def job_reasons(self, view: PostingView) -> list[Reason]:
        """Rules that depend on the kind of work, not where or when."""
        return [
            *self.setting_reasons(view.setting),
            *self.occupation_reasons(view),
            *self.credential_reasons(view),
        ]

    def place_reasons(self, view: PostingView, place: Place) -> list[Reason]:
        """Rules that depend on where one site is: ``site_reasons`` and, for this kind of
        work, ``work_at_place_reasons``."""
        found = self.site_reasons(place)
        by_state = self.work_at_place_reasons(view, place)
        return [*found, *by_state] if by_state else found

    def site_reasons(self, place: Place) -> list[Reason]:
        """Rules that depend on the site alone, whatever the work there."""
        found = self._places.get(place)
        if found is None:
            who = self.who
            found = [reason for rule in place_rules.PLACE_RULES for reason in rule(who, place)]
            found += place_rules.registrant_near_children(who, place, self.child_places, self.today)
            self._places[place] = found
        return found

    def work_at_place_reasons(self, view: PostingView, place: Place) -> list[Reason]:
        """Rules that depend on the kind of work and the site's state (health care, work with
        children, licensed occupations); none for other work."""
        key = work_at_place_key(view, place)
        if key is None:
            return []
        setting = view.setting
        by_state = self._state_settings.get(key)
        if by_state is None:
            by_state = self._state_settings[key] = [
                *criminal_record_rules.health_care(self.who, setting, place),
                *criminal_record_rules.registrant_children(self.who, setting, place),
                *licensing.license_petition(self.who, view.licenses, place, self.today),
            ]
        return by_state

    def site(self, view: PostingView) -> tuple[list[Reason], Place | None]:
        """The best site of the posting for this participant, with its reasons."""
        if view.remote:
            return [], None
        if not view.places:
            return [
                Reason(
                    "site_unknown",
                    "eligible",
                    "Job site not given: check where the work is",
                    "posting",
                    kind="check",
                ),
                *place_rules.registrant_site_unknown(self.who),
            ], None
        options = [(self.place_reasons(view, place), place) for place in view.places]
        reasons, place = _best(options)
        if len(options) > 1:
            others = len(options) - 1
            reasons = [
                *reasons,
                Reason(
                    "best_site",
                    "eligible",
                    f"Best of {others + 1} sites for this participant: {place.label}",
                    "posting",
                    kind="fit",
                ),
            ]
        return reasons, place

    def trip_at(self, start: Point, end: Point, week_minute: int) -> ObligationTrip | None:
        """The trip between two places leaving at a minute of the week: asked on the next such
        weekday from today, once per run."""
        key = (start, end, week_minute)
        if key in self._hops:
            return self._hops[key]
        day, clock = divmod(week_minute % WEEK_MINUTES, DAY_MINUTES)
        date = self.today + dt.timedelta(days=(day - self.today.weekday()) % 7)
        depart = dt.datetime.combine(date, dt.time(clock // 60, clock % 60))
        found = self._hops[key] = self.obligation_trip(start[0], start[1], end[0], end[1], depart)
        return found

    def site_matters(self, view: PostingView) -> bool:
        """Whether the job's site changes the schedule verdict: an appointment with a recorded
        place starts or ends near one of the shifts (then the trip between them is checked)."""
        if view.remote or not view.places or not view.shifts:
            return False
        key = view.shifts
        found = self._site_matters.get(key)
        if found is None:
            found = self._site_matters[key] = any(
                time_rules.near_shift(duty, shift)
                for duty in self.who.duties
                if duty.where is not None
                for shift in view.shifts
            )
        return found

    def reach_matters(self) -> bool:
        """Whether transit changes the tier: only the trip around a curfew or an appointment."""
        return bool(self.who.curfew or self.who.duties)

    def slack(self, shift: ShiftTimes) -> tuple[int, int]:
        """Minutes a trip may take before and after this shift without touching the curfew or an
        appointment (a blocker the shift itself overlaps does not count: it clashes anyway)."""
        found = self._slack.get(shift)
        if found is None:
            before = after = WEEK_MINUTES
            blockers = [
                *self.who.curfew,
                *(span for duty in self.who.duties for span in duty.spans),
            ]
            for day in shift.days:
                s0 = day * DAY_MINUTES + shift.start
                s1 = s0 + shift.length
                for b0, b1 in blockers:
                    if overlaps((s0, s1), (b0, b1)):
                        continue
                    before = min(before, (s0 - b1) % WEEK_MINUTES)
                    after = min(after, (b0 - s1) % WEEK_MINUTES)
            found = self._slack[shift] = (before, after)
        return found

    def reach_changes_schedule(self, view: PostingView, reach: Reach) -> bool:
        """Whether the trip known from transit could change the schedule verdict given without
        it (a trip inside every shift's slack cannot)."""
        if view.remote or not view.shifts or not self.reach_matters():
            return False
        for shift in view.shifts:
            trip = time_rules.trip_for(shift, reach, view.remote)
            before, after = self.slack(shift)
            if trip.before > before or trip.after > after:
                return True
        return False

    def schedule(
        self, view: PostingView, reach: Reach | None, place: Place | None = None
    ) -> tuple[list[Reason], ShiftTimes | None, float | None, int]:
        """The best shift: curfew, appointments and availability, with the trip each way (and
        between the job at `place` and an appointment's place, when recorded)."""
        site = None
        if place is not None and place.lat is not None and place.lon is not None:
            site = (place.lat, place.lon) if self.site_matters(view) else None
        # With transit each posting's trip differs: remember per shift and trip, not per reach.
        key = (view.shifts, view.remote, site) if reach is None else None
        found = self._times.get(key) if key is not None else None
        if found is not None:
            return found
        who = self.who
        if not view.shifts:
            reasons = []
            if who.curfew or who.duties or who.availability:
                extra = f" (curfew {who.curfew_text})" if who.curfew else ""
                reasons.append(
                    Reason(
                        "shift_unknown",
                        "eligible",
                        f"Shift not stated — ask the employer{extra}",
                        "posting",
                        kind="check",
                    )
                )
            found = (reasons, None, None, 0)
        else:
            options = []
            for shift in view.shifts:
                trip = time_rules.trip_for(shift, reach, view.remote)
                fit = self._fits.get(shift, -1.0)
                if fit == -1.0:
                    fit = self._fits[shift] = time_rules.availability_fit(who, shift)
                timed = self._trips.get((shift, trip, site))
                if timed is None:
                    duties, movable = time_rules.obligations(who, shift, trip, site, self.trip_at)
                    timed = self._trips[(shift, trip, site)] = (
                        [*time_rules.curfew(who, shift, trip), *duties],
                        movable,
                    )
                reasons = [*timed[0], *time_rules.availability(who, shift, fit)]
                movable = timed[1]
                rank = (TIER_RANK[worst_tier(reasons)], movable, -(fit if fit is not None else 0.5))
                options.append((rank, reasons, shift, fit, movable))
            _, reasons, shift, fit, movable = min(options, key=lambda option: option[0])
            found = (reasons, shift, fit, movable)
        if key is not None:
            self._times[key] = found
        return found

    def assess(self, posting: PostingFacts | PostingView, reach: Reach | None = None) -> Assessment:
        """Tier and reasons for one posting."""
        view = posting if isinstance(posting, PostingView) else view_of(posting)
        site_reasons, place = self.site(view)
        time_reasons, shift, fit, movable = self.schedule(view, reach, place)
        reasons = (*self.approval_reasons, *self.job_reasons(view), *site_reasons, *time_reasons)
        return Assessment(
            tier=worst_tier(reasons),
            reasons=reasons,
            place=place,
            shift=shift,
            schedule_fit=fit,
            movable_conflicts=movable,
        )


def assess(
    participant: ParticipantIn,
    posting: PostingFacts,
    today: dt.date,
    reach: Reach | None = None,
    child_places: ChildPlaces | None = None,
    obligation_trip: FindTrip | None = None,
) -> Assessment:
    """Tier and reasons for one participant and one posting (see ``Constraints`` for many)."""
    return Constraints(participant, today, child_places, obligation_trip).assess(posting, reach)

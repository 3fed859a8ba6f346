"""The specialist's caseload, profile, ranked matches with actions, referral and packet."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from jobs.clock import program_today
from jobs.services.placements import PlacementIn, enroll, record_placement
from jobs.store import (
    AuditEvent,
    Checkpoint,
    Consent,
    CriminalRecord,
    Match,
    Participant,
    Placement,
    Referral,
)
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def _rows(engine, query):
    async with session_factory(engine)() as session:
        return list(await session.scalars(query))


async def test_caseload_lists_only_the_specialists_own_participants(client, world):
    await sign_in(client, "spec1")
    page = await client.get("/caseload")
    assert page.status_code == 200
    assert "Ana Tester" in page.text and "Ben Tester" not in page.text


async def test_matches_page_shows_tiers_as_sections_best_first_with_reasons(client, world):
    await sign_in(client, "spec1")
    page = await client.get(f"/participants/{world.participants['ana']}/matches")
    assert page.status_code == 200
    text = page.text
    positions = [text.index(f'id="tier-{t}"') for t in ("eligible", "needs_approval", "excluded")]
    assert positions == sorted(positions)
    assert text.index("Forklift Operator") < text.index("Dock Loader"), "best score first"
    assert "needs a travel permit" in text and "after the 22:00 curfew" in text
    assert "35 min" in text and "<svg" in text
    assert '<p class="fit-band band-fits_experience">Fits experience</p>' in text
    assert "bus 71 from Prospect &amp; 39th at 06:18 to Front St, arrive 06:40" in text
    assert "<li>Walk 5 min to the job</li>" in text
    assert '<li class="reason-eligible deciding">Fits experience: the job is like' in text


async def test_filters_narrow_the_list_and_bad_values_are_reported_by_the_field(client, world):
    await sign_in(client, "spec1")
    base = f"/participants/{world.participants['ana']}/matches"
    only = await client.get(base, params={"tier": "needs_approval"})
    assert "Packer" in only.text and "Forklift Operator" not in only.text
    # The lowest-pay filter compares the bottom of the range, as ranking does: $17–19 starts
    # below $18, $18–20 does not.
    paid = await client.get(base, params={"min_pay": "18"})
    assert "Dock Loader" in paid.text and "Packer" not in paid.text
    assert "Forklift Operator" not in paid.text
    near = await client.get(base, params={"max_minutes": "40"})
    assert "Night Cook" not in near.text and "Packer" in near.text
    bad = await client.get(base, params={"max_minutes": "lots"})
    assert bad.status_code == 400 and 'id="max_minutes-error"' in bad.text


async def test_dismiss_needs_a_reason_which_is_kept(client, world, engine):
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_loader"]
    url = f"/participants/{pid}/matches/{mid}/review"
    refused = await client.post(url, data={"csrf_token": csrf, "action": "dismiss", "reason": " "})
    assert refused.status_code == 400 and 'id="reason-error"' in refused.text
    done = await client.post(
        url,
        data={"csrf_token": csrf, "action": "dismiss", "reason": "Too far from the bus line"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    (match,) = await _rows(engine, select(Match).where(Match.id == mid))
    assert match.review_status == "dismissed"
    assert match.dismissal_reason == "Too far from the bus line"
    page = await client.get(f"/participants/{pid}/matches")
    assert "Dock Loader" not in page.text
    shown = await client.get(f"/participants/{pid}/matches", params={"show_dismissed": "1"})
    assert "Too far from the bus line" in shown.text


async def test_refer_records_consent_and_hire_records_a_placement(client, world, engine):
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    base = f"/participants/{pid}/matches/{mid}"
    no_consent = await client.post(f"{base}/refer", data={"csrf_token": csrf, "shared": "record"})
    assert no_consent.status_code == 400 and 'id="agreed-error"' in no_consent.text
    done = await client.post(
        f"{base}/refer",
        data={"csrf_token": csrf, "shared": "address", "agreed": "1"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    (consent,) = await _rows(engine, select(Consent))
    assert consent.fields == ["address"] and consent.employer_id == world.employers["riverbend"]
    (referral,) = await _rows(engine, select(Referral))
    assert referral.consent_id == consent.id
    hired = await client.post(
        f"{base}/review",
        data={
            "csrf_token": csrf,
            "action": "hired",
            "start_date": "2026-12-01",
            "hourly_wage": "18.25",
            "hours_per_week": "40",
        },
        follow_redirects=False,
    )
    assert hired.status_code == 303
    (placement,) = await _rows(engine, select(Placement))
    assert placement.hourly_wage == 18.25 and len(await _rows(engine, select(Referral))) == 1
    (referral,) = await _rows(engine, select(Referral))
    assert referral.status == "hired"


async def test_hire_with_bad_numbers_says_which_field(client, world):
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    bad = await client.post(
        f"/participants/{pid}/matches/{mid}/review",
        data={
            "csrf_token": csrf,
            "action": "hired",
            "start_date": "soon",
            "hourly_wage": "-3",
            "hours_per_week": "40",
        },
    )
    assert bad.status_code == 400
    assert 'id="start_date-error"' in bad.text and 'id="hourly_wage-error"' in bad.text


async def test_packet_names_what_needs_approval_and_why(client, world):
    await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_packer"]
    page = await client.get(f"/participants/{pid}/matches/{mid}/packet")
    assert page.status_code == 200
    assert "Job is in Kansas: needs a travel permit" in page.text
    assert "Northside Foods" in page.text and "35 minutes by public transit" in page.text
    to_do = page.text.index("What the participant will get for this job")
    assert page.text.index("Get a food handler card within 30 days of hire") > to_do


async def test_intake_validates_by_field_and_puts_the_person_on_the_caseload(client, world, engine):
    csrf = await sign_in(client, "spec1")
    form = {
        "csrf_token": csrf,
        "external_ref": "T-9",
        "name": "Cara New",
        "curfew_start": "25:00",
        "curfew_end": "06:00",
        "max_commute_minutes": "60",
    }
    bad = await client.post("/participants", data=form)
    assert bad.status_code == 400 and 'id="curfew_start-error"' in bad.text
    assert 'value="Cara New"' in bad.text, "what was typed is kept"
    form["curfew_start"] = "22:00"
    good = await client.post("/participants", data=form, follow_redirects=False)
    assert good.status_code == 303
    (person,) = await _rows(engine, select(Participant).where(Participant.external_ref == "T-9"))
    caseload = await client.get("/caseload")
    assert "Cara New" in caseload.text
    edit = await client.post(
        f"/participants/{person.id}",
        data={**form, "name": "Cara Newer", "skills": "welding\nforklift operation"},
        follow_redirects=False,
    )
    assert edit.status_code == 303
    (person,) = await _rows(engine, select(Participant).where(Participant.external_ref == "T-9"))
    assert person.name == "Cara Newer" and person.skills == ["welding", "forklift operation"]


async def test_reads_of_participant_data_are_audited(client, world, engine):
    await sign_in(client, "spec1")
    pid = world.participants["ana"]
    await client.get(f"/participants/{pid}")
    await client.get(f"/participants/{pid}/matches")
    events = await _rows(engine, select(AuditEvent).where(AuditEvent.participant_id == pid))
    assert {"read_profile", "read_matches"} <= {e.action for e in events}
    assert all(e.actor_user_id == world.users["spec1"] for e in events)


async def test_the_profile_lists_matched_jobs_without_auditing_a_match_read(client, world, engine):
    await sign_in(client, "spec1")
    pid = world.participants["ana"]
    page = (await client.get(f"/participants/{pid}")).text
    assert f'value="{world.postings["forklift"]}"' in page  # the application step form's job list
    events = await _rows(engine, select(AuditEvent).where(AuditEvent.participant_id == pid))
    assert [e.action for e in events] == ["read_profile"]


async def test_another_specialists_participant_is_not_found(client, world):
    await sign_in(client, "spec2")
    pid = world.participants["ana"]
    for url in (
        f"/participants/{pid}",
        f"/participants/{pid}/matches",
        f"/participants/{pid}/matches/{world.matches['ana_packer']}/packet",
    ):
        response = await client.get(url)
        assert response.status_code == 404, url
        assert "Ana" not in re.sub(r"<title>.*?</title>", "", response.text)


async def _hire(client, csrf, world, match="ana_forklift", **fields):
    pid, mid = world.participants["ana"], world.matches[match]
    data = {
        "csrf_token": csrf,
        "action": "hired",
        "start_date": "2026-07-15",
        "hourly_wage": "18.25",
        "hours_per_week": "40",
        "shift": "day",
        "offered_on": "2026-07-10",
        **fields,
    }
    return await client.post(
        f"/participants/{pid}/matches/{mid}/review", data=data, follow_redirects=False
    )


async def test_a_specialists_hire_gets_the_same_checks_as_every_placement(
    client, world, session, engine
):
    # Ana left the program on 30 June: a job from mid-July overlaps the 2nd and 4th quarters
    # after her exit quarter, so record_placement adds those federal checks too.
    await enroll(session, world.participants["ana"], date(2026, 1, 5), exited_on=date(2026, 6, 30))
    await session.commit()
    csrf = await sign_in(client, "spec1")
    assert (await _hire(client, csrf, world)).status_code == 303
    (placement,) = await _rows(engine, select(Placement))
    assert placement.offered_on == date(2026, 7, 10) and placement.shift == "day"
    checks = await _rows(engine, select(Checkpoint).where(Checkpoint.placement_id == placement.id))
    assert {c.kind: c.due_on for c in checks} == {
        "30": date(2026, 8, 14),
        "90": date(2026, 10, 13),
        "180": date(2027, 1, 11),
        "q2": date(2026, 12, 31),
        "q4": date(2027, 6, 30),
    }
    again = await _hire(client, csrf, world, start_date="2026-08-01")
    assert again.status_code == 400 and 'id="hire-error"' in again.text
    late_offer = await _hire(client, csrf, world, match="ana_loader", offered_on="2026-07-20")
    assert late_offer.status_code == 400 and 'id="offered_on-error"' in late_offer.text


async def test_the_dashboard_names_due_checks_in_plain_words(client, world, session):
    today = program_today(client.app.state.settings.clock.zone)
    await record_placement(
        session,
        PlacementIn(
            participant_id=world.participants["ana"],
            employer_id=world.employers["riverbend"],
            posting_id=world.postings["forklift"],
            start_date=today - timedelta(days=33),
            hourly_wage=17,
            hours_per_week=40,
        ),
    )
    job = await session.scalar(select(Placement))
    session.add(Checkpoint(placement_id=job.id, kind="q2", due_on=today + timedelta(days=5)))
    await session.commit()
    await sign_in(client, "spec1")
    page = (await client.get("/caseload")).text
    assert "30-day retention check, Forklift Operator: " in page
    assert "3 days overdue" in page
    assert "2nd-quarter employment check, Forklift Operator: due " in page
    assert "q2-day" not in page and "30-day check" not in page
    assert "90-day retention check" not in page, "not due within 30 days"


async def test_the_participant_page_shows_jobs_checks_and_incentive_deadlines(
    client, world, session
):
    ana = world.participants["ana"]
    record = await session.get(CriminalRecord, ana)
    record.release_date = date(2026, 3, 1)  # hired within a year of release: the WOTC window
    await session.commit()
    csrf = await sign_in(client, "spec1")
    assert (await _hire(client, csrf, world)).status_code == 303
    page = (await client.get(f"/participants/{ana}")).text
    jobs = page[page.index('id="jobs-h"') :]
    assert "Forklift Operator" in jobs and "Riverbend Logistics" in jobs
    assert "30-day retention check, 2026-08-14" in jobs
    # WOTC: Form 8850 by the offer, to the state 28 days after the start; in hiatus by default.
    assert "WOTC: eligible, but the credit is in hiatus" in jobs
    assert "Form 8850 signed (on or before the job offer)" in jobs
    assert "2026-07-10" in jobs and "2026-08-12" in jobs
    assert "a $5,000 bond from 2026-07-15 to 2027-01-14" in jobs
    incentives = (await client.get("/reports/incentives")).text
    assert "Ana Tester" in incentives and "2026-08-12" in incentives


async def test_intake_says_every_problem_at_once_in_plain_words(client, world, engine):
    csrf = await sign_in(client, "spec1")
    form = {
        "csrf_token": csrf,
        "external_ref": "T-10",
        "name": "",
        "home_lat": "39.05",
        "curfew_start": "25:00",
        "curfew_end": "06:00",
        "max_commute_minutes": "an hour",
        "min_hourly_wage": "fifteen",
        "availability": "weekdays 9 to 5",
        "conviction_date": "last spring",
        "obligations": "group on thursdays",
        "skills": "forklift operation",
    }
    page = await client.post("/participants", data=form)
    assert page.status_code == 400
    text = page.text
    expected = {
        "name": "Enter the participant&#39;s full name",
        "home_lon": "Enter both latitude and longitude, or leave both empty",
        "curfew_start": "Enter a curfew start time like 22:00",
        "max_commute_minutes": "Enter the longest commute in whole minutes, from 5 to 240",
        "min_hourly_wage": "Enter the lowest hourly wage in dollars, like 15.50",
        "availability": "Enter each block as days then hours, like mon tue wed 07:00-15:00",
        "conviction_date": "Enter the conviction date as a date, like 2023-04-11",
        "obligations": "Enter each appointment as label; days; hours",
    }
    summary = text[
        text.index('class="error-summary"') : text.index("</ul>", text.index("error-summary"))
    ]
    for field, words in expected.items():
        assert f'id="{field}-error"' in text, field
        assert f'<a href="#{field}">{words}' in summary, field
    assert "There are 8 problems" in summary
    for developer_words in ("Expected", "`str`", "float | null", "$."):
        assert developer_words not in text
    assert 'value="T-10"' in text and ">forklift operation</textarea>" in text
    assert 'value="25:00"' in text and 'value="last spring"' in text, "what was typed is kept"
    people = await _rows(engine, select(Participant).where(Participant.external_ref == "T-10"))
    assert people == [], "nothing is saved while a field needs a fix"


async def test_a_new_participant_is_matched_at_once_and_the_page_says_so(client, world, engine):
    csrf = await sign_in(client, "spec1")
    form = {
        "csrf_token": csrf,
        "external_ref": "T-11",
        "name": "Fay Fresh",
        "home_postal_code": "64130",
        "skills": "forklift operation",
        "max_commute_minutes": "90",
    }
    saved = await client.post("/participants", data=form, follow_redirects=False)
    assert saved.status_code == 303
    (person,) = await _rows(engine, select(Participant).where(Participant.external_ref == "T-11"))
    # The matching ran just after the answer (the test client waits for it).
    matches = await _rows(engine, select(Match).where(Match.participant_id == person.id))
    open_postings = 4
    assert len(matches) == open_postings
    assert person.home_lat is not None, "the ZIP code placed the home"
    queue = client.app.state.matching
    queue.ask(person.id)  # as if it were still running
    profile = await client.get(f"/participants/{person.id}")
    assert "Matches are being worked out now; they will be ready" in profile.text
    listed = await client.get(f"/participants/{person.id}/matches")
    assert "Matches are being worked out now" in listed.text
    queue.waiting.clear()
    assert "being worked out" not in (await client.get(f"/participants/{person.id}")).text


async def test_match_list_filters_by_status_and_folds_excluded_jobs(client, world):
    await sign_in(client, "spec1")
    ana = world.participants["ana"]
    page = (await client.get(f"/participants/{ana}/matches")).text
    assert "Show the excluded jobs" in page and "Night Cook" not in page
    assert "<strong>1</strong> × Shift ends 23:30, after the 22:00 curfew" in page
    excluded = (await client.get(f"/participants/{ana}/matches", params={"tier": "excluded"})).text
    assert "Night Cook" in excluded
    fresh = (await client.get(f"/participants/{ana}/matches", params={"status": "new"})).text
    assert "Forklift Operator" in fresh
    shortlisted = await client.get(f"/participants/{ana}/matches", params={"status": "shortlisted"})
    assert "Forklift Operator" not in shortlisted.text
    bad = await client.get(f"/participants/{ana}/matches", params={"status": "maybe", "sort": "x"})
    assert bad.status_code == 400 and "Status: choose" in bad.text and "Sort: choose" in bad.text


async def test_an_action_returns_to_the_same_filtered_list(client, world):
    csrf = await sign_in(client, "spec1")
    ana, mid = world.participants["ana"], world.matches["ana_forklift"]
    done = await client.post(
        f"/participants/{ana}/matches/{mid}/review",
        data={"csrf_token": csrf, "action": "shortlist", "back": "sort=ride&tier=eligible&evil=1"},
        follow_redirects=False,
    )
    assert done.headers["location"] == (
        f"/participants/{ana}/matches?sort=ride&tier=eligible&done=shortlist&open={mid}#match-{mid}"
    )

"""Employer pages (profile, jobs through the upsert, consented candidates) and the participant's
phone pages (my jobs, I'm interested, Spanish)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from jobs.store import (
    AuditEvent,
    Checkpoint,
    Consent,
    CriminalRecord,
    Employer,
    HiringRules,
    Interest,
    Match,
    Placement,
    Posting,
    Referral,
    Source,
)
from jobs.store.engine import session_factory
from tests.integration.web.world import csrf_of, sign_in

pytestmark = pytest.mark.anyio


async def _rows(engine, query):
    async with session_factory(engine)() as session:
        return list(await session.scalars(query))


async def _refer(client, world, shared):
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    response = await client.post(
        f"/participants/{pid}/matches/{mid}/refer",
        data={"csrf_token": csrf, "shared": shared, "agreed": "1"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    client.cookies.clear()


JOB = {
    "title": "Warehouse Associate",
    "address": "100 Front St",
    "city": "Kansas City",
    "region": "MO",
    "postal_code": "64120",
    "shift_start": "07:00",
    "shift_end": "15:30",
    "days": ["mon", "tue", "wed"],
    "pay_min": "17",
    "pay_max": "19",
    "pay_unit": "hour",
    "requirements": "forklift certification",
    "description": "Load and unload trucks.",
}


async def test_employer_posts_and_edits_a_job_through_the_portal_source(client, world, engine):
    csrf = await sign_in(client, "emp1")
    bad = await client.post(
        "/employer/jobs", data={**JOB, "csrf_token": csrf, "shift_start": "7am"}
    )
    assert bad.status_code == 400 and 'id="shift_start-error"' in bad.text
    done = await client.post(
        "/employer/jobs", data={**JOB, "csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    (posting,) = await _rows(engine, select(Posting).where(Posting.title == "Warehouse Associate"))
    (source,) = await _rows(engine, select(Source).where(Source.id == posting.source_id))
    assert source.kind == "portal" and source.employer_id == world.employers["riverbend"]
    assert posting.employer_id == world.employers["riverbend"] and posting.pay_min == 17
    assert "07:00 to 15:30" in posting.description_text
    home = await client.get("/employer")
    assert "Warehouse Associate" in home.text
    edit = await client.post(
        f"/employer/jobs/{posting.id}",
        data={**JOB, "csrf_token": csrf, "pay_max": "21"},
        follow_redirects=False,
    )
    assert edit.status_code == 303
    (again,) = await _rows(engine, select(Posting).where(Posting.title == "Warehouse Associate"))
    assert again.id == posting.id and again.pay_max == 21
    form = await client.get(f"/employer/jobs/{posting.id}/edit")
    assert 'value="21"' in form.text


async def test_employer_cannot_touch_another_companys_job(client, world):
    csrf = await sign_in(client, "emp2")
    other = world.postings["forklift"]
    assert (await client.get(f"/employer/jobs/{other}/edit")).status_code == 404
    response = await client.post(f"/employer/jobs/{other}/close", data={"csrf_token": csrf})
    assert response.status_code == 404


async def test_company_profile_keeps_the_hiring_rules(client, world, engine):
    csrf = await sign_in(client, "emp1")
    response = await client.post(
        "/employer/profile",
        data={
            "csrf_token": csrf,
            "name": "Riverbend Logistics",
            "record_check": "after_offer",
            "barred_roles": "armed security",
            "hiring_policy": "Fair chance.",
            "pledge_signed": "1",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    (rules,) = await _rows(
        engine, select(HiringRules).where(HiringRules.employer_id == world.employers["riverbend"])
    )
    assert rules.record_check == "after_offer" and rules.barred_roles == "armed security"
    bad = await client.post("/employer/profile", data={"csrf_token": csrf, "name": ""})
    assert bad.status_code == 400 and 'id="name-error"' in bad.text


async def test_employer_sees_only_consented_fields_of_referred_candidates(client, world):
    await _refer(client, world, "address")
    await sign_in(client, "emp1")
    home = await client.get("/employer")
    assert "Ana Tester" in home.text
    referral_id = int(home.text.split("/employer/candidates/")[1].split('"')[0])
    page = await client.get(f"/employer/candidates/{referral_id}")
    assert "T-1 Secret Home St" in page.text, "the address was consented"
    assert "drug_possession" not in page.text and "Felony" not in page.text
    assert "22:00" not in page.text, "supervision was not consented"
    client.cookies.clear()
    await sign_in(client, "emp2")
    assert (await client.get(f"/employer/candidates/{referral_id}")).status_code == 404
    assert "Ana Tester" not in (await client.get("/employer")).text


async def test_employer_marks_interview_and_hire(client, world):
    await _refer(client, world, [])
    csrf = await sign_in(client, "emp1")
    home = await client.get("/employer")
    referral_id = int(home.text.split("/employer/candidates/")[1].split('"')[0])
    page = await client.get(f"/employer/candidates/{referral_id}")
    assert "Secret Home" not in page.text
    done = await client.post(
        f"/employer/candidates/{referral_id}/status",
        data={"csrf_token": csrf, "status": "interviewing"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "status: interviewing" in (await client.get(f"/employer/candidates/{referral_id}")).text


async def test_registration_makes_a_pending_employer_that_waits(client, world, engine):
    page = await client.get("/register")
    form = {
        "csrf_token": csrf_of(page.text),
        "company": "Bright Bakery",
        "contact_name": "Dee Baker",
        "email": "dee@bright.example",
        "website": "",
        "password": "short",
    }
    bad = await client.post("/register", data=form)
    assert bad.status_code == 400 and 'id="password-error"' in bad.text
    form["password"] = "a long enough passphrase here"
    done = await client.post("/register", data=form, follow_redirects=False)
    assert done.status_code == 303
    (employer,) = await _rows(engine, select(Employer).where(Employer.name == "Bright Bakery"))
    assert employer.status == "pending"
    await sign_in(client, "emppending")
    assert "waiting for approval" in (await client.get("/employer")).text
    assert (await client.get("/employer/jobs/new")).status_code == 403


async def test_participant_sees_own_matches_but_never_excluded_ones(client, world):
    await sign_in(client, "part1")
    page = await client.get("/me/jobs")
    assert page.status_code == 200
    assert "Forklift Operator" in page.text and "Packer" in page.text
    assert "Night Cook" not in page.text
    assert "Your officer must say yes first." in page.text
    other = await client.get(f"/me/jobs/{world.postings['cook']}")
    assert other.status_code == 404


async def test_participant_cards_show_the_pay_range_not_its_top(client, world):
    await sign_in(client, "part1")
    cards = (await client.get("/me/jobs")).text
    assert "$17.00–$19.00 an hour" in cards and "$18.00–$20.00 an hour" in cards
    assert "Fits your experience" in cards and "Entry-level: no experience needed" in cards
    one = (await client.get(f"/me/jobs/{world.postings['forklift']}")).text
    assert "<dd>$17.00–$19.00 an hour</dd>" in one and "<dd>$19.00 an hour</dd>" not in one


async def test_participant_job_page_lists_what_to_get(client, world):
    await sign_in(client, "part1")
    page = (await client.get(f"/me/jobs/{world.postings['packer']}")).text
    assert "What to get for this job" in page
    assert "Get a food handler card within 30 days of hire" in page
    other = (await client.get(f"/me/jobs/{world.postings['forklift']}")).text
    assert "What to get for this job" not in other


async def test_im_interested_in_spanish(client, world, engine):
    csrf = await sign_in(client, "part1")
    switched = await client.post(
        "/account/language",
        data={"csrf_token": csrf, "language": "es", "next": "/me/jobs"},
        follow_redirects=False,
    )
    assert switched.headers["location"] == "/me/jobs"
    page = await client.get("/me/jobs")
    assert 'lang="es"' in page.text and "Me interesa" in page.text and "Mis empleos" in page.text
    assert "$17.00–$19.00 por hora" in page.text
    assert "Va con su experiencia" in page.text
    posting = world.postings["forklift"]
    done = await client.post(
        f"/me/jobs/{posting}/interest", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    after = await client.get(done.headers["location"])
    assert "Usted dijo que le interesa." in after.text
    (interest,) = await _rows(engine, select(Interest))
    assert interest.posting_id == posting and interest.participant_id == world.participants["ana"]
    client.cookies.clear()
    await sign_in(client, "spec1")
    assert '<td data-label="Said interested">1</td>' in (await client.get("/caseload")).text


async def test_maps_are_drawn_as_svg_on_the_server(client, world):
    await sign_in(client, "part1")
    picture = await client.get("/me/map.svg")
    assert picture.headers["content-type"].startswith("image/svg+xml")
    assert picture.text.startswith("<svg") and "<circle" in picture.text
    assert "http://www.w3.org/2000/svg" in picture.text and "href=" not in picture.text
    # The demo feed's lines run under the markers, drawn as paths, cut at the map's edges.
    assert 'class="transit-line" data-route="' in picture.text
    assert picture.text.count('<path d="M') >= 3
    assert picture.text.index('class="transit"') < picture.text.index("<circle")
    client.cookies.clear()
    await sign_in(client, "spec1")
    staff = await client.get(f"/participants/{world.participants['ana']}/map.svg")
    assert staff.status_code == 200 and 'class="transit-line"' in staff.text


HIRE = {
    "status": "hired",
    "start_date": "2026-07-15",
    "hourly_wage": "18.50",
    "hours_per_week": "40",
    "shift": "days",
    "offered_on": "2026-07-10",
}


async def _referral_id(client) -> int:
    home = await client.get("/employer")
    return int(home.text.split("/employer/candidates/")[1].split('"')[0])


async def _released_in_march(session, world):
    record = await session.get(CriminalRecord, world.participants["ana"])
    record.release_date = date(2026, 3, 1)  # a July hire is inside the WOTC window
    await session.commit()


async def test_employer_marks_a_hire_which_records_the_placement(client, world, engine):
    await _refer(client, world, [])
    csrf = await sign_in(client, "emp1")
    referral_id = await _referral_id(client)
    url = f"/employer/candidates/{referral_id}/status"
    bad = await client.post(url, data={"csrf_token": csrf, "status": "hired", "hourly_wage": "x"})
    assert bad.status_code == 400
    assert 'id="start_date-error"' in bad.text and 'id="hourly_wage-error"' in bad.text
    assert not await _rows(engine, select(Placement))
    done = await client.post(url, data={"csrf_token": csrf, **HIRE}, follow_redirects=False)
    assert done.status_code == 303
    (placement,) = await _rows(engine, select(Placement))
    assert placement.employer_id == world.employers["riverbend"]
    assert placement.posting_id == world.postings["forklift"]
    assert placement.hourly_wage == 18.5 and placement.offered_on == date(2026, 7, 10)
    assert placement.recorded_by == world.users["emp1"]
    checks = await _rows(engine, select(Checkpoint).where(Checkpoint.placement_id == placement.id))
    assert sorted(c.kind for c in checks) == ["180", "30", "90"]
    (referral,) = await _rows(engine, select(Referral))
    assert referral.status == "hired"
    page = await client.get(f"/employer/candidates/{referral_id}")
    assert "The hire" in page.text and "$18.50 an hour" in page.text
    twice = await client.post(url, data={"csrf_token": csrf, **HIRE})
    assert twice.status_code == 400 and "This hire is already recorded" in twice.text
    assert len(await _rows(engine, select(Placement))) == 1


async def test_employer_sees_incentive_deadlines_when_the_record_is_shared(client, world, session):
    await _released_in_march(session, world)
    await _refer(client, world, "record")
    csrf = await sign_in(client, "emp1")
    referral_id = await _referral_id(client)
    await client.post(
        f"/employer/candidates/{referral_id}/status", data={"csrf_token": csrf, **HIRE}
    )
    page = (await client.get(f"/employer/candidates/{referral_id}")).text
    incentives = page[page.index('id="incentives-h"') :]
    assert "WOTC: eligible, but the credit is in hiatus" in incentives
    assert "Form 8850 signed (on or before the job offer):" in incentives
    assert "Form 8850 sent to the state workforce agency (28 days after the start)" in incentives
    assert "2026-08-12" in incentives
    assert "Federal Bonding: a $5,000 bond from 2026-07-15 to 2027-01-14" in incentives
    assert "Ask the specialist" not in incentives


async def test_without_the_records_consent_the_employer_sees_a_neutral_line(
    client, world, session, engine
):
    await _released_in_march(session, world)
    # Ana shares her record with another employer, and only her address with this one.
    session.add(
        Consent(
            participant_id=world.participants["ana"],
            employer_id=world.employers["northside"],
            fields=["record"],
            purpose="Referral elsewhere",
            granted_at=datetime.now(UTC),
            expires_at=datetime.now(UTC) + timedelta(days=30),
        )
    )
    await session.commit()
    await _refer(client, world, "address")
    csrf = await sign_in(client, "emp1")
    referral_id = await _referral_id(client)
    await client.post(
        f"/employer/candidates/{referral_id}/status", data={"csrf_token": csrf, **HIRE}
    )
    page = (await client.get(f"/employer/candidates/{referral_id}")).text
    assert "The hire" in page
    assert "Ask the specialist about hiring incentives." in page
    for secret in ("WOTC", "8850", "Bonding", "$5,000", "felony", "Felony"):
        assert secret not in page, secret
    events = await _rows(engine, select(AuditEvent).where(AuditEvent.action == "hire_viewed"))
    assert events and events[-1].detail["incentives_shown"] is False
    # The specialist, on Ana's own page, still sees them in full.
    client.cookies.clear()
    await sign_in(client, "spec1")
    own = (await client.get(f"/participants/{world.participants['ana']}")).text
    assert "Form 8850" in own and "$5,000" in own


async def test_another_employer_sees_no_hire_and_no_incentives(client, world, session):
    await _released_in_march(session, world)
    await _refer(client, world, "record")
    csrf = await sign_in(client, "emp1")
    referral_id = await _referral_id(client)
    await client.post(
        f"/employer/candidates/{referral_id}/status", data={"csrf_token": csrf, **HIRE}
    )
    client.cookies.clear()
    csrf = await sign_in(client, "emp2")
    assert (await client.get(f"/employer/candidates/{referral_id}")).status_code == 404
    marked = await client.post(
        f"/employer/candidates/{referral_id}/status", data={"csrf_token": csrf, **HIRE}
    )
    assert marked.status_code == 404


async def test_a_saved_job_is_rematched_once_with_the_apps_runtime(
    client, world, engine, monkeypatch
):
    """Saving a job re-matches it once, under the re-match lease, with the app's own runtime:
    it used to run a second, unleased recompute with settings read from the environment."""
    import jobs.services.matching
    import jobs.services.refresh

    runs = []
    original = jobs.services.matching.refresh_matches

    async def counted(*args, **kwargs):
        runs.append(kwargs.get("posting_ids"))
        return await original(*args, **kwargs)

    monkeypatch.setattr(jobs.services.matching, "refresh_matches", counted)
    monkeypatch.setattr(jobs.services.refresh, "refresh_matches", counted)
    # The environment is not the app's configuration: a request must never read it.
    monkeypatch.setenv("JOBS_GTFS_PATH", "/nowhere/gtfs.zip")
    csrf = await sign_in(client, "emp1")
    done = await client.post(
        "/employer/jobs", data={**JOB, "csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    (posting,) = await _rows(engine, select(Posting).where(Posting.title == "Warehouse Associate"))
    assert runs == [[posting.id]]
    matched = await _rows(engine, select(Match).where(Match.posting_id == posting.id))
    assert len(matched) == len(world.participants)


async def test_participant_job_page_gives_steps_there_and_the_ways_home(client, world):
    await sign_in(client, "part1")
    page = (await client.get(f"/me/jobs/{world.postings['forklift']}")).text
    # Planned on the bundled Kansas City feed from Ana's home to the forklift job's site.
    assert "Leave home at" in page and "Arrive at" in page
    assert "Getting home" in page and "The first way home leaves at" in page
    # The last way home, against her curfew; times as the page's language writes them.
    assert "(before your curfew at 10:00\u202fPM)" in page
    assert "the job did not say; ask the employer" in page  # no shift stated: a day shift assumed
    assert '<figure class="trip-picture"><svg' in page


async def test_participant_can_take_back_interest_until_referred(client, world, engine):
    csrf = await sign_in(client, "part1")
    packer = world.postings["packer"]
    await client.post(f"/me/jobs/{packer}/interest", data={"csrf_token": csrf})
    page = (await client.get(f"/me/jobs/{packer}")).text
    assert "I&#39;m not interested any more" in page or "I'm not interested any more" in page
    undone = await client.post(
        f"/me/jobs/{packer}/interest/undo", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert undone.status_code == 303
    page = (await client.get(f"/me/jobs/{packer}")).text
    assert "You said you are interested." not in page
    again = await client.post(f"/me/jobs/{packer}/interest/undo", data={"csrf_token": csrf})
    assert again.status_code == 404


async def test_participant_sees_why_the_officer_must_agree(client, world):
    csrf = await sign_in(client, "part1")
    page = (await client.get(f"/me/jobs/{world.postings['packer']}")).text
    assert "Your officer must say yes first." in page
    # In the participant's words (by the reason's code), and in Spanish.
    assert "you need a travel permit from your officer before you start" in page
    await client.post("/account/language", data={"csrf_token": csrf, "language": "es"})
    page = (await client.get(f"/me/jobs/{world.postings['packer']}")).text
    assert "necesita un permiso de viaje de su oficial" in page


async def test_trip_steps_in_spanish(client, world):
    csrf = await sign_in(client, "part1")
    await client.post("/account/language", data={"csrf_token": csrf, "language": "es"})
    page = (await client.get(f"/me/jobs/{world.postings['forklift']}")).text
    assert "Salga de casa a las" in page and "Regreso a casa" in page
    assert "Salga del trabajo a las" in page  # not "Salga de el trabajo"
    assert re.search(r"Salga de casa a las \d{1,2}:\d\d\W?[ap]\.\W?m\.", page), "a.m./p.m."
    assert "Lunes, martes, miércoles, jueves, viernes" in page  # day names in lower case
    assert ".m.." not in page, "a time that ends a sentence is its own full stop"
    assert '<title id="t">El viaje a Forklift Operator</title>' in page  # the trip picture

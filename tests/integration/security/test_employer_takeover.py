"""Issue 20, High 1: an employer cannot take over another company's postings and referrals.

Synced postings link to an employer only through their source's employer or an alias an admin
confirmed, never to a pending employer; names are unique; an approved employer's new name waits
for an admin; a referral needs an approved employer; an employer closes only the jobs it posted.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from jobs.connectors.posting import Listing, PostingIn, with_hash
from jobs.services.sync import store_listing
from jobs.store import Employer, Posting, Referral, Source
from tests.integration.web.world import csrf_of, sign_in

pytestmark = pytest.mark.anyio


def _listing(*employers: str) -> Listing:
    return Listing(
        postings=[
            with_hash(PostingIn(source_job_id=f"b{n}", title=f"Picker {n}", employer=name))
            for n, name in enumerate(employers)
        ],
        complete=True,
    )


async def _board(session) -> Source:
    source = Source(name="a-job-board", kind="greenhouse", config={"board": "x"})
    session.add(source)
    await session.flush()
    return source


async def _links(session, source) -> dict[str, int | None]:
    rows = await session.execute(
        select(Posting.employer_name, Posting.employer_id).where(Posting.source_id == source.id)
    )
    return dict(rows.tuples().all())


async def test_a_company_name_alone_links_no_posting(session, world):
    source = await _board(session)
    await store_listing(
        session, source, _listing("Riverbend Logistics", "  riverbend LOGISTICS ", "Pending Co")
    )
    links = await _links(session, source)
    assert links == {
        "Riverbend Logistics": None,
        "  riverbend LOGISTICS ": None,
        "Pending Co": None,
    }


async def test_a_confirmed_alias_links_postings_but_never_to_a_pending_employer(session, world):
    from jobs.services.employer_names import confirm_alias

    source = await _board(session)
    await confirm_alias(session, None, world.employers["riverbend"], "Riverbend Logistics, Inc.")
    await confirm_alias(session, None, world.employers["pending"], "Pending Co")
    await store_listing(session, source, _listing("RIVERBEND  logistics", "Pending Co"))
    links = await _links(session, source)
    assert links == {"RIVERBEND  logistics": world.employers["riverbend"], "Pending Co": None}
    # The source's own employer wins, but only while that employer is approved.
    source.employer_id = world.employers["pending"]
    await store_listing(session, source, _listing("RIVERBEND  logistics", "Pending Co"))
    assert set((await _links(session, source)).values()) == {None}


async def test_registering_under_a_taken_name_is_refused(client, world, session):
    page = await client.get("/register")
    for company in ("  riverbend   LOGISTICS ", "Pending Co"):
        response = await client.post(
            "/register",
            data={
                "csrf_token": csrf_of(page.text),
                "company": company,
                "contact_name": "Mallory",
                "email": f"mallory{len(company)}@example.net",
                "website": "",
                "password": "a long enough passphrase for mallory",
            },
        )
        assert response.status_code == 400, company
        assert 'id="company-error"' in response.text
    names = list(await session.scalars(select(Employer.name)))
    assert sorted(names) == ["Northside Foods", "Pending Co", "Riverbend Logistics"]


async def test_an_approved_employers_new_name_waits_for_an_admin(client, world, session):
    csrf = await sign_in(client, "emp2")
    profile = {"csrf_token": csrf, "record_check": "not_stated"}
    taken = await client.post("/employer/profile", data={**profile, "name": "RiverBend Logistics"})
    assert taken.status_code == 400 and 'id="name-error"' in taken.text
    asked = await client.post(
        "/employer/profile", data={**profile, "name": "Northside Fresh"}, follow_redirects=False
    )
    assert asked.status_code == 303
    northside = await session.get(Employer, world.employers["northside"])
    assert northside.name == "Northside Foods" and northside.pending_name == "Northside Fresh"
    await session.rollback()
    assert "Northside Fresh is waiting" in (await client.get("/employer/profile")).text
    client.cookies.clear()
    csrf = await sign_in(client, "admin")
    admin = await client.get("/admin")
    assert "Northside Fresh" in admin.text
    done = await client.post(
        f"/admin/employers/{world.employers['northside']}/name",
        data={"csrf_token": csrf, "decision": "approve"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    session.expire_all()
    northside = await session.get(Employer, world.employers["northside"])
    assert northside.name == "Northside Fresh" and northside.pending_name is None


async def test_a_referral_needs_an_approved_employer(client, world, session):
    await session.execute(
        update(Posting)
        .where(Posting.id == world.postings["packer"])
        .values(employer_id=world.employers["pending"])
    )
    await session.commit()
    csrf = await sign_in(client, "spec1")
    response = await client.post(
        "/api/v1/referrals",
        json={
            "participant_id": world.participants["ana"],
            "match_id": world.matches["ana_packer"],
            "shared": ["record", "supervision"],
            "participant_agreed": True,
        },
        headers={"x-csrf-token": csrf},
    )
    assert response.status_code == 400, response.text
    assert list(await session.scalars(select(Referral))) == []


async def test_an_employer_closes_only_the_jobs_it_posted(client, world, session):
    source = await _board(session)
    synced = Posting(
        source_id=source.id,
        source_job_id="s1",
        employer_id=world.employers["riverbend"],
        employer_name="Riverbend Logistics",
        title="Synced Picker",
        content_hash="s1",
        status="open",
    )
    session.add(synced)
    await session.commit()
    synced_id = synced.id
    csrf = await sign_in(client, "emp1")
    refused = await client.post(f"/employer/jobs/{synced_id}/close", data={"csrf_token": csrf})
    assert refused.status_code == 404
    own = await client.post(
        f"/employer/jobs/{world.postings['forklift']}/close",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert own.status_code == 303
    session.expire_all()
    assert (await session.get(Posting, synced_id)).status == "open"
    assert (await session.get(Posting, world.postings["forklift"])).status == "closed"

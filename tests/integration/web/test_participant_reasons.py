"""A Spanish-speaking participant reads the to-do lines of a job in Spanish: the matcher keeps the
facts of a credential to get on the stored reason and the job page says them in the viewer's
language; a reason stored before the facts were kept still shows, in its English words."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from jobs.services.matching import match_participant
from jobs.store import Extraction, Match
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio
FOOD_CARD = {
    "id": "food_handler_card",
    "label": "food handler card",
    "text": "Food Handler Card",
    "required": True,
    "start": 0,
    "end": 17,
    "obtain": "after_hire",
    "obtain_by": "within 30 days of hire",
    "employer_pays": True,
}
DAY_SHIFT = {"label": "day", "start": "08:00", "end": "16:00", "days": ["mon", "tue", "wed"]}
SPANISH_LINE = (
    "Obtenga la tarjeta de manipulador de alimentos en un plazo de 30 días desde la contratación"
    " — unas 2 horas en línea, con un pequeño costo; el empleador lo paga"
)
ENGLISH_LINE = (
    "Get a Food Handler Card within 30 days of hire — about 2 hours online, a small fee;"
    " the employer pays"
)
OLD_LINE = (
    "Get a food handler card within 30 days of hire — about 2 hours online, a small fee;"
    " the employer pays"
)


def _to_dos(page: str) -> list[str]:
    found = re.search(r'<ul class="todos">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S) if found else []
    return [html.unescape(item).strip() for item in items]


async def _matched_with_a_card_to_get(engine, runtime, world) -> None:
    """The forklift job asks for a food handler card within 30 days of hire (the employer pays);
    Ana is matched again, as the worker would."""
    async with session_factory(engine)() as session:
        session.add(
            Extraction(
                posting_id=world.postings["forklift"],
                extractor_version="test",
                content_hash="j1",
                result={"shifts": [DAY_SHIFT], "skills": [], "credentials": [FOOD_CARD]},
            )
        )
        await session.commit()
        await match_participant(session, runtime, "T-1")
        await session.commit()
        match = await session.scalar(
            select(Match).where(
                Match.participant_id == world.participants["ana"],
                Match.posting_id == world.postings["forklift"],
            )
        )
    assert match is not None and match.tier != "excluded"
    (stored,) = [r for r in match.reasons or [] if r.get("code") == "credential_to_get"]
    assert stored["text"] == ENGLISH_LINE, "the English sentence of the API and CLI is kept"
    assert stored["params"]["when"] == "within" and stored["params"]["within"] == 30


async def _stored_before_facts(engine, world) -> None:
    """The packer match as a row written before reasons kept their facts."""
    async with session_factory(engine)() as session:
        match = await session.get(Match, world.matches["ana_packer"])
        assert match is not None
        match.tier = "needs_approval"
        match.reasons = [
            {
                "code": "travel_permit_state",
                "tier": "needs_approval",
                "text": "Job is in Kansas: needs a travel permit before the start date",
            },
            {
                "code": "credential_to_get",
                "tier": "eligible",
                "text": OLD_LINE,
                "source": "posting requirement",
                "kind": "todo",
            },
        ]
        await session.commit()


async def test_a_spanish_speaking_participant_reads_the_to_do_in_spanish(
    client, world, engine, runtime
):
    await _matched_with_a_card_to_get(engine, runtime, world)
    client.headers["Accept-Language"] = "es-US,es;q=0.9"
    await sign_in(client, "part1")
    page = await client.get(f"/me/jobs/{world.postings['forklift']}")
    assert page.status_code == 200 and 'lang="es"' in page.text
    assert "Lo que debe obtener para este trabajo" in page.text
    assert _to_dos(page.text) == [SPANISH_LINE]
    # A match stored before reasons kept their facts: its to-do still shows, as it was written.
    await _stored_before_facts(engine, world)
    older = await client.get(f"/me/jobs/{world.postings['packer']}")
    assert older.status_code == 200
    assert _to_dos(older.text) == [OLD_LINE]
    assert "necesita un permiso de viaje de su oficial" in html.unescape(older.text)


async def test_an_english_speaking_participant_reads_the_matchers_sentence(
    client, world, engine, runtime
):
    await _matched_with_a_card_to_get(engine, runtime, world)
    client.headers["Accept-Language"] = "en-US"
    await sign_in(client, "part1")
    page = await client.get(f"/me/jobs/{world.postings['forklift']}")
    assert page.status_code == 200 and 'lang="en"' in page.text
    assert _to_dos(page.text) == [ENGLISH_LINE]

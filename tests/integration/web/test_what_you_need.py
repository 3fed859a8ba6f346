"""A job's "What you need", read by a participant: in Spanish, the driver's license and the
credentials and skills we have Spanish names for are said in Spanish, and the posting's own
words stay as posted, quoted as the employer's; in English nothing changes."""

from __future__ import annotations

import html
import re

import pytest

from jobs.store import Extraction
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio

READING = {
    "entry_level": False,
    "drivers_license": "required",
    "credentials": [
        {"id": "food_handler_card", "label": "food handler card", "text": "", "required": True},
        {
            "id": "kansas_cna",
            "label": "Active Kansas CNA certification",
            "text": "",
            "required": True,
        },
        {"id": None, "label": "Acme Safe Lifting Card", "text": "", "required": True},
        {"id": "osha_30", "label": "osha 30", "text": "", "required": False},
    ],
    "skills": [
        {"id": "pallet_jack_operation", "label": "pallet jack operation", "required": True},
        {"id": None, "label": "rotating product", "required": True},
        {"id": "cash_handling", "label": "cash handling", "required": False},
    ],
}


def _needs(page: str) -> str:
    found = re.search(r"<dd>([^<]*)</dd>\s*</dl>", page)
    assert found, "the facts end with what the job needs"
    return html.unescape(found.group(1))


async def _reading(engine, world) -> int:
    posting = world.postings["forklift"]
    async with session_factory(engine)() as session:
        session.add(
            Extraction(
                posting_id=posting,
                extractor_version="test",
                content_hash="need1",
                result=READING,
            )
        )
        await session.commit()
    return posting


async def test_what_you_need_in_spanish_names_what_we_can_and_quotes_the_posting(
    client, world, engine
):
    posting = await _reading(engine, world)
    client.headers["Accept-Language"] = "es"
    await sign_in(client, "part1")
    needs = _needs((await client.get(f"/me/jobs/{posting}")).text)
    assert needs == (
        "tarjeta de manipulador de alimentos, certificación de asistente de enfermería (CNA) de"
        " Kansas, «Acme Safe Lifting Card», manejo de transpaleta, «rotating product»,"
        " licencia de conducir"
    )


async def test_what_you_need_in_english_is_as_before(client, world, engine):
    posting = await _reading(engine, world)
    client.headers["Accept-Language"] = "en"
    await sign_in(client, "part1")
    needs = _needs((await client.get(f"/me/jobs/{posting}")).text)
    assert needs == (
        "food handler card, Active Kansas CNA certification, Acme Safe Lifting Card,"
        " pallet jack operation, rotating product, driver's license"
    )

"""Every page a participant reaches, rendered in Spanish: no English message, day name, stored
code, ISO date or "posting N" shows through; the browser's language decides until the person
chooses one."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po

from jobs.store import Extraction
from jobs.store.engine import session_factory
from jobs.web.i18n import TRANSLATIONS
from tests.integration.web.world import csrf_of, sign_in

pytestmark = pytest.mark.anyio
SHIFT = {"label": "day", "start": "06:00", "end": "14:30", "days": ["mon", "tue", "sat"]}
ENGLISH_DAYS = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|mon|tue|wed|thu|fri|sat|sun)\b"
)
CODES = re.compile(
    r"\b(needs_approval|eligible|interviewing|referred|drug_possession|missouri_pp|day shift)\b"
)


def _visible(page: str) -> str:
    """The text a person reads (tags, styles and attribute values left out)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _english_messages() -> list[str]:
    with (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        spanish = read_po(handle, locale="es")
    found = []
    for message in spanish:
        if not message.id or isinstance(message.id, tuple):
            continue
        if message.string and message.string != message.id and len(message.id) > 14:
            found.append(re.sub(r"%\(\w+\)s", "", message.id).strip())
    return [m for m in found if len(m) > 14 and "%" not in m]


async def _shifts_and_a_referral(engine, world, client) -> None:
    async with session_factory(engine)() as session:
        session.add(
            Extraction(
                posting_id=world.postings["forklift"],
                extractor_version="test",
                content_hash="j1",
                result={"shifts": [SHIFT], "skills": [], "credentials": []},
            )
        )
        await session.commit()
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    refer = await client.post(
        f"/participants/{pid}/matches/{mid}/refer",
        data={"csrf_token": csrf, "shared": ["address"], "agreed": "1"},
        follow_redirects=False,
    )
    assert refer.status_code == 303
    client.cookies.clear()


async def test_participant_pages_in_spanish_show_no_english(client, world, engine):
    await _shifts_and_a_referral(engine, world, client)
    client.headers["Accept-Language"] = "es-US,es;q=0.9,en;q=0.5"
    await sign_in(client, "part1")
    english = _english_messages()
    assert len(english) > 60
    posting = world.postings["forklift"]
    packer = world.postings["packer"]  # needs approval, with a credential to get
    pages = [
        "/me/jobs",
        f"/me/jobs/{posting}",
        f"/me/jobs/{packer}",
        "/me/profile",
        "/me/consents",
        "/account",
    ]
    texts = {}
    for path in pages:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert 'lang="es"' in response.text, f"{path}: the browser's Spanish decides"
        text = _visible(response.text)
        texts[path] = text
        leaks = [m for m in english if m in text]
        assert not leaks, f"{path}: English shows through: {leaks[:3]}"
        assert not ENGLISH_DAYS.findall(text), f"{path}: {ENGLISH_DAYS.findall(text)}"
        assert not CODES.findall(text), f"{path}: {CODES.findall(text)}"
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), f"{path}: an ISO date"
        assert not re.search(r"\bposting \d+", text), f"{path}: our jargon"
    job = texts[f"/me/jobs/{posting}"].replace("\u202f", " ").replace("\xa0", " ")
    assert "6:00 a.m. – 2:30 p.m. (lunes, martes, sábado)" in job
    assert (
        "Obtenga la tarjeta de manipulador de alimentos en un plazo de 30 días desde la"
        " contratación — unas 2 horas en línea, con un pequeño costo; el empleador lo paga"
        in texts[f"/me/jobs/{packer}"]
    )
    consents = texts["/me/consents"]
    assert "Recomendación para el empleo Forklift Operator" in consents
    assert re.search(r"\d{1,2} de [a-z]+ de \d{4}", consents), "dates written out in Spanish"


async def test_a_chosen_language_wins_over_the_browser(client, world):
    client.headers["Accept-Language"] = "es"
    csrf = await sign_in(client, "part1")
    assert 'lang="es"' in (await client.get("/me/jobs")).text
    await client.post(
        "/account/language",
        data={"csrf_token": csrf, "language": "en", "next": "/me/jobs"},
        follow_redirects=False,
    )
    client.cookies.delete("jobs_lang")  # another browser of the same person
    assert 'lang="en"' in (await client.get("/me/jobs")).text


async def test_errors_in_spanish_say_so(client, world):
    client.headers["Accept-Language"] = "es"
    await sign_in(client, "part1")
    missing = await client.get("/me/jobs/999999")
    assert missing.status_code == 404
    assert "Algo no está bien" in missing.text and "Volver al inicio" in missing.text
    assert "Los detalles de abajo están en inglés" in missing.text
    login = await client.get("/login")
    assert csrf_of(login.text)


async def test_a_credential_some_positions_need_is_a_question_on_the_job_page(
    client, world, engine
):
    from jobs.store import Match

    check = {
        "code": "credential_some_positions",
        "tier": "eligible",
        "text": "Some positions need Backflow Tester certificate; ask which",
        "source": "posting requirement",
        "kind": "check",
        "params": {"credentials": ["Backflow Tester certificate"]},
    }
    async with session_factory(engine)() as session:
        match = await session.get(Match, world.matches["ana_forklift"])
        assert match is not None
        match.reasons = [*match.reasons, check]
        await session.commit()
    await sign_in(client, "part1")
    page = f"/me/jobs/{world.postings['forklift']}"
    client.headers["Accept-Language"] = "es"
    spanish = _visible((await client.get(page)).text)
    assert "Pregunte antes de postularse" in spanish
    assert "Algunos puestos piden «Backflow Tester certificate»; pregunte cuáles" in spanish
    client.headers["Accept-Language"] = "en"
    client.cookies.delete("jobs_lang")
    english = _visible((await client.get(page)).text)
    assert "Some positions need Backflow Tester certificate; ask which" in english

"""Reaching people, in Chromium: a participant invited by their specialist signs in in Spanish on
a 390 px phone; an employer asks for an interview that the specialist then sees."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.browser.conftest import no_sideways_scroll, shot, sign_in

pytestmark = pytest.mark.browser
LIVE_SERVER_ENV = {"JOBS_HELP_PHONE": "816-555-0100"}
PASSPHRASE = "purple tractor sings over quiet rivers"


def test_participant_signs_in_in_spanish_on_a_phone(live_server, desktop, browser):
    base, world = live_server.url, live_server.world
    sign_in(desktop, base, "spec1")
    desktop.goto(f"{base}/participants/{world.participants['ana']}")
    desktop.get_by_role("link", name="Manage the login").click()
    desktop.get_by_role("button", name="Send a new invitation").click()
    desktop.wait_for_load_state()
    link = desktop.locator("#invitation code").inner_text()
    assert re.fullmatch(rf"{re.escape(base)}/login/link/[A-Za-z0-9_-]+", link)
    shot(desktop, "desktop-participant-login")

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="es-US"
    )
    phone = context.new_page()
    try:
        phone.goto(f"{base}/login")
        assert phone.get_by_role("heading", name="Iniciar sesión").is_visible()
        assert phone.get_by_role("link", name="816-555-0100").is_visible()
        phone.get_by_role("link", name="¿Olvidó su contraseña?").click()
        phone.get_by_label("Correo electrónico").fill("someone@example.org")
        phone.get_by_role("button", name="Envíenme un enlace").click()
        phone.wait_for_load_state()
        assert "Si una cuenta usa ese correo electrónico" in phone.content()
        no_sideways_scroll(phone)
        shot(phone, "phone-forgot-es")

        phone.goto(link)
        assert phone.get_by_role("heading", name="Elija su contraseña").is_visible()
        phone.get_by_label("Contraseña nueva", exact=True).fill("short")
        phone.get_by_label("Repita la contraseña nueva").fill("short")
        phone.get_by_role("button", name="Guardar mi contraseña").click()
        phone.wait_for_load_state()
        assert "Use al menos 15 caracteres." in phone.content()
        no_sideways_scroll(phone)
        phone.get_by_label("Contraseña nueva", exact=True).fill(PASSPHRASE)
        phone.get_by_label("Repita la contraseña nueva").fill(PASSPHRASE)
        phone.get_by_role("button", name="Guardar mi contraseña").click()
        phone.wait_for_load_state()
        assert "Su contraseña está guardada." in phone.content()

        phone.get_by_label("Correo electrónico").fill("part1@example.org")
        phone.get_by_label("Contraseña", exact=True).fill(PASSPHRASE)
        phone.get_by_role("button", name="Iniciar sesión").click()
        phone.wait_for_load_state()
        assert phone.url.endswith("/me/jobs")
        assert phone.get_by_role("heading", name="Mis empleos").is_visible()
        no_sideways_scroll(phone)
        shot(phone, "phone-my-jobs-es-after-invitation")
        phone.goto(f"{base}/me/consents")
        assert phone.get_by_role("heading", name="Lo que comparto").is_visible()
        phone.goto(link)
        assert phone.get_by_role("heading", name="Este enlace ya no funciona").is_visible()
    finally:
        context.close()


def test_employer_requests_an_interview_the_specialist_sees(live_server, desktop):
    base, world = live_server.url, live_server.world
    page = desktop
    sign_in(page, base, "spec1")
    page.goto(f"{base}/account/phone")
    page.get_by_label("Phone").fill("816-555-0142")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{base}/participants/{world.participants['ana']}/matches")
    page.locator(f"#row-{world.matches['ana_forklift']} > summary").click()  # the card on demand
    page.locator(f"#match-{world.matches['ana_forklift']}").get_by_role(
        "link", name="Refer for Forklift Operator"
    ).click()
    page.get_by_role("checkbox", name="Ana Tester agreed").check()
    page.get_by_role("button", name="Refer").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "emp1")
    page.get_by_role("link", name="Ana Tester").click()
    page.wait_for_load_state()
    assert page.locator("#contact-name").inner_text() == "spec1"
    assert page.get_by_role("link", name="(816) 555-0142").is_visible()
    assert page.get_by_role("link", name="spec1@example.org").is_visible()
    assert re.search(
        r"Referred for Forklift Operator on [A-Z][a-z]+ \d{1,2}, \d{4}", page.inner_text("main")
    )
    day = date.today() + timedelta(days=5)
    page.get_by_label("First choice of date and time").fill(f"{day}T10:30")
    page.get_by_label("Note for the specialist (optional)").fill("Ask for Dana at the dock office.")
    shot(page, "desktop-employer-interview-request")
    page.get_by_role("button", name="Send the interview request").click()
    page.wait_for_load_state()
    assert "Your interview request is sent to the specialist." in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "spec1")
    page.goto(f"{base}/participants/{world.participants['ana']}")
    requests = page.locator(".interview-requests")
    assert requests.get_by_role("heading", name="Interview requests").is_visible()
    text = requests.inner_text().replace("\u202f", " ")
    assert "Riverbend Logistics" in text and "Ask for Dana at the dock office." in text
    assert day.strftime("%B") in text and "10:30 AM" in text
    shot(page, "desktop-specialist-sees-interview-request")


def test_reach_pages_pass_axe(live_server, desktop, phone):
    from tests.browser.test_accessibility import blocking_violations, visit

    base, world = live_server.url, live_server.world
    found = visit(phone, f"{base}/login/forgot", "forgot password (phone)")
    phone.get_by_label("Email").fill("nobody@example.org")
    phone.get_by_role("button", name="Send me a link").click()
    found += blocking_violations(phone, "forgot password sent (phone)")
    sign_in(desktop, base, "spec1")
    ana = world.participants["ana"]
    found += visit(desktop, f"{base}/participants/{ana}/login", "participant login")
    found += visit(desktop, f"{base}/account/phone", "staff phone")
    desktop.goto(f"{base}/participants/{ana}/login")
    desktop.get_by_role("button", name="Send a new invitation").click()
    desktop.wait_for_load_state()
    link = desktop.locator("#invitation code").inner_text()
    found += visit(phone, link, "choose a password (phone)")
    assert not found, "\n".join(found)

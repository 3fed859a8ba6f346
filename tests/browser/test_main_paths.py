"""Each role's main path in Chromium: specialist, employer, participant on a phone in Spanish."""

from __future__ import annotations

import pytest

from tests.browser.conftest import no_sideways_scroll, shot, sign_in

pytestmark = pytest.mark.browser


def test_specialist_reviews_dismisses_prints_and_refers(live_server, desktop):
    base, world = live_server.url, live_server.world
    page = desktop
    sign_in(page, base, "spec1")
    assert page.get_by_role("heading", name="Caseload").is_visible()
    shot(page, "desktop-caseload")
    page.get_by_role("link", name="Matches for Ana Tester").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Eligible").is_visible()
    shot(page, "desktop-matches")
    page.locator(f"#row-{world.matches['ana_loader']} > summary").click()  # the card on demand
    card = page.locator(f"#match-{world.matches['ana_loader']}")
    card.get_by_text("Dismiss or record progress").click()
    card.get_by_label("Reason for dismissing").fill("Bus too rare at night")
    card.get_by_role("button", name="Dismiss").click()
    page.wait_for_load_state()
    assert "Done: dismiss" in page.content()
    assert page.locator(f"#match-{world.matches['ana_loader']}").count() == 0
    page.locator(f"#row-{world.matches['ana_packer']} > summary").click()
    packer = page.locator(f"#match-{world.matches['ana_packer']}")
    packer.get_by_role("link", name="Officer packet for Packer").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Request for approval of employment").is_visible()
    assert "travel permit" in page.content()
    shot(page, "desktop-packet")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible(), "the print view hides the navigation"
    page.emulate_media(media="screen")
    page.go_back()
    page.locator(f"#row-{world.matches['ana_forklift']} > summary").click()
    page.locator(f"#match-{world.matches['ana_forklift']}").get_by_role(
        "link", name="Refer for Forklift Operator"
    ).click()
    page.get_by_label("Home address").check()
    page.get_by_role("checkbox", name="Ana Tester agreed").check()
    page.get_by_role("button", name="Refer").click()
    page.wait_for_load_state()
    assert "referral: referred" in page.content()


def test_employer_posts_a_job_that_reaches_a_participant(live_server, desktop, browser):
    base = live_server.url
    page = desktop
    sign_in(page, base, "emp1")
    page.get_by_role("link", name="Post a job").first.click()
    page.get_by_label("Job title").fill("Shipping Clerk")
    page.get_by_label("Street address").fill("1 Front St")
    page.get_by_label("ZIP code").fill("64120")
    page.get_by_label("Starts").fill("08:00")
    page.get_by_label("Ends").fill("16:30")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(day).check()
    page.get_by_label("From ($)").fill("17")
    page.get_by_label("To ($)").fill("19")
    page.get_by_label("What the job needs").fill("forklift operation")
    page.get_by_label("Description").fill("Pack and ship orders in a warehouse. Fair chance.")
    shot(page, "desktop-employer-job-form")
    page.get_by_role("button", name="Post the job").click()
    page.wait_for_load_state()
    assert page.get_by_role("row", name="Shipping Clerk").count() >= 1
    shot(page, "desktop-employer-home")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    sign_in(phone, base, "part1")
    phone.goto(f"{base}/me/jobs")
    assert "Shipping Clerk" in phone.content(), "the new job is among the participant's matches"
    context.close()


def test_participant_on_a_phone_says_interested_in_spanish(live_server, phone):
    base = live_server.url
    page = phone
    sign_in(page, base, "part1")
    assert page.url.endswith("/me/jobs")
    no_sideways_scroll(page)
    shot(page, "phone-my-jobs-en")
    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Mis empleos").is_visible()
    button = page.get_by_role("button", name="Me interesa").first
    box = button.bounding_box()
    assert box and box["height"] >= 44, "touch targets are large"
    button.click()
    page.wait_for_load_state()
    assert "Usted dijo que le interesa." in page.content()
    no_sideways_scroll(page)
    shot(page, "phone-job-es")
    page.goto(f"{base}/me/jobs")
    assert "Su oficial tiene que aprobarlo primero." in page.content()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "contenido principal" in focused, "the first Tab reaches the skip link"


def test_participant_on_a_phone_follows_a_job_s_trip_steps_in_spanish(live_server, phone):
    base, world = live_server.url, live_server.world
    page = phone
    sign_in(page, base, "part1")
    spanish = page.get_by_role("button", name="Español")
    if spanish.count():  # another test may have chosen Spanish for this account already
        spanish.click()
        page.wait_for_load_state()
    page.goto(f"{base}/me/jobs/{world.postings['forklift']}")
    assert page.get_by_role("heading", name="Regreso a casa").first.is_visible()
    steps = page.locator("section.trip ol.steps").first
    assert steps.locator("li").first.inner_text().startswith("Salga de casa a las")
    assert "Llega a las" in steps.inner_text()
    assert page.locator("figure.trip-picture svg").is_visible()
    page.get_by_text("Pasos para volver a casa").first.click()
    assert "Camine" in page.locator("section.trip details ol.steps").first.inner_text()
    no_sideways_scroll(page)
    shot(page, "phone-trip-es")
    # A job that needs the officer's approval says why, in the person's words and language.
    page.goto(f"{base}/me/jobs/{world.postings['packer']}")
    assert "necesita un permiso de viaje de su oficial" in page.locator("div.flag").inner_text()
    to_do = page.locator("ul.todos li").first.inner_text()
    assert to_do.startswith("Obtenga la tarjeta de manipulador de alimentos en un plazo"), to_do

"""Issue 20, Low 10: the "Go back" link and the redirect after confirming who you are stay on
this site, whatever ``next`` says (Chromium drops tabs and newlines from a URL, so
``/\t/evil.example/x`` would otherwise be a link to evil.example)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

TRICKS = [
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\n/evil.example/x",
    "/ /evil.example/x",
    "/\\evil.example/x",
    "//evil.example/x",
    "/\x00/evil.example",
    "https://evil.example/",
]


@pytest.mark.parametrize("trick", TRICKS)
def test_go_back_never_leaves_the_site(live_server, desktop, trick):
    base = live_server.url
    sign_in(desktop, base, "emp1")
    desktop.goto(f"{base}/reauth?next={quote(trick, safe='')}")
    link = desktop.get_by_role("link", name="Go back")
    resolved = link.evaluate("a => a.href")
    assert urlsplit(resolved).netloc == urlsplit(base).netloc, resolved
    desktop.get_by_label("Password").fill("amber lantern orchard drift")
    desktop.get_by_role("button", name="Confirm").click()
    desktop.wait_for_load_state()
    assert urlsplit(desktop.url).netloc == urlsplit(base).netloc, desktop.url

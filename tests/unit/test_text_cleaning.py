"""The one text cleaner: HTML sanitised for showing, HTML as text, mis-encoded text repaired."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.posting_text import prepare_text
from jobs.text_cleaning import (
    clean_text,
    html_to_text,
    looks_like_html,
    repair_mojibake,
    sanitise_html,
    text_or_none,
)

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="steal()" onmouseover="steal()">x</div>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle/></svg>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=ssn></form>',
]


def dangerous(markup: str) -> bool:
    return bool(
        re.search(
            r"<script|<style|<iframe|<svg|<object|<embed|<form|<input|<img|"
            r"\son\w+\s*=|javascript:|style\s*=",
            markup,
            re.I,
        )
    )


@pytest.mark.parametrize("attack", ATTACKS)
def test_sanitised_html_has_no_scripts_handlers_styles_or_javascript_links(attack):
    assert not dangerous(sanitise_html(f"<p>Job</p>{attack}<p>More</p>"))


@given(
    st.lists(
        st.sampled_from([*ATTACKS, "<p>", "</p>", "text", "<b>", "&amp;", "<li>"]), max_size=12
    )
)
def test_any_mix_of_attacks_is_sanitised(pieces):
    assert not dangerous(sanitise_html("".join(pieces)))


def test_safe_markup_and_links_survive():
    clean = sanitise_html(
        '<h2>Duties</h2><ul><li>Lift 50 lbs</li></ul><a href="https://a.example">a</a>'
    )
    assert "<h2>Duties</h2><ul><li>Lift 50 lbs</li></ul>" in clean
    assert 'href="https://a.example"' in clean


def test_html_to_text_keeps_lines_and_bullets():
    text = html_to_text("<p>Warehouse&nbsp;job</p><ul><li>Forklift</li><li>Pallet jack</li></ul>")
    assert text == "Warehouse job\n• Forklift\n• Pallet jack"


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<h3>Pay</h3><p>$18 &amp; tips<br>nights</p>", "Pay\n$18 & tips\nnights"),
        ("<p>Lift <b>50</b> lbs</p><script>steal()</script><style>p{}</style>", "Lift 50 lbs"),
        ('<p title="a > b">Dock work</p><!-- <p>hidden</p> -->', "Dock work"),
        ("<template><p>not shown</p></template><div>Shown</div>", "Shown"),
        ("<![CDATA[<p>Assemble units.</p>]]>", "Assemble units."),
        ("Line one\nLine  two <br/> three", "Line one\nLine two\nthree"),
        ("<ul><li></li><li>Only item</li></ul>", "• Only item"),
        ("Lift &lt;50 lbs&gt;", "Lift <50 lbs>"),
        ("", ""),
    ],
)
def test_html_to_text(markup, text):
    assert html_to_text(markup) == text


def test_clean_text_collapses_every_kind_of_space():
    assert clean_text("  Kansas\u00a0City,\t\u2009MO \n") == "Kansas City, MO"
    assert clean_text(None) == "" and text_or_none("  ") is None


def test_html_is_recognised_also_when_escaped_once_more():
    assert looks_like_html("<p>Cook</p>") and looks_like_html("&lt;p&gt;Cook&lt;/p&gt;")
    assert not looks_like_html("Lift <50 lbs, 3 < 4")
    assert prepare_text("&lt;p&gt;Cook &amp;amp; prep&lt;/p&gt;").text == "Cook & prep"


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Weâ€™re hiring", "We’re hiring"),
        ("cafÃ© â€“ nights", "café – nights"),
        ("café – fine", "café – fine"),
        ("Ã", "Ã"),
        # Issue 14: correct UTF-8 beside mojibake in one string is repaired too.
        ("Café crew: weâ€™re hiring", "Café crew: we’re hiring"),
        (
            "“Fair chance” employer â€” naïve résumés welcome",
            "“Fair chance” employer — naïve résumés welcome",
        ),
    ],
)
def test_mojibake_is_repaired_and_good_text_left_alone(broken, fixed):
    assert repair_mojibake(broken) == fixed


# Mojibake of UTF-8 starts with a lead byte read as Â..ô; C1 control characters are cp1252
# punctuation that lost its way, which ftfy restores. Text with neither is never touched.
_NEVER_BROKEN = re.compile("[\u00c2-\u00f4\u0080-\u009f]")


@given(st.text(max_size=40))
def test_repairing_text_that_was_never_broken_changes_nothing(text):
    if not _NEVER_BROKEN.search(text):
        assert repair_mojibake(text) == text


def test_posting_text_says_what_it_repaired_and_stripped():
    cleaned = prepare_text("<p>Café crew: weâ€™re hiring</p>")
    assert cleaned.text == "Café crew: we’re hiring"
    assert cleaned.notes == [
        "repaired mis-encoded characters (UTF-8 read as another encoding)",
        "stripped HTML markup",
    ]

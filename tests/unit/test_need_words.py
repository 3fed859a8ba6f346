"""The "What you need" words: on a Spanish page nothing stays bare English — what our code
names is translated, a known skill is said in Spanish, and the posting's own words are quoted as
the employer's; on an English page every need reads as before."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.services.review import DRIVERS_LICENSE, Need
from jobs.skills.labels import labels
from jobs.web.i18n import translations
from jobs.web.need_words import NeedWords

SPANISH = NeedWords("es", translations("es"))
ENGLISH = NeedWords("en", translations("en"))
KNOWN = sorted(labels("es"))
needs = st.builds(
    Need,
    label=st.text(min_size=1, max_size=40),
    id=st.one_of(st.none(), st.sampled_from(KNOWN), st.just("not_in_the_table")),
    what=st.sampled_from(["credential", "skill", "drivers_license"]),
)


@given(needs)
def test_a_spanish_page_says_each_need_in_spanish_or_quotes_the_posting(need):
    said = SPANISH.need(need)
    if need.what == "drivers_license":
        assert said == "licencia de conducir"
    elif need.id in labels("es"):
        assert said == labels("es")[need.id]
    else:
        assert said == f"«{need.label}»"


@given(needs)
def test_an_english_page_says_each_need_as_before(need):
    said = ENGLISH.need(need)
    assert said == (DRIVERS_LICENSE if need.what == "drivers_license" else need.label)


@given(st.lists(needs, max_size=10))
def test_each_need_is_said_once(items):
    said = SPANISH.needs(items)
    assert len(said) == len(set(said))
    assert set(said) == {SPANISH.need(n) for n in items if n.label}

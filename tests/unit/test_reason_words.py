"""The reasons a participant reads on their own pages, in English and in Spanish: to-do lines from
the facts the matcher keeps on them, approval lines from their codes; a stored reason without
facts shows its English sentence."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import msgspec
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching.condition_rules import to_do
from jobs.matching.credential_effort import CREDENTIAL_EFFORT
from jobs.matching.inputs import CredentialAsked
from jobs.matching.reasons import Reason, ReasonParams
from jobs.skills.labels import name_in_sentence
from jobs.skills.obtain import _BY
from jobs.skills.taxonomy import load_taxonomy
from jobs.web.i18n import TRANSLATIONS, translations
from jobs.web.reason_words import APPROVAL_WORDS, EFFORT_WORDS, SOME_APPROVAL, ReasonWords

ROOT = Path(__file__).resolve().parents[2]
MATCHING = ROOT / "src" / "jobs" / "matching"
SPANISH = ReasonWords("es", translations("es"))
ENGLISH = ReasonWords("en", translations("en"))


def _stored(reason: Reason) -> dict[str, object]:
    """A reason as the match row keeps it (JSON)."""
    return msgspec.json.decode(msgspec.json.encode(reason))


def _emitted() -> set[tuple[str, str, str]]:
    """(code, tier, kind) of every reason the matcher writes with a literal code."""
    found = set()
    for path in MATCHING.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Reason"):
                continue
            values = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            keywords = {k.arg: getattr(k.value, "value", None) for k in node.keywords}
            code, tier = [*values, None, None][:2]
            kind = keywords.get("kind") or (values[4] if len(values) > 4 else "bar")
            if isinstance(code, str) and isinstance(tier, str):
                found.add((code, tier, str(kind)))
    return found


def test_the_scan_finds_the_matchers_reasons():
    emitted = _emitted()
    assert len(emitted) > 60
    assert ("credential_to_get", "eligible", "todo") in emitted
    assert ("curfew_exception", "needs_approval", "bar") in emitted


def test_every_reason_that_needs_the_officer_has_participant_words_in_both_languages():
    codes = {code for code, tier, _ in _emitted() if tier == "needs_approval"}
    assert codes <= set(APPROVAL_WORDS), f"no participant words for {codes - set(APPROVAL_WORDS)}"
    for code in codes:
        english = ENGLISH.approval({"code": code, "text": "the specialist's sentence"})
        spanish = SPANISH.approval({"code": code, "text": "the specialist's sentence"})
        assert english == APPROVAL_WORDS[code]
        assert spanish and spanish != english, code


def test_an_approval_reason_without_words_says_so_in_spanish_and_as_written_in_english():
    reason = {"code": "some_new_rule", "text": "Job needs a new kind of approval"}
    assert ENGLISH.approval(reason) == "Job needs a new kind of approval"
    assert SPANISH.approval(reason) == (
        "Su especialista le dirá por qué su oficial tiene que aprobarlo."
    )
    assert ENGLISH.approval({"code": "some_new_rule"}) == SOME_APPROVAL


def test_only_credentials_to_get_are_to_dos():
    assert {code for code, _, kind in _emitted() if kind == "todo"} == {"credential_to_get"}


FOOD = {"id": "food_handler_card", "label": "food handler card", "text": "food handler card"}


@pytest.mark.parametrize(
    ("asked", "spanish"),
    [
        (
            {**FOOD, "obtain": "after_hire", "obtain_by": "within 30 days of hire",
             "employer_pays": True},
            "Obtenga la tarjeta de manipulador de alimentos en un plazo de 30 días desde la"
            " contratación — unas 2 horas en línea, con un pequeño costo; el empleador lo paga",
        ),
        (
            {"id": "osha_10", "label": "osha 10", "text": "OSHA 10"},
            "Obtenga el curso OSHA 10 antes de postularse — 10 horas de clase, presencial o en"
            " línea, unos 2 días",
        ),
        (
            {"id": "forklift_certification", "label": "forklift certification",
             "text": "Forklift certification", "obtain": "after_hire",
             "obtain_by": "in your first week", "employer_trains": True},
            "Obtenga la certificación de montacargas en un plazo de 1 semana desde la"
            " contratación — unas horas de capacitación y una prueba de manejo; el empleador le"
            " da la capacitación",
        ),
        (
            {**FOOD, "obtain": "after_hire", "obtain_by": "within one month"},
            "Obtenga la tarjeta de manipulador de alimentos en un plazo de 1 mes desde la"
            " contratación — unas 2 horas en línea, con un pequeño costo",
        ),
        (
            {**FOOD, "obtain": "after_hire", "obtain_by": "during paid orientation",
             "employer_pays": True, "employer_trains": True},
            "Obtenga la tarjeta de manipulador de alimentos durante la orientación — unas 2 horas"
            " en línea, con un pequeño costo; el empleador lo paga",
        ),
        (
            {"label": "cdl class b", "id": "cdl_class_b", "text": "Class B license",
             "obtain": "after_hire", "obtain_by": "by the end of the probationary period"},
            "Obtenga la licencia comercial CDL clase B antes de que termine el periodo de prueba"
            " del nuevo trabajo — una licencia estatal: de semanas a meses, con verificaciones",
        ),
        (
            {"label": "cdl class b", "id": "cdl_class_b", "text": "Class B license",
             "obtain": "after_hire", "obtain_by": "within two years of appointment"},
            "Obtenga la licencia comercial CDL clase B en un plazo de 2 años desde la contratación"
            " — una licencia estatal: de semanas a meses, con verificaciones",
        ),
        (
            {"label": "warehouse safety badge", "text": "safety badge", "obtain": "after_hire",
             "obtain_by": "upon hire"},
            "Obtenga «safety badge» después de la contratación",
        ),
        (
            {"label": "cdl class a", "id": "cdl_class_a", "text": "CDL-A",
             "obtain": "after_hire", "obtain_by": "before your second paycheck"},
            "Obtenga la licencia comercial CDL clase A en el plazo que indica el anuncio («before"
            " your second paycheck»)"
            " — una licencia estatal: de semanas a meses, con verificaciones",
        ),
    ],
)  # fmt: skip
def test_a_credential_to_get_reads_in_spanish_and_stays_as_the_matcher_wrote_it_in_english(
    asked, spanish
):
    reason = to_do(msgspec.convert(asked, CredentialAsked))
    assert reason is not None
    stored = _stored(reason)
    assert SPANISH.to_do(stored) == spanish
    assert ENGLISH.to_do(stored) == reason.text
    assert stored["text"] == reason.text and stored["code"] == "credential_to_get"


def test_a_credential_for_some_positions_reads_as_a_question_in_both_languages():
    from jobs.matching.condition_rules import some_positions
    from tests.unit.matching.builders import person

    asked = [
        CredentialAsked(label=name, text=name, required=False, some_positions=True)
        for name in ("Backflow Tester certificate", "EPA 608 certificate")
    ]
    reason = some_positions(person(credentials=[]), asked)
    assert reason is not None
    stored = _stored(reason)
    assert ENGLISH.to_asks([stored]) == [
        "Some positions need Backflow Tester certificate or EPA 608 certificate; ask which"
    ]
    assert SPANISH.to_asks([stored]) == [
        "Algunos puestos piden «Backflow Tester certificate» o la certificación EPA 608; pregunte"
        " cuáles"
    ]
    one = _stored(some_positions(person(credentials=[]), asked[:1]))
    assert SPANISH.to_asks([one]) == [
        "Algunos puestos piden «Backflow Tester certificate»; pregunte cuáles"
    ]
    # Only these checks are lines to ask about; a stored one without facts shows its sentence.
    assert SPANISH.to_asks([{"code": "pay", "text": "Pays $18", "kind": "fit"}]) == []
    old = {"code": "cdl_some_positions", "text": "The posting mentions a CDL", "kind": "check"}
    assert SPANISH.to_asks([old]) == ["The posting mentions a CDL"]


def test_a_stored_to_do_without_facts_shows_its_english_sentence():
    old = {
        "code": "credential_to_get",
        "tier": "eligible",
        "text": "Get a food handler card within 30 days of hire — about 2 hours online",
        "kind": "todo",
    }
    assert SPANISH.to_do(old) == old["text"]
    assert SPANISH.to_do({**old, "params": {"credential": 3, "when": []}}) == old["text"]
    assert SPANISH.to_do({**old, "params": {"credential": "x", "when": "someday"}}) == old["text"]
    assert SPANISH.to_dos([old, {"code": "pay", "text": "Pays $18", "kind": "fit"}]) == [
        old["text"]
    ]


def test_reasons_other_than_to_dos_keep_their_shape_and_leave_params_out():
    assert "params" not in _stored(Reason("pay", "eligible", "Pays $18", "", "fit"))
    assert _stored(Reason("x", "eligible", "t", params=ReasonParams(credential="c")))["params"] == {
        "credential": "c"
    }


def test_every_effort_has_spanish_words():
    hows = {effort.how for effort in CREDENTIAL_EFFORT}
    assert hows <= set(EFFORT_WORDS), f"mark these in reason_words: {hows - set(EFFORT_WORDS)}"
    spanish = translations("es")
    for how in EFFORT_WORDS:
        assert spanish.gettext(how) != how, how


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", re.sub(r"%\(\w+\)s", " ", text))}


def _english_only_words() -> set[str]:
    """Words of the English sentences of reason_words that no Spanish sentence of theirs uses."""
    path = ROOT / "src" / "jobs" / "web" / "reason_words.py"
    keywords = {"_": None, "ngettext": (1, 2), "N_": None}
    with path.open("rb") as handle:
        found = list(extract_from_file("python", path, keywords=keywords, comment_tags=()))
    assert len(found) > 40
    with (TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="es")
    english: set[str] = set()
    spanish: set[str] = set()
    for _line, message, _comments, _context in found:
        ids = message if isinstance(message, tuple) else (message,)
        entry = catalogue.get(ids[0])
        assert entry is not None, ids[0]
        for text in ids:
            english |= _words(text)
        for text in entry.string if isinstance(entry.string, tuple) else (entry.string,):
            spanish |= _words(text)
    return english - spanish


ENGLISH_ONLY = _english_only_words()
NAME = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123 -", max_size=60)
WHEN_WORDS = st.one_of(
    st.just(""), st.from_regex(_BY, fullmatch=True).map(str.strip), NAME.map(str.strip)
)


@settings(max_examples=300, deadline=None)
@given(
    listed=st.one_of(st.none(), st.sampled_from(CREDENTIAL_EFFORT)),
    name=NAME,
    obtain=st.sampled_from(["before_applying", "after_hire"]),
    words=WHEN_WORDS,
    pays=st.booleans(),
    trains=st.booleans(),
)
def test_every_to_do_the_matcher_writes_reads_in_spanish_without_english_template_words(
    listed, name, obtain, words, pays, trains
):
    asked = CredentialAsked(
        label=listed.label if listed else (name.strip() or "badge"),
        id=listed.id if listed else None,
        text=name,
        obtain=obtain,
        obtain_by=words,
        employer_pays=pays,
        employer_trains=trains,
    )
    reason = to_do(asked)
    if reason is None:
        return
    stored = _stored(reason)
    line = SPANISH.to_do(stored)
    assert ENGLISH.to_do(stored) == reason.text
    params = msgspec.convert(stored["params"], ReasonParams)
    # The credential by our Spanish name for it, else in the posting's words, quoted.
    known = load_taxonomy().find(params.credential)
    named = name_in_sentence("es", known.id) if known else None
    assert line.startswith(f"Obtenga {named or '«' + params.credential + '»'} "), line
    # What is left once the posting's own words (the credential's name, and when it gives a time
    # we do not read) are taken out is Spanish.
    rest = line.replace(named or f"«{params.credential}»", " ", 1)
    if params.when == "as_posted":
        rest = rest.replace(f"«{params.posted_words}»", " ", 1)
    leftover = _words(rest) & ENGLISH_ONLY
    assert not leftover, f"{line!r}: English {sorted(leftover)}"
    if params.when == "within":
        assert f" {params.within} " in line

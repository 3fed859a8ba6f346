"""Spanish everywhere a participant goes: every message `pybabel extract` finds has a Spanish
translation, participant-facing templates print no English outside ``_()``, and the formatters
write days, times, dates, money and codes in the viewer's language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from jobs.days import DAYS
from jobs.web.formats import LABELS, Formats
from jobs.web.i18n import pick_language, translations

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "jobs" / "web"
TEMPLATES = WEB / "templates"
CATALOGUES = WEB / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
# Every page a participant can reach (signed in or not); base.html's staff parts are marked.
PARTICIPANT_TEMPLATES = sorted(
    [
        *(TEMPLATES / "participant").glob("*.html"),
        *(
            TEMPLATES / name
            for name in (
                "base.html",
                "login.html",
                "login_code.html",
                "enroll.html",
                "account.html",
                "error.html",
                "forgot.html",
                "set_passphrase.html",
                "link_spent.html",
                "_help_phone.html",
                "_form.html",
            )
        ),
    ]
)


def _method_map() -> list[tuple[str, str]]:
    """The mapping in babel.cfg, the file `pybabel extract -F babel.cfg` reads."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, _options = parse_mapping_cfg(handle)
    return method_map


def _extracted() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(WEB), _method_map(), keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, []).append(filename)
    return found


def test_babel_config_and_readme_agree():
    assert ("**.py", "python") in _method_map()
    assert ("**/templates/**.html", "jinja2") in _method_map()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pybabel extract -F babel.cfg -k N_" in readme


def test_every_extracted_message_has_a_spanish_translation():
    with (CATALOGUES / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        spanish = read_po(handle, locale="es")
    extracted = _extracted()
    assert len(extracted) > 150, "extraction found the templates and the marked code words"
    missing = []
    for msgid, places in sorted(extracted.items()):
        entry = spanish.get(msgid)
        strings = entry.string if entry else ""
        if not entry or not all(strings if isinstance(strings, tuple) else [strings]):
            missing.append(f"{msgid!r} ({places[0]})")
    assert not missing, "no Spanish for:\n" + "\n".join(missing)


def test_every_spanish_translation_keeps_its_placeholders():
    with (CATALOGUES / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        spanish = read_po(handle, locale="es")
    holder = re.compile(r"%\(\w+\)s")
    for message in spanish:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(holder.findall(ids[-1]))
        for text in strings:
            assert set(holder.findall(text)) <= wanted | set(holder.findall(ids[0])), message.id
            assert set(holder.findall(text)) >= set(holder.findall(ids[0])) - {"%(n)s"}, message.id


STAFF_ONLY = re.compile(r"\{#\s*staff only\s*#\}.*?\{#\s*end staff only\s*#\}", re.S)
BODY_CLASS = re.compile(r"\{% block body_class %\}.*?\{% endblock %\}")
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
LITERAL_ATTRIBUTE = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"{]*[A-Za-z]{2}[^"]*)"')


@pytest.mark.parametrize("path", PARTICIPANT_TEMPLATES, ids=lambda p: p.name)
def test_participant_templates_print_no_english_outside_gettext(path):
    source = BODY_CLASS.sub("", STAFF_ONLY.sub("", path.read_text(encoding="utf-8")))
    attributes = LITERAL_ATTRIBUTE.findall(JINJA.sub("", source))
    assert not attributes, f"{path.name}: untranslated attribute text {attributes}"
    text = TAG.sub(" ", JINJA.sub(" ", source))
    words = re.findall(r"[A-Za-z]{2,}", text)
    assert not words, f"{path.name}: text outside _(): {' '.join(words)[:200]}"


@pytest.mark.parametrize("path", PARTICIPANT_TEMPLATES, ids=lambda p: p.name)
def test_participant_templates_never_print_a_raw_enum(path):
    """Days, shift kinds, tiers and statuses go through a formatter, never straight out."""
    source = TAG.sub(" ", path.read_text(encoding="utf-8"))  # class names may hold codes
    raw = re.findall(
        r"\{\{[^}]*(?:\b(?:days|status|tier|review_status|kind|agency)|\.label)\b\s*"
        r"(?:\|join[^}]*)?\}\}",
        source,
    )
    assert not raw, f"{path.name}: prints a stored code: {raw}"
    assert "[:10]" not in source and "isoformat()" not in source, f"{path.name}: an ISO date"


def test_every_code_word_has_a_label_and_every_day_a_spanish_name():
    from jobs.participant_format import AGENCIES, CONDITIONS, OFFENSE_CATEGORIES
    from jobs.services.referrals import SHAREABLE
    from jobs.store.portal import REFERRAL_STATUSES

    for code in (*AGENCIES, *CONDITIONS, *OFFENSE_CATEGORIES, *REFERRAL_STATUSES, *SHAREABLE):
        assert code in LABELS, code
    spanish = Formats("es", translations("es"))
    assert [spanish.day_name(d) for d in DAYS] == [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ]
    assert spanish.label("drug_distribution") == "distribución de drogas"
    assert spanish.label("some_new_code") == "some new code"


def test_dates_times_and_money_follow_the_language():
    english = Formats("en", translations("en"), dt.UTC)
    spanish = Formats("es", translations("es"), dt.UTC)
    assert english.date("2027-06-04") == "June 4, 2027"
    assert spanish.date("2027-06-04") == "4 de junio de 2027"
    assert spanish.weekday_date(dt.date(2027, 6, 4)) == "viernes, 4 de junio de 2027"
    assert english.clock("15:52").replace("\u202f", " ") == "3:52 PM"
    assert spanish.clock("06:10").replace("\u202f", " ").replace("\xa0", " ") == "6:10 a.m."
    assert english.money(19) == "$19.00" and spanish.money(1234.5) == "$1,234.50"
    assert spanish.days(["sat", "sun"]) == "sábado, domingo"
    chicago = Formats("en", translations("en"), dt.timezone(dt.timedelta(hours=-5)))
    moment = chicago.moment(dt.datetime(2027, 6, 4, 15, 0, tzinfo=dt.UTC))
    assert moment.replace("\u202f", " ") == "Friday, June 4, 2027, 10:00 AM"
    assert spanish.purpose("Referral for Forklift Operator (posting 35)") == (
        "Recomendación para el empleo Forklift Operator"
    )


@pytest.mark.parametrize(
    ("header", "wanted"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en;q=0.2, es;q=0.9", "es"),
        ("fr-FR, es;q=0.5, en;q=0.4", "es"),
        ("es;q=0, en", "en"),
        ("de, fr", "en"),
        ("", "en"),
        ("es;q=abc, en;q=0.1", "en"),
    ],
)
def test_the_browsers_most_wanted_language_is_taken(header, wanted):
    assert pick_language(None, accept_language=header) == wanted


def test_the_persons_choice_comes_before_the_browser():
    assert pick_language("en", accept_language="es") == "en"
    assert pick_language(None, "es", accept_language="en") == "es"


def test_a_shift_is_said_in_the_readers_words():
    spanish = Formats("es", translations("es"))
    english = Formats("en", translations("en"))
    timed = {"label": "day shift", "start": "06:00", "end": "14:30", "days": ["mon", "sat"]}
    assert spanish.shift(timed).replace("\u202f", " ").replace("\xa0", " ") == (
        "6:00 a.m. – 2:30 p.m. (lunes, sábado)"
    )
    assert spanish.shift({"label": "weekends", "days": ["sat", "sun"]}) == (
        "fines de semana (sábado, domingo)"
    )
    assert spanish.shift({"label": "days: mon, tue", "days": ["mon", "tue"]}) == "lunes, martes"
    assert spanish.shift({"label": "overnight"}) == "turno de madrugada"
    assert spanish.shift({"label": "day shift"}) == "turno de día"
    # The posting's own name for a shift stays as posted, quoted as the employer's words.
    assert spanish.shift({"label": "swing crew", "days": ["fri"]}) == "«swing crew» (viernes)"
    assert english.shift({"label": "swing crew", "days": ["fri"]}) == "swing crew (Friday)"
    assert english.shift({"label": "weekends", "days": ["sat", "sun"]}) == (
        "weekends (Saturday, Sunday)"
    )


def test_every_shift_name_the_extractor_gives_has_words():
    from jobs.skills import shifts
    from jobs.web.formats import SHIFT_NAMES

    assert set(shifts._CANONICAL.values()) | {"weekends"} <= set(SHIFT_NAMES)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_catalogue_reads_without_a_broken_entry(language):
    # A msgid without its msgstr (lost in a merge) only logs a warning when the pages load.
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        read_po(handle, locale=language, abort_invalid=True)

"""Every message template, in every language, is short and never says a word about a criminal
record or supervision (a text can be read by anyone holding the phone)."""

import re

import pytest

from jobs.services.message_templates import TEMPLATES, render

FORBIDDEN = (
    "arrest",
    "conviction",
    "convicted",
    "convict",
    "crime",
    "criminal",
    "felon",
    "felony",
    "offense",
    "offence",
    "offender",
    "parole",
    "probation",
    "prison",
    "jail",
    "inmate",
    "incarcerat",
    "sentence",
    "sex",
    "registrant",
    "record",
    "custody",
    "warrant",
    "court",
    "supervision",
    "officer",
    "reentry",
    "re-entry",
    "background",
    # Spanish
    "arresto",
    "condena",
    "condenado",
    "delito",
    "criminal",
    "antecedentes",
    "libertad",
    "condicional",
    "prisión",
    "cárcel",
    "carcel",
    "reo",
    "recluso",
    "sentencia",
    "oficial",
    "custodia",
    "tribunal",
    "supervisión",
    "delincuente",
)
# Stems that forbid every word they begin ("incarcerated", "felonies", "offenders").
STEMS = {"incarcerat", "felon", "convict", "offen", "criminal", "delincuen", "arrest", "parole"}
SAMPLE = {
    "program": "Second Start",
    "employer": "Riverbend",
    "when": "9:00",
    "count": 2,
    "url": "https://jobs.example.org/x",
    "phone": "816-555-0199",
    "due": 1,
    "overdue": 2,
    "job": "Forklift operator",
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_template_says_a_word_about_a_record(name):
    for language, (subject, body) in TEMPLATES[name].texts.items():
        words = set(re.findall(r"[a-záéíóúñü-]+", f"{subject} {body}".lower()))
        for word in FORBIDDEN:
            hits = [w for w in words if w == word or (word in STEMS and w.startswith(word))]
            assert not hits, f"{name} ({language}) says {hits}"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_templates_render_in_english_and_texts_fit_two_segments(name):
    template = TEMPLATES[name]
    assert "en" in template.texts
    for language in template.texts:
        subject, body = render(name, language, **SAMPLE)
        assert "{" not in body and "{" not in subject
        if not name.startswith("staff_") and name not in (
            "password_reset",
            "invitation",
            "registration_received",
        ):
            assert len(body) <= 320, f"{name} ({language}) is {len(body)} characters"


def test_participant_texts_have_spanish():
    for name in ("check_in", "stop_confirmation", "start_confirmation", "help", "new_matches"):
        assert "es" in TEMPLATES[name].texts

"""The Spanish names of taxonomy skills and credentials: every one names a known id, once, in
words of its own; English keeps the taxonomy's labels."""

from __future__ import annotations

import json
from importlib import resources

from jobs.skills.labels import label_in, labels, name_in_sentence
from jobs.skills.taxonomy import load_taxonomy


def test_every_spanish_name_is_of_a_known_skill_once():
    lines = (
        resources.files("jobs.skills").joinpath("data", "labels_es.jsonl").read_text("utf-8")
    ).splitlines()
    ids = [json.loads(line)["id"] for line in lines if line.strip()]
    taxonomy = load_taxonomy()
    assert len(ids) == len(set(ids)), "one Spanish name per id"
    assert not [i for i in ids if i not in taxonomy.skills], "every id is in skills.jsonl"
    assert len(ids) > 100


def test_the_credentials_participants_meet_most_have_spanish_names():
    for skill_id in (
        "food_handler_card",
        "forklift_certification",
        "cdl_class_a",
        "osha_10",
        "cpr_certification",
        "first_aid_certification",
        "certified_nursing_assistant",
        "servsafe_food_handler",
        "pallet_jack_operation",
        "cash_handling",
    ):
        name = label_in("es", skill_id)
        assert name and name != load_taxonomy().skills[skill_id].label, skill_id


def test_english_and_unknown_ids_have_no_other_name():
    assert labels("en") == {}
    assert label_in("es", None) is None
    assert label_in("es", "no_such_skill") is None
    assert label_in("fr", "food_handler_card") is None


def test_every_credential_says_its_article_for_a_sentence():
    taxonomy = load_taxonomy()
    for skill_id, name in labels("es").items():
        if taxonomy.skills[skill_id].kind != "credential":
            continue
        said = name_in_sentence("es", skill_id)
        assert said in (f"el {name}", f"la {name}"), skill_id
    assert name_in_sentence("es", "food_handler_card") == "la tarjeta de manipulador de alimentos"
    assert name_in_sentence("es", "osha_10") == "el curso OSHA 10"
    assert name_in_sentence("en", "osha_10") is None

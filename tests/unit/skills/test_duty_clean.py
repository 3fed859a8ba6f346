"""Duty readers that read a verb, an adjective or a role as a thing worked on (issue #15):
"serving as the manager", "bagging clear jams", "conducting performance"."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.duties import find_duty_phrases, find_imperative_phrases
from jobs.skills.sections import find_sections


def _imperatives(text: str) -> list[str]:
    return [p.label for p in find_imperative_phrases(text, find_sections(text))]


def _duties(text: str) -> list[str]:
    return [p.label for p in find_duty_phrases(text, find_sections(text))]


def test_a_verb_after_a_list_of_things_opens_a_duty_of_its_own() -> None:
    found = _imperatives("Duties:\n- Wash pots and pans, clear dish racks, and sort cutlery\n")
    assert "washing pots" in found and "washing pans" in found
    assert not any("clear" in label for label in found)


def test_a_verb_no_duty_verb_names_ends_the_objects_of_the_one_before() -> None:
    found = _imperatives("Duties:\n- Stock coolers, spot dents and scratches on cans\n")
    assert "stocking coolers" in found
    assert "stocking scratches" not in found


def test_a_heading_verb_does_not_take_the_verbs_listed_after_it() -> None:
    found = _imperatives("Duties:\n- Prepare walls: scrape, fill holes, sand\n")
    assert "preparing walls" in found
    assert "preparing scrape" not in found


def test_serving_as_a_role_names_no_duty() -> None:
    text = (
        "DUTIES\n\nA Yard Lead may serve as the lead or relief lead of a shift, small crew, "
        "or large crew of the yard; and may operate a forklift.\n"
    )
    found = _duties(text)
    assert not any(label.startswith("serving") for label in found)
    assert "operating forklift" in found


def test_one_word_of_a_list_sharing_its_last_noun_is_not_the_object() -> None:
    text = (
        "DUTIES\n\nA Lead Clerk supervises clerks engaged in checking payroll, budget, or "
        "inventory records for accuracy.\n"
    )
    assert not any(label.startswith("checking") for label in _duties(text))


def test_a_plural_object_before_a_list_is_still_read() -> None:
    text = (
        "DUTIES\n\nA Lead Clerk supervises clerks engaged in auditing invoices, receipts, and "
        "petty cash for accuracy.\n"
    )
    assert "auditing invoices" in _duties(text)


def test_a_manner_after_and_is_not_one_more_thing() -> None:
    found = _imperatives("Duties:\n- Log deliveries neatly and on time in the stock book\n")
    assert "logging deliveries" in found
    assert not any("time" in label for label in found)


def test_the_rest_of_a_list_after_a_cut_word_is_still_read() -> None:
    text = (
        "DUTIES\n\nA Lead Clerk supervises clerks engaged in checking payroll, budget, or "
        "inventory records, and invoice processing.\n"
    )
    found = _duties(text)
    assert "invoice processing" in found
    assert "checking payroll" not in found


def test_verbs_stressed_on_the_last_syllable_double_their_consonant() -> None:
    from jobs.skills.duties import ing_form

    assert ing_form("resets") == "resetting"
    assert ing_form("unjams") == "unjamming"
    assert ing_form("patrols") == "patrolling"
    assert ing_form("programs") == "programming"
    # ... and those stressed before it, or with two vowels, do not.
    assert ing_form("reopens") == "reopening"
    assert ing_form("reheats") == "reheating"
    assert ing_form("delivers") == "delivering"
    assert ing_form("visits") == "visiting"


def test_activities_listed_with_no_thing_do_not_act_on_each_other() -> None:
    found = _duties("Duties:\nAides help guests with feeding, lifting, shaving and walking.\n")
    assert not any(label.endswith(" walking") for label in found)


def test_a_run_of_activities_shares_no_object_without_an_and() -> None:
    found = _duties("Duties:\nThe helper does sweeping, sanding, fixing screens and latches.\n")
    assert "fixing screens" in found
    assert not any(label.startswith(("sweeping ", "sanding ")) for label in found)
    assert "fixing screens latches" not in found


def test_examples_after_including_are_not_duties() -> None:
    found = _imperatives(
        "Duties:\n- Operate and clean bakery equipment including deck ovens, steam kettles, "
        "dough mixers and proofers\n"
    )
    assert "operating bakery equipment" in found
    assert not any(label.startswith("steaming") for label in found)


def test_a_thing_named_with_a_verbs_word_is_one_more_object() -> None:
    found = _imperatives("Duties:\n- Clean and maintain hoses, nozzles and spray equipment\n")
    assert "cleaning spray equipment" in found
    assert "spraying equipment" not in found


def test_a_dust_mop_is_one_activity() -> None:
    found = _imperatives("Duties:\n- Vacuum rugs and dust mop, damp mop and buff tile floors\n")
    assert "dust mopping" in found
    assert "dusting mop" not in found


def test_a_verb_of_no_duty_after_an_object_is_not_one_more_object() -> None:
    found = _imperatives("Duties:\n- Unload pallets of tile, break down boxes, fit trim pieces\n")
    others = [label for label in found if label != "box breakdown"]
    assert not any("break" in label or "fit" in label for label in others)
    assert "box breakdown" in found  # a duty of its own, named as a specialist names it


def test_a_long_object_is_cut_before_of_not_inside_it() -> None:
    found = _imperatives("Duties:\n- Unload bales of raw cotton by hand and stack them\n")
    assert "unloading bales" in found
    assert "unloading bales of raw" not in found


def test_examples_in_brackets_are_not_duties_and_lose_no_bracket() -> None:
    found = _imperatives(
        "Duties:\n- Drive yard tractors (terminal tractor, order picker) and stock parts\n"
    )
    assert not any(label.startswith("ordering") for label in found)
    found = _imperatives("Duties:\n- Mop halls and clean screens)\n")
    assert "cleaning screens" in found


@given(st.from_regex(r"[a-z]{3,9}s", fullmatch=True))
def test_an_ing_form_ends_in_ing_and_never_triples_a_letter(verb: str) -> None:
    from jobs.skills.duties import ing_form

    ing = ing_form(verb)
    assert ing is None or ing.endswith("ing")
    if ing is not None and re.search(r"(.)\1", verb) is None:
        assert re.search(r"(.)\1\1", ing) is None  # doubling adds one letter, never two


def test_help_with_activities_is_assistance_with_each() -> None:
    found = _duties("Duties:\nAides help guests with feeding, lifting, shaving and walking.\n")
    assert {"feeding assistance", "lifting assistance", "shaving assistance"} <= set(found)

"""Duty readers that read a verb, an adjective or a role as a thing worked on (issue #15):
"serving as the manager", "bagging clear jams", "conducting performance"."""

from __future__ import annotations

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

"""Synonyms that name one occupation's skill and another occupation's work (issue #15, no listed
skill from the wrong occupation): each links where its own trade is said in the sentence or the
title, and not in another occupation's posting, where the entry of that occupation which the
words name is read instead. Sentences are our own."""

from __future__ import annotations

import pytest

from jobs.skills.occupation import sense_in_occupation, title_domains
from jobs.skills.taxonomy import load_taxonomy
from tests.unit.skills.readings import ids_of

# (skill id, a sentence and title where the words name the skill, one where they name another
# occupation's work).
_ANOTHER_OCCUPATION = [
    (
        "painting",
        ("Paint interior walls and ceilings; painting with brush and roller.", "Painter"),
        ("Methods for painting aircraft and working with composites.", "Aircraft Mechanic"),
    ),
    (
        "remodeling",
        ("Remodels apartments between tenants: drywall, flooring and fixtures.", "Maintenance"),
        ("Remodels truck bodies and frames for the city fleet.", "Body Shop Mechanic"),
    ),
    (
        "hydraulic_systems",
        ("Troubleshoot hydraulics on forklifts and scissor lifts.", "Maintenance Mechanic"),
        (
            "Understands the mechanical principles of hydraulics behind backflow preventers.",
            "Water Service Representative",
        ),
    ),
    (
        "gate_operation",
        ("Operating gates at the visitor entrance and checking badges.", "Security Officer"),
        ("Operating gates and valves to control the flow in the canal.", "Canal Operator"),
    ),
    (
        "security_patrol",
        ("Patrolling the parking structure and checking doors.", "Security Officer"),
        ("Patrolling the canal banks and the dam facilities to look for leaks.", "Dam Keeper"),
    ),
    (
        "veterinary_assisting",
        ("Restraining animals for exams and vaccinations.", "Veterinary Assistant"),
        ("Capturing and restraining animals that get out of their enclosures.", "Zookeeper"),
    ),
    (
        "brake_repair",
        ("Repair hydraulic brake systems on light trucks.", "Fleet Mechanic"),
        ("Drives dump trucks with air and hydraulic brake systems on city streets.", "Driver"),
    ),
    (
        "concession_sales",
        ("Work as a concessionaire at the ballpark and sell snacks from the stand.", "Vendor"),
        ("Negotiates leases with park concessionaires and reviews their revenue.", "Manager"),
    ),
    (
        "upholstery",
        ("Sew and staple upholstery on chairs and boat seats.", "Upholsterer"),
        ("Shampoo upholstery and spot-treat stains in client homes.", "Carpet Cleaning Tech"),
    ),
    (
        "weeding",
        ("Weeding flower beds and spreading mulch.", "Groundskeeper"),
        ("Cut vinyl letters on the plotter and finish the weeding by hand.", "Sign Shop Helper"),
    ),
    (
        "hvac_filter_changes",
        ("Filter changes on rooftop HVAC units every quarter.", "Facilities Technician"),
        ("Oil changes, filter changes and tire rotations.", "Lube Technician"),
    ),
    (
        "floor_sanding_and_refinishing",
        ("Floor refinishing: sand hardwood and apply polyurethane.", "Flooring Installer"),
        ("Strip, wax and do floor refinishing in the school halls each summer.", "Custodian"),
    ),
    (
        "work_order_management",
        ("Complete service requests from residents for repairs in their units.", "Porter"),
        ("Handles service requests about water bills from the public.", "Billing Clerk"),
    ),
    (
        "loss_prevention",
        ("Loss prevention: watch for shoplifting and check receipts at the door.", "Detective"),
        ("Develops property loss prevention and insurance programs for city assets.", "Analyst"),
    ),
    (
        "parking_enforcement",
        ("Issue parking tickets for expired meters and other violations.", "Parking Officer"),
        ("Sell parking tickets to patrons at the garage booth.", "Parking Attendant"),
    ),
]


@pytest.mark.parametrize(
    ("skill_id", "right", "other"), _ANOTHER_OCCUPATION, ids=[r[0] for r in _ANOTHER_OCCUPATION]
)
def test_a_synonym_links_only_in_its_own_occupation(skill_id, right, other):
    assert skill_id in ids_of(right[0], title=right[1])
    assert skill_id not in ids_of(other[0], title=other[1])


def test_the_title_names_the_occupation_through_its_soc_group():
    taxonomy = load_taxonomy()
    assert "custodial" in title_domains("Carpet Cleaning Technician - Will Train", taxonomy)
    assert "auto_repair" in title_domains("Auto Body Technician II", taxonomy)
    assert title_domains("Technician", taxonomy) == set()


def test_words_of_another_occupations_skill_are_read_in_the_postings_occupation():
    cleaner = "Clean upholstery and spot-treat stains in client homes."
    assert "upholstery_cleaning" in ids_of(cleaner, title="Carpet Cleaning Technician")
    assert "upholstery" in ids_of("Sew and staple upholstery on chairs.", title="Upholsterer")
    body_shop = "Does the painting of repaired auto panels in the spray booth."
    found = ids_of(body_shop, title="Auto Body Technician")
    assert "automotive_painting" in found
    assert "painting" not in found


def test_no_other_sense_without_a_known_occupation_or_its_word_said():
    taxonomy = load_taxonomy()
    upholstery = taxonomy.skills["upholstery"]
    cleaner = "Clean upholstery and spot-treat stains in client homes."
    assert "upholstery" not in ids_of(cleaner, title="Technician")
    assert "upholstery_cleaning" not in ids_of(cleaner, title="Technician")
    cleaned = sense_in_occupation(upholstery, "upholstery", taxonomy, "Janitor", cleaner)
    assert cleaned is taxonomy.skills["upholstery_cleaning"]
    shampoo = "Shampoo upholstery in client homes."
    assert sense_in_occupation(upholstery, "upholstery", taxonomy, "Janitor", shampoo) is None
    cleanup = taxonomy.skills["site_cleanup"]
    damage = "Water damage cleanup in client homes."
    assert sense_in_occupation(cleanup, "cleanup", taxonomy, "Janitor", damage) is None

"""Broad taxonomy synonyms read in another trade's sense (issue #15), one test per kind, in our own
sentences: a synonym that names this skill in one trade and other work in another stands only
where its sentence (or the title) says the trade; a synonym that names another thing moved to an
entry of its own; a tool is not linked on its kind's word alone; a code's name is not the trade."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import is_ambiguous, names_a_role, supports
from tests.unit.skills.readings import ids_of, labels_of, span_of


def _skill(skill_id: str):
    return shipped_extractor().taxonomy.skills[skill_id]


def test_stitching_in_a_print_bindery_is_not_industrial_sewing():
    text = "Feed the stitching line and jog the printed booklets in our bindery."
    assert "industrial_sewing" not in ids_of(text, title="Bindery Helper")
    sewn = "Stitching seams on upholstery cushions and canvas covers."
    assert "industrial_sewing" in ids_of(sewn, title="Upholstery Worker")


def test_field_maintenance_of_equipment_is_not_athletic_field_work():
    text = "Performs field maintenance on generators and pumps at remote sites."
    assert "athletic_field_maintenance" not in ids_of(text, title="Equipment Mechanic")
    fields = "Field maintenance: mowing, dragging the infield and lining softball diamonds."
    assert "athletic_field_maintenance" in ids_of(fields, title="Parks Worker")


def test_a_tile_cutter_is_not_a_wet_saw():
    found = ids_of(
        "Cut ceramic tile with a tile cutter and set it in thinset.", title="Tile Helper"
    )
    assert "wet_tile_saw" not in found
    assert "tile_cutter" in found


def test_reading_gauges_names_no_particular_gauge():
    assert not supports("read gauges", _skill("go_no_go_gauge"), shipped_extractor().taxonomy)
    assert supports("plug gauges", _skill("go_no_go_gauge"), shipped_extractor().taxonomy)
    text = "Read gauges and meters on the boilers every hour and log the readings."
    assert "go_no_go_gauge" not in ids_of(text, title="Stationary Engineer")


def test_brake_and_fuel_systems_are_auto_repair_only_on_vehicles():
    text = "Tests the brake systems and fuel systems of hoists and emergency generators."
    found = ids_of(text, title="Elevator Technician")
    assert not {"brake_repair", "fuel_system_repair"} & found
    trucks = "Diagnose brake systems and fuel systems on diesel trucks."
    assert {"brake_repair", "fuel_system_repair"} <= ids_of(trucks, title="Fleet Technician")


def test_estimating_costs_is_not_estimating_materials():
    found = ids_of("Estimate costs for the yearly grounds program and track the budget.")
    assert "estimating_materials" not in found
    assert "cost_estimating" in found
    takeoff = ids_of("Estimate materials for each framing job from the plans.")
    assert "estimating_materials" in takeoff


def test_a_codes_name_is_not_the_trade():
    text = "Apply the Heating and Refrigeration Code when you service rooftop units."
    assert "refrigeration_repair" not in ids_of(text, title="Building Engineer")
    assert "refrigeration" in labels_of(text, title="Building Engineer")  # the words stay


def test_cleaning_up_a_store_is_not_site_cleanup():
    text = "Bag purchases, help customers and clean up the store at close."
    assert "site_cleanup" not in ids_of(text, title="Retail Associate")
    site = "Carry lumber and drywall, and clean up at the end of each day."
    assert "site_cleanup" in ids_of(site, title="Construction Laborer")


def test_splicing_ropes_is_not_cable_splicing():
    text = "Splicing ropes, scraping and painting the deck of the work boat."
    assert "cable_splicing" not in ids_of(text, title="Deck Hand")


def test_a_gardeners_care_of_plants_is_not_plant_maintenance():
    text = (
        "MINIMUM QUALIFICATIONS\n"
        "Two years of paid experience in the care or maintenance of plants, flowers and lawns."
    )
    assert "industrial_maintenance" not in ids_of(text, title="Park Gardener")


def test_a_nurse_aides_meal_percentages_are_not_shop_math():
    text = "Serve meal trays and record meal percentages for each patient."
    assert "shop_math" not in ids_of(text, title="Nursing Assistant")


@given(st.permutations(["plant", "maintenance"]))
def test_an_ambiguous_synonym_is_found_in_any_word_order(words):
    # A duty's words ("maintenance of plants") name the term ("plant maintenance").
    skill = _skill("industrial_maintenance")
    assert is_ambiguous(skill, " of ".join(words))
    assert not is_ambiguous(skill, "machine maintenance")


def test_a_pointer_or_a_fault_is_not_the_thing_a_duty_works_on():
    # "of all of the following", "location of trouble": no "operation of of following" or
    # "installation of trouble" (issue #15: broken fragments read as skills).
    listed = (
        "MINIMUM QUALIFICATIONS\nOne year of paid experience in the installation, and either "
        "operation and/or maintenance of all of the following: pumps, valves and meters."
    )
    trouble = (
        "DUTIES\nHelps in the installation, splicing, termination, removal, location of "
        "trouble, and repair of overhead phone cables."
    )
    for text in (listed, trouble):
        labels = labels_of(text, title="Utility Worker")
        assert not any(" of of " in label or label.endswith(" of following") for label in labels)
        assert not any(
            label.endswith(" of trouble") and label != "location of trouble" for label in labels
        )
    assert "location of trouble" in labels_of(trouble, title="Utility Worker")  # its own activity


def test_the_thing_of_a_duty_is_after_the_last_of():
    text = (
        "MINIMUM QUALIFICATIONS\nThree years of paid experience in the maintenance and "
        "installation of any of a wide variety of electronics."
    )
    labels = labels_of(text, title="Electronics Worker")
    assert "installation of electronics" in labels
    assert not any(" of of " in label for label in labels)


def test_the_class_a_bulletin_defines_is_not_a_skill():
    text = "An Elevator Mechanic does skilled work on passenger elevators."
    assert names_a_role(text, *span_of(text, "Elevator Mechanic"), title="Elevator Mechanic")
    assert "elevator_installation" not in ids_of(text, title="Elevator Mechanic")
    doing = "Forklift Operators load and unload trailers with a forklift."
    assert not names_a_role(doing, *span_of(doing, "Forklift Operators"), title="Forklift Operator")


@given(st.sampled_from(["II", "III", "IV"]))
def test_a_title_with_its_grade_is_not_a_skill(grade):
    text = f"Experience as a lead or as a Systems Programmer {grade} is a plus."
    assert names_a_role(text, *span_of(text, f"Systems Programmer {grade}"))
    grade_of_a_thing = f"Operates a Class {grade} water distribution system."
    assert not names_a_role(grade_of_a_thing, *span_of(grade_of_a_thing, f"Class {grade}"))


def test_a_word_of_the_spans_own_before_the_shared_head_refuses_the_link():
    taxonomy = shipped_extractor().taxonomy
    assert not supports("oil testing", _skill("soil_testing"), taxonomy)
    assert supports("soils testing", _skill("soil_testing"), taxonomy)
    # After the head, the words only say how: "communicate in a clear manner".
    assert supports("communicate in a clear", _skill("verbal_communication"), taxonomy)


def test_a_labs_soil_testing_is_not_fertilizer_knowledge():
    text = "Performs soil testing and tests concrete cylinders in the materials lab."
    found = ids_of(text, title="Materials Testing Technician")
    assert "soil_and_fertilizer_knowledge" not in found
    assert "soil_testing" in found


def test_change_orders_are_a_contracts_only_where_the_sentence_says_so():
    text = "Negotiates change orders with contractors on street lighting projects."
    found = ids_of(text, title="Street Lighting Engineer")
    assert "change_order_management" in found
    assert "cash_office_operations" not in found
    till = "Count the tills and place change orders with the bank courier."
    assert "change_order_management" not in ids_of(till, title="Cash Office Associate")


def test_a_named_codes_subject_is_not_a_tool_or_a_trade():
    text = "Knowledge of the Structural Welding Code and city contract rules."
    assert "structural_welding" not in ids_of(text, title="Project Manager")
    assert "plumbing_codes" in ids_of("Knowledge of the Uniform Plumbing Code.")

"""Taxonomy synonyms whose words mean another thing in another trade's posting (issue #15): each
links to its skill where the sentence or the title says that trade, and not elsewhere."""

from __future__ import annotations

from jobs.skills.linking import stem
from tests.unit.skills.readings import ids_of, labels_of


def test_receiving_reports_are_purchase_order_matching_only_beside_invoices():
    payable = "Match vendor invoices to purchase orders and receiving reports before payment."
    assert "purchase_order_matching" in ids_of(payable, title="Accounts Payable Clerk")
    clerk = "Receives reports from the district offices and routes them to staff."
    assert "purchase_order_matching" not in ids_of(clerk, title="Senior Clerk")


def test_a_proofer_is_a_bakers_cabinet_only_near_dough():
    bakery = "Move racks of dough into the proofer before they go to the deck oven."
    assert "proofing_cabinet" in ids_of(bakery, title="Bakery Associate")
    press = "The proofer compares printed sheets with the customer's copy and marks errors."
    assert "proofing_cabinet" not in ids_of(press, title="Print Shop Assistant")


def test_alignments_are_wheel_alignment_only_on_vehicles():
    shop = "Perform alignments and tire rotations on customer vehicles."
    assert "wheel_alignment" in ids_of(shop, title="Lube Technician")
    belts = "Check pulley alignments on conveyors and grease the bearings."
    assert "wheel_alignment" not in ids_of(belts, title="Maintenance Mechanic")
    roads = "Reviews proposed roadway alignments and grades on the plans."
    assert "wheel_alignment" not in ids_of(roads, title="Civil Engineering Associate")


def test_checking_in_deliveries_is_freight_receiving_only_at_a_dock():
    dock = "Check in deliveries at the dock and count pallets against the bill of lading."
    assert "freight_receiving" in ids_of(dock, title="Receiver")
    kitchen = "Check in deliveries, date and label all items, and keep the walk-in organized."
    assert "freight_receiving" not in ids_of(kitchen, title="Prep Cook")


def test_integrity_is_a_soft_skill_only_where_it_means_honesty():
    person = "We look for honesty and integrity in every team member."
    assert "integrity" in ids_of(person + " Integrity matters here.", title="Cashier")
    assert "integrity" in ids_of("Integrity and a strong work ethic are a must.", title="Cashier")
    package = "Check seal integrity and code dates on every case."
    assert "integrity" not in ids_of(package, title="Packaging Operator")
    files = "Protects the integrity and privacy of personnel files."
    assert "integrity" not in ids_of(files, title="Records Clerk")


def test_measurement_is_taking_measures_not_a_management_study():
    shop = "Knowledge of measurement using scales, gauges and tape measures."
    assert "measurement" in ids_of(shop, title="Storekeeper")
    audit = "Knowledge of program evaluation, cost-benefit analysis and work measurement."
    assert "measurement" not in ids_of(audit, title="Management Analyst")


def test_community_resources_are_knowledge_not_case_management():
    arts = "Knowledge of community resources that support public art programs."
    found = ids_of(arts, title="Arts Manager")
    assert "case_management_support" not in found
    assert "community_resources_knowledge" in found
    assert "case_management_support" in ids_of("Provide case management to clients.")


def test_intake_and_output_is_recorded_not_feeding():
    aide = "Take vital signs and record intake and output for each patient."
    found = ids_of(aide, title="Patient Care Technician")
    assert "intake_and_output_recording" in found
    assert "feeding_assistance" not in found
    assert "feeding_assistance" in ids_of("Serve meal trays and help patients eat.")


def test_street_lighting_is_installation_only_for_the_trade_that_builds_it():
    crew = "Installs and repairs street lighting poles, luminaires and underground wiring."
    assert "lighting_installation" in ids_of(crew, title="Street Lighting Electrician")
    design = "Directs the design of street lighting projects and prepares cost estimates."
    found = ids_of(design, title="Street Lighting Engineer")
    assert "lighting_installation" not in found
    assert "street lighting" in labels_of(design, title="Street Lighting Engineer")


def test_a_pick_list_is_not_a_packing_slip():
    picker = "Pull orders from a pick list and stage them at the dock."
    found = ids_of(picker, title="Order Picker")
    assert "pick_lists" in found
    assert "packing_slips" not in found
    assert "packing_slips" in ids_of("Print packing slips and put one in every box.")


# Single words whose everyday sense, or another trade's, is not the skill: (skill ids, a sentence
# and title where the word names the skill, a sentence and title where it names another thing).
# A tool and the skill of using it are one concept ("trimmers" beside "mowing" read as trimming).
_OTHER_SENSES = [
    (
        "forging",
        ("Run the forging press on heated steel billets.", "Forge Operator"),
        ("Forging partnerships with neighborhood groups.", "Community Liaison"),
    ),
    (
        "surveying_assistance",
        ("Assist with surveying and set grade stakes on the site.", "Survey Helper"),
        ("Surveying customers about their visit and summarizing results.", "Marketing Aide"),
    ),
    (
        "nursery_work",
        ("Water seedlings and pot flowers in the greenhouse.", "Garden Center Associate"),
        ("Tracks greenhouse gas emissions from city facilities.", "Environmental Specialist"),
    ),
    (
        "cashiering",
        ("Run checkout for customers and handle cash and coupons.", "Store Associate"),
        ("Handles checkout and return of books at the circulation desk.", "Library Clerk"),
    ),
    (
        "gps_navigation",
        ("Follow GPS directions to each delivery address.", "Delivery Driver"),
        ("Set up and operate GPS receivers and total stations.", "Survey Aide"),
    ),
    (
        "charting",
        ("Complete charting for each resident at the end of the shift.", "Nursing Assistant"),
        ("Charting trends in monthly sales data for the managers.", "Data Analyst"),
    ),
    (
        "sterile_processing",
        ("Perform decontamination of surgical instruments before the autoclave.", "SPD Tech"),
        ("Performs decontamination of personnel after chemical spills.", "Hazmat Specialist"),
    ),
    (
        "computer_networking",
        ("Knowledge of networking, routers and servers.", "IT Support Technician"),
        ("Attends networking events to meet local employers.", "Outreach Coordinator"),
    ),
    (
        "layout_and_marking_for_fabrication",
        ("Scribing and cutting steel plate from templates.", "Fabricator"),
        ("Scribing for physicians during patient visits.", "Medical Scribe"),
    ),
    (
        "tablet",
        ("Take customer payments on a tablet.", "Window Cleaner"),
        ("Administers tablets and liquid medications as ordered.", "Medication Aide"),
    ),
    (
        "core_aerator",
        ("Run aerators on lawns and turf each spring.", "Lawn Care Technician"),
        ("Inspects aerators, blowers and clarifiers in the basins.", "Treatment Operator"),
    ),
    (
        "string_trimmer string_trimming",
        ("Use trimmers along fences after mowing the grass.", "Groundskeeper"),
        ("Keep clippers and trimmers sanitized between clients.", "Barber"),
    ),
    (
        "motor_controls",
        ("Troubleshoot relays, contactors and motor starters.", "Maintenance Electrician"),
        ("Relays messages to field crews by radio.", "Dispatcher"),
    ),
    (
        "hotel_housekeeping",
        ("Housekeeping of guest rooms: beds, towels and amenities.", "Room Attendant"),
        ("Maintain good housekeeping in your work area.", "Production Worker"),
    ),
    (
        "metallurgy_basics",
        ("Preheating thick steel plate before welding.", "Welder"),
        ("Preheating ovens and setting up the line before service.", "Prep Cook"),
    ),
    (
        "phone_answering",
        ("Answer the switchboard and transfer calls to staff.", "Receptionist"),
        ("Install switchboards, panelboards and transformers.", "Electrician"),
    ),
    (
        "grinding",
        ("Grinding and deburring of machined steel parts.", "Machinist"),
        ("Grinding coffee beans and brewing coffee to order.", "Barista"),
    ),
    (
        "edging",
        ("Edging lawns and flower beds after mowing.", "Landscaper"),
        ("Edging and jointing fresh concrete slabs.", "Concrete Finisher"),
    ),
    (
        "order_taking",
        ("Take orders from guests and run food to tables.", "Server"),
        ("Takes orders from the foreman and keeps the site clean.", "Laborer"),
    ),
    (
        "pharmaceutical_production",
        ("Work in a clean room following gowning and GMP rules.", "Production Technician"),
        ("Clean rooms and bathrooms in the guest wing.", "Housekeeper"),
    ),
]


def test_a_word_with_another_sense_links_only_where_its_trade_is_said():
    wrong = []
    for skill_ids, (right, right_title), (other, other_title) in _OTHER_SENSES:
        wanted = set(skill_ids.split())
        if not wanted & ids_of(right, title=right_title):
            wrong.append(("not linked", skill_ids, right))
        if wanted & ids_of(other, title=other_title):
            wrong.append(("linked", skill_ids, other))
    assert not wrong


def test_uses_and_use_share_a_stem_so_a_marked_phrase_is_recognised():
    # "uses" was stemmed "us" and "use" stayed "use": the ambiguous synonym "use gps" then went
    # unrecognised in "Uses GPS ..." and linked with no trade word near it.
    assert stem("uses") == stem("use") == "use"
    assert stem("axes") == stem("axe")
    assert stem("boxes") == "box"
    assert "gps_navigation" not in ids_of(
        "Uses GPS receivers to locate property corners.", title="Survey Aide"
    )
    assert "gps_navigation" in ids_of("Uses GPS to find each delivery stop.", title="Courier")

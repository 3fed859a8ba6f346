"""Taxonomy synonyms whose words mean another thing in another trade's posting (issue #15): each
links to its skill where the sentence or the title says that trade, and not elsewhere."""

from __future__ import annotations

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

"""Words that only say what kind of thing the next noun is (issue #15): "outbound LTL shipments"
are freight a loader builds pallets for, not the skill of arranging LTL shipping; "the sortation
conveyor" is a machine, not sorting packages by hand. Where the posting does not support the skill,
such words are neither linked nor kept as words of their own."""

from __future__ import annotations

from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import names_its_object
from tests.unit.skills.readings import ids_of, labels_of, span_of


def test_ltl_before_freight_a_loader_moves_is_no_shipping_skill():
    pallets = "Stretch-wrap the pallets bound for outbound LTL shipments each afternoon."
    assert "ltl_shipping" not in ids_of(pallets, title="Warehouse Associate")
    assert "ltl" not in labels_of(pallets, title="Warehouse Associate")
    dock = "Unload LTL freight from inbound trailers with an electric pallet jack."
    assert "ltl_shipping" not in ids_of(dock, title="Dock Worker")
    # It stays the skill where the job arranges the shipping, and the plain name everywhere.
    booking = "Book LTL shipments with regional carriers and track each one to delivery."
    assert "ltl_shipping" in ids_of(booking, title="Logistics Coordinator")
    rates = "Compare LTL rates from three carriers before choosing one."
    assert "ltl_shipping" in ids_of(rates, title="Shipping Clerk")
    plain = "Two years of less than truckload experience required."
    assert "ltl_shipping" in ids_of(plain, title="Warehouse Associate")


def test_a_sortation_machine_is_not_sorting_packages():
    machine = "Feed totes onto the sortation conveyor and call maintenance when it jams."
    assert "sorting_packages" not in ids_of(machine, title="Warehouse Associate")
    assert "sortation" not in labels_of(machine, title="Warehouse Associate")
    hub = "Sort packages by zip code at the sortation hub."
    assert "sorting_packages" in ids_of(hub, title="Package Handler")


def test_an_unsupported_name_before_a_thing_is_not_kept_as_words():
    # "refrigeration" is refrigeration repair only beside repair words; before "trucks" it only
    # says which trucks a driver drives, so its words are not kept as a skill either.
    skill = shipped_extractor().taxonomy.skills["refrigeration_repair"]
    text = "Drive refrigeration trucks to grocery stores on a set route."
    start, end = span_of(text, "refrigeration")
    assert not names_its_object(skill, "refrigeration", text, start, end)
    alone = "Knowledge of refrigeration and heating is a plus."
    start, end = span_of(alone, "refrigeration")
    assert names_its_object(skill, "refrigeration", alone, start, end)


def test_trenches_a_worker_climbs_into_are_a_place_not_trenching():
    place = "You should be comfortable in tight trenches, under houses and up on roofs."
    assert "trenching" not in ids_of(place, title="Plumber Helper")
    assert "trenches" not in labels_of(place, title="Plumber Helper")
    shoring = "Shore trenches deeper than five feet before anyone enters."
    assert "trenching" in ids_of(shoring, title="Utility Worker")
    laying = "Lay pipe in trenches and backfill by hand."
    assert "trenching" in ids_of(laying, title="Pipe Layer")

"""The registrant rules read the imported lists through the store: `jobs match` on the demo before
and after `jobs places import-*`, with the list age setting."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jobs.cli import main
from tests.support.demo_db import demo_env as loaded_demo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "child_places"


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """One demo database for the module (loading it takes a while)."""
    return loaded_demo(tmp_path_factory.mktemp("places"))


def run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


def registrant_results(env):
    return json.loads(run(env, "match", "KC-0011", "--all-tiers", "--json").stdout)["results"]


def reasons_of(results, place_text, code=None):
    """The results with a reason (of ``code``, when given) that mentions ``place_text``."""
    return [
        r
        for r in results
        if any(place_text in x["text"] and code in (None, x["code"]) for x in r["reasons"])
    ]


def codes(result):
    return {r["code"]: r["text"] for r in result["reasons"]}


def test_imported_lists_replace_the_demo_list_and_their_age_counts(demo_env):
    before = registrant_results(demo_env)
    near_demo_school = reasons_of(
        before, "Prospect Avenue elementary school (demo", "registrant_near_school"
    )
    assert near_demo_school and {r["tier"] for r in near_demo_school} == {"excluded"}
    northtown = [r for r in before if "North Kansas City High School" in str(r["reasons"])]
    assert northtown, "the added North Kansas City High School is the nearest listed place"
    said = codes(northtown[0])
    assert said["child_places_not_covered"].startswith(
        "School and child-care distances not verified here: no current list for Clay County"
    )
    assert "only a partial list" in said["child_places_not_covered"]

    run(demo_env, "places", "import-nces", str(FIXTURES / "EDGE_GEOCODE_PUBLICSCH_2324.csv"))
    run(
        demo_env, "places", "import-csv", "child_care",
        str(FIXTURES / "licensed_child_care.csv"), "--as-of", "2026-10-01",
    )  # fmt: skip
    stale = registrant_results(demo_env)
    assert not reasons_of(stale, "(demo)"), "the imported lists are used, not the demo list"
    prospect = reasons_of(stale, "Example Prospect Elementary", "registrant_near_school")
    assert len(prospect) == len(near_demo_school)  # the same job sites, 34 m from the school
    assert {r["tier"] for r in prospect} == {"excluded"}
    clay = next(r for r in stale if "Example Northtown Middle" in str(r["reasons"]))
    assert (
        "schools: list as of 2024-06-30, older than 2 years"
        in codes(clay)["child_places_not_covered"]
    )

    lenient = {**demo_env, "JOBS_CHILD_PLACES_MAX_AGE_YEARS": "5"}
    current = registrant_results(lenient)
    clay = next(r for r in current if "Example Northtown Middle" in str(r["reasons"]))
    assert "child_places_not_covered" not in codes(clay)
    assert codes(clay)["nearest_child_place"].startswith(
        "Nearest listed school: Example Northtown Middle,"
    )
    gaps = [codes(r).get("child_places_not_covered", "") for r in current]
    assert not [g for g in gaps if "Jackson County" in g], "Jackson has both lists now"
    wyandotte = [g for g in gaps if "Wyandotte County" in g]
    assert wyandotte and all("(child care: none loaded)" in g for g in wyandotte)

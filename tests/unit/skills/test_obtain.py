"""How a credential is had: read from the words near it in the posting."""

from __future__ import annotations

import msgspec
import pytest

from jobs.matching import Requirements, assess
from jobs.skills.obtain import how_obtained
from tests.unit.matching.builders import TODAY, person, posting

DISHWASHER = (
    "Dishwasher. No experience needed; we train. You must get a food handler card within 30 days"
    " of hire; we pay for the class."
)
WAREHOUSE = (
    "Warehouse Associate. Forklift certification required — we certify you in your first week."
)
TRUCKING = "Truck Driver. CDL Class A required. Home daily."
LABORER = "Construction Laborer. OSHA 10 required."


def _read(text: str, words: str):
    start = text.index(words)
    return how_obtained(text, start, start + len(words))


@pytest.mark.parametrize(
    ("text", "words", "when", "by", "pays", "trains"),
    [
        (DISHWASHER, "food handler card", "after_hire", "within 30 days of hire", True, False),
        (WAREHOUSE, "Forklift certification", "after_hire", "in your first week", False, True),
        (TRUCKING, "CDL Class A", "before_applying", "", False, False),
        (LABORER, "OSHA 10", "before_applying", "", False, False),
        ("Must have a valid CDL upon hire.", "CDL", "before_applying", "", False, False),
        ("Must have a food handler card within 30 days of hire.", "food handler card",
         "after_hire", "within 30 days of hire", False, False),
        ("Food handler card required upon hire.", "Food handler card", "after_hire", "upon hire",
         False, False),
        ("Must have or be able to obtain CPR certification.", "CPR certification", "after_hire",
         "", False, False),
        ("OSHA 10 required, uniforms provided.", "OSHA 10", "before_applying", "", False, False),
        ("CDL Class A required. We will train you to get your forklift certification.",
         "CDL Class A", "before_applying", "", False, False),
        ("Must obtain ServSafe certification within 60 days of employment.", "ServSafe",
         "after_hire", "within 60 days of employment", False, False),
        ("Flagger card required, training provided at no cost to you.", "Flagger card",
         "after_hire", "", True, True),
        # Deadlines in the probation or training a new hire serves, or counted from appointment.
        ("You must obtain a Class B license by the end of the probationary period.",
         "Class B license", "after_hire", "by the end of the probationary period", False, False),
        ("A Class B license will be required prior to completion of probation.",
         "Class B license", "after_hire", "prior to completion of probation", False, False),
        ("Holding a Class B license within six months of appointment is required.",
         "Class B license", "after_hire", "within six months of appointment", False, False),
        ("A Class B license must be obtained during the temporary training period.",
         "Class B license", "after_hire", "during the temporary training period", False, False),
        ("New hires must obtain a surveyor certificate within three years.",
         "surveyor certificate", "after_hire", "within three years", False, False),
        ("A Class B license is required prior to appointment.", "Class B license",
         "before_applying", "", False, False),
        ("Two years of experience within the last five years and a valid CDL.", "CDL",
         "before_applying", "", False, False),
        # Completing the employer's own training gives what it includes.
        ("Willingness to complete our paid 2-week training, including CPR and Mandt.", "Mandt",
         "after_hire", "", False, True),
        ("Must attend the company's orientation course; forklift certificate required.",
         "forklift certificate", "before_applying", "", False, False),
        # Another sentence speaks of its own credential: it does not move this one.
        ("CDL Class A required; we train you on the forklift.", "CDL Class A", "before_applying",
         "", False, False),
    ],
)  # fmt: skip
def test_how_a_credential_is_had(text, words, when, by, pays, trains):
    found = _read(text, words)
    assert (found.when, found.by, found.employer_pays, found.employer_trains) == (
        when,
        by,
        pays,
        trains,
    )


def test_extraction_says_how_each_credential_is_had(extractor):
    (card,) = extractor.extract(DISHWASHER).credentials
    assert (card.obtain, card.obtain_by, card.employer_pays) == (
        "after_hire",
        "within 30 days of hire",
        True,
    )
    (forklift,) = extractor.extract(WAREHOUSE).credentials
    assert (forklift.obtain, forklift.employer_trains) == ("after_hire", True)
    (cdl,) = extractor.extract(TRUCKING).credentials
    assert cdl.obtain == "before_applying"


def test_old_extractions_without_the_field_read_as_before_applying(extractor):
    stored = msgspec.to_builtins(extractor.extract(TRUCKING))
    for credential in stored["credentials"]:
        for field in ("obtain", "obtain_by", "employer_pays", "employer_trains"):
            credential.pop(field)
    requirements = msgspec.convert(stored, Requirements)
    assert requirements.credentials[0].obtain == "before_applying"


@pytest.mark.parametrize(
    ("text", "tier", "code"),
    [
        (DISHWASHER, "eligible", "credential_to_get"),
        (WAREHOUSE, "eligible", "credential_to_get"),
        (TRUCKING, "excluded", "credential_missing"),
        (LABORER, "eligible", "credential_to_get"),
    ],
)
def test_posting_text_to_tier(extractor, text, tier, code):
    """The issue's cases, from the posting's words to the tier, for someone with no cards."""
    extraction = extractor.extract(text)
    requirements = msgspec.convert(msgspec.to_builtins(extraction), Requirements)
    job = posting(title=text.split(".")[0], requirements=msgspec.to_builtins(requirements))
    found = assess(person(credentials=[], drivers_license=True), job, TODAY)
    assert found.tier == tier
    assert code in {reason.code for reason in found.reasons}


def test_credentials_named_as_alternatives_share_a_choice():
    from jobs.skills.extract import extract

    found = extract(
        "Requirements: current food handler card or ServSafe on day one. Must have OSHA 10 and a"
        " forklift certification."
    )
    choice = {c.label: c.any_of for c in found.credentials}
    assert choice["food handler card"] == choice["servsafe certification"] > 0
    assert choice["osha 10"] == choice["forklift certification"] == 0

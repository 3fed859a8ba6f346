"""The parts of an extraction: what a posting asks for, each with where in the text it was seen.

Every ``start``/``end`` is a character offset into the cleaned posting text (``prepare_text``),
which is the input itself when the input was plain text.
"""

from __future__ import annotations

import msgspec


class Evidence(msgspec.Struct, frozen=True):
    """A span of the posting text that supports a finding."""

    text: str
    start: int
    end: int


class SkillMention(msgspec.Struct):
    """A skill seen in the posting: a taxonomy skill (``id``) or free text (``id`` None)."""

    id: str | None
    label: str
    text: str
    start: int
    end: int
    required: bool
    kind: str = "hard_skill"
    section: str = "other"
    asked: bool = True  # False: a duty the job involves, not a skill the applicant must bring
    # Every span of the posting that names this skill (one concept, read once: "MIG welding" and
    # "MIG welder"), in text order; start/end/text above are the first of them.
    evidence: list[Evidence] = []
    # The examples listed under it: "hammer", "screwdriver" for "hand tools such as ...".
    examples: list[str] = []


class Credential(msgspec.Struct):
    """A certificate, license or card the posting asks for, and how it is had.

    ``obtain``: before_applying (the default) or after_hire, when the posting says so near it
    ("within 30 days of hire", "we certify you"); ``obtain_by`` keeps the posting's words for
    when; ``employer_pays`` / ``employer_trains``: the employer pays for it or trains for it."""

    id: str | None
    label: str
    text: str
    required: bool
    start: int = 0
    end: int = 0
    obtain: str = "before_applying"  # before_applying | after_hire
    obtain_by: str = ""
    any_of: int = 0  # credentials named as alternatives ("food handler card or ServSafe") share it
    employer_pays: bool = False
    employer_trains: bool = False
    # Not required: asked for some positions only ("may be required for some positions").
    some_positions: bool = False


class Shift(msgspec.Struct):
    """A working time: a named shift, clock times ("HH:MM", 24-hour) and days ("mon".."sun")."""

    label: str
    start: str | None = None
    end: str | None = None
    days: list[str] = []
    evidence: Evidence | None = None


class Pay(msgspec.Struct):
    """Pay as stated: a range or one figure per unit (hour, day, week, month, year)."""

    min: float | None = None
    max: float | None = None
    currency: str = "USD"
    unit: str | None = None
    depends_on_experience: bool = False
    evidence: Evidence | None = None


class PhysicalDemand(msgspec.Struct):
    """A physical demand: lifting (with pounds), standing, walking, heights, bending, weather..."""

    kind: str
    text: str
    start: int
    end: int
    pounds: int | None = None


class FairChance(msgspec.Struct):
    """The posting's own words about hiring people with records.

    ``stance``: chosen_language (e.g. "second chance employer") > ordinance_boilerplate (e.g.
    "will consider qualified applicants with arrest and conviction records") > unknown >
    background_check ("must pass a background check") > exclusionary ("no felonies").
    A verified employer policy comes from the employer record, never from posting text.
    """

    stance: str = "unknown"
    evidence: list[Evidence] = []


class SettingFlag(msgspec.Struct):
    """A workplace setting the supervision rules care about (alcohol, firearms, children...)."""

    flag: str
    evidence: list[Evidence]


SETTING_FLAGS = (
    "alcohol_service",
    "alcohol_primary",  # the business itself is about alcohol: bar, liquor store, brewery
    "home_health",  # care in clients' homes, a kind of health care
    "firearms",
    "children_or_schools",
    "cash_handling",
    "banking",
    "health_care",
    "airport_secured_area",
    "commercial_driving",
    "cannabis",
)

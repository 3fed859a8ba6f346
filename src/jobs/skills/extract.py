"""``extract(text, title=None) -> Extraction``: what a posting asks for, as structured data.

The spaCy pipeline is built once per process (the first call takes a few seconds);
``extract_many`` streams postings through ``nlp.pipe``. A bad posting never stops a batch: it gets
an extraction whose ``errors`` say what went wrong.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

import msgspec

from jobs.days import DAY_NAMES, DAYS
from jobs.skills.asked import is_asked
from jobs.skills.context import is_preferred_between, sentence_around
from jobs.skills.coordination import coordinated_terms
from jobs.skills.credentials import (
    EXPERIENCE_AS,
    complete_name,
    find_more_credentials,
    given_not_asked,
    is_not_asked,
    is_plain_drivers_license,
    named_by_its_rule,
    normalise_label,
    other_grade,
    same_credential,
    shares_a_word,
    sharing_the_noun,
    without_short_mentions,
)
from jobs.skills.duties import names_only_duties
from jobs.skills.examined import examined_doing
from jobs.skills.keep import SpanOrigin, keep_skills, load_keep_model, skill_features, word_counts
from jobs.skills.language import guess_language
from jobs.skills.licenses import ClassChoice
from jobs.skills.linking import (
    checked_subject,
    coherent,
    concept_index,
    fits_context,
    fold_repeats,
    is_generic,
    is_specific,
    merge_mentions,
    names_a_place,
    names_another_person,
    names_its_object,
    refused_here,
    settle_unsupported,
    supports,
)
from jobs.skills.lone_examples import fold_lone_examples
from jobs.skills.obtain import Obtain, how_obtained, mark_alternatives
from jobs.skills.occupation import sense_in_occupation
from jobs.skills.one_way import (
    is_for_some_positions,
    is_for_some_positions_only,
    is_one_way_to_qualify,
    said_later_not_of_all,
    said_later_of_some,
)
from jobs.skills.open_skills import ends_in_an_adjective, is_free_text_skill, is_listed_example
from jobs.skills.posting_text import MAX_CHARS, prepare_text
from jobs.skills.reading_what import document_read, name_what_is_read
from jobs.skills.refers_back import sentences_referring_back
from jobs.skills.reporting import is_reporting_duty
from jobs.skills.requirements import (
    Credential,
    Evidence,
    FairChance,
    Pay,
    PhysicalDemand,
    SettingFlag,
    Shift,
    SkillMention,
)
from jobs.skills.safety_topic import name_safety_topics
from jobs.skills.sections import SectionIndex
from jobs.skills.serviced import serviced_not_done
from jobs.skills.spans import ModelSpan
from jobs.skills.taxonomy import Skill, Taxonomy, load_taxonomy, normalise_term

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from jobs.skills.open_skills import SkillLookup
    from jobs.skills.pipeline import OpenSkills

EXTRACTOR_VERSION = "2.23"  # raise when the reading rules change: stored extractions are redone

# A model span right after these words names what someone studied, not what the job does.
_COURSE_SUBJECT = re.compile(
    r"\b(?:degree|major|majoring|diploma|coursework|courses?|classes|studies|graduat\w*)"
    r"(?:\s+(?:\w+\s+){0,3}?)?\s*(?:in|of)\s+(?:[\w,]+\s+){0,3}$",
    re.IGNORECASE,
)


def _names_it_in_full(named: Credential, linked: Credential) -> bool:
    """Whether a free-text credential name is a longer name around a taxonomy credential that
    says every naming word of its label ("AHA BLS for Healthcare Provider CPR card" around "Basic
    Life Support for Healthcare Provider", bls certification)."""
    return (
        named.id is None
        and linked.id is not None
        and named.start <= linked.start
        and linked.end <= named.end
        and named.end - named.start > linked.end - linked.start
        and shares_a_word(linked.label, named.label)
    )


class Extraction(msgspec.Struct):
    """Structured requirements of one posting (DESIGN "extraction" fields plus setting flags).

    Spans (``start``/``end``) index the cleaned text: the input itself when it was plain text,
    else ``prepare_text(input).text``.
    """

    id: str | None = None
    title: str | None = None
    skills: list[SkillMention] = []
    credentials: list[Credential] = []
    drivers_license: str = "not_mentioned"  # required | preferred | not_mentioned
    drivers_license_class: str | None = None  # A | B | C
    commercial_license: bool = False
    background_check: str = "not_mentioned"  # required | after_offer | not_mentioned
    exclusionary: bool = False
    drug_test: str = "not_mentioned"  # required | not_mentioned
    shifts: list[Shift] = []
    physical: list[PhysicalDemand] = []
    experience_years: float | None = None
    entry_level: bool = False  # "no experience needed", "we train": duties are taught
    education: str | None = None  # none | high_school | vocational_or_apprenticeship | ...
    age_minimum: int | None = None
    fair_chance: FairChance = msgspec.field(default_factory=FairChance)
    pay: Pay | None = None
    setting: list[SettingFlag] = []
    evidence: dict[str, list[Evidence]] = {}
    language: str = "und"
    notes: list[str] = []
    errors: list[str] = []
    extractor_version: str = EXTRACTOR_VERSION


class PostingInput(msgspec.Struct):
    """One posting for ``extract_many``: id, optional title, text (plain or HTML)."""

    text: str
    id: str | None = None
    title: str | None = None


class Extractor:
    """A built pipeline over one taxonomy; use the module functions for the shipped taxonomy."""

    def __init__(self, taxonomy: Taxonomy, max_chars: int = MAX_CHARS) -> None:
        from jobs.skills.pipeline import build_pipeline

        self.taxonomy = taxonomy
        self.max_chars = max_chars
        self.nlp: Language = build_pipeline(taxonomy)
        open_skills = cast("OpenSkills", self.nlp.get_pipe("open_skills"))
        self.lookup: SkillLookup | None = open_skills.lookup
        self.concepts = concept_index(taxonomy)
        self.version = extractor_version(taxonomy.version)
        # Drops unlikely skill candidates (jobs.skills.keep); None (no skill_keep.json shipped,
        # as now: SKILL_KEEP_CARD.md says why) leaves the rules alone to decide.
        self.keep_model = load_keep_model()
        # Called with (posting id, merged candidates, their feature vectors) before the keep
        # model runs: tools/fit_skill_keep.py fits the model on what it records.
        self.on_candidates: (
            Callable[[str | None, list[SkillMention], list[list[float]]], None] | None
        ) = None

    def extract(self, text: str, title: str | None = None, id: str | None = None) -> Extraction:
        """Extract one posting."""
        return next(self.extract_many([PostingInput(text=text, title=title, id=id)]))

    def extract_many(
        self, postings: Iterable[PostingInput | dict[str, Any] | str], batch_size: int = 64
    ) -> Iterator[Extraction]:
        """Extract postings in order (``nlp.pipe``); one Extraction per input, errors included."""
        prepared = (self._prepare(posting) for posting in postings)
        runnable = ((pre.text, pre) for pre in prepared)
        for doc, pre in self._pipe(runnable, batch_size):
            if pre.result.errors:
                yield pre.result
                continue
            try:
                yield self._assemble(doc, pre)
            except Exception as error:  # one posting's bug must not stop the batch
                pre.result.errors.append(f"extraction failed: {type(error).__name__}: {error}")
                yield pre.result

    def _pipe(
        self, runnable: Iterable[tuple[str, _Prepared]], batch_size: int
    ) -> Iterator[tuple[Doc, _Prepared]]:
        from jobs.skills.pipeline import Findings
        from jobs.skills.scan import ScanText

        def docs() -> Iterator[tuple[Doc, _Prepared]]:
            for text, pre in runnable:
                doc = self.nlp.make_doc(text)
                # The text is known here; spaCy would rebuild it from the tokens on doc.text.
                doc._.findings = Findings(text=text, scan=ScanText(text))
                yield doc, pre

        yield from self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size)

    def _prepare(self, posting: PostingInput | dict[str, Any] | str) -> _Prepared:
        result = Extraction(extractor_version=self.version)
        try:
            if isinstance(posting, str):
                posting = PostingInput(text=posting)
            elif isinstance(posting, dict):
                given_id = posting.get("id")
                result.id = None if given_id is None else str(given_id)
                posting = msgspec.convert(posting, PostingInput, strict=False)
            result.id, result.title = posting.id, posting.title
            raw = posting.text
            if not isinstance(raw, str):
                raise TypeError(f"text must be a string, not {type(raw).__name__}")
            cleaned = prepare_text(raw, self.max_chars)
            result.notes.extend(cleaned.notes)
            text = cleaned.text
            if not raw.strip():
                result.errors.append("empty text: nothing to extract")
                text = ""
            elif not text.strip():
                result.errors.append("no text left after removing HTML markup")
                text = ""
            else:
                result.language = guess_language(text)
                if result.language not in ("en", "und"):
                    result.notes.append(
                        f"text looks like language {result.language!r}, not English; only"
                        " English patterns were applied"
                    )
            return _Prepared(text, result)
        except Exception as error:
            result.errors.append(f"bad posting input: {type(error).__name__}: {error}")
            return _Prepared("", result)

    def _names_a_job(self, words: str) -> bool:
        """Words written as a name (all capitals, or every word capitalised) that name a job
        title: the posting's own title or a class it asks experience in, not a skill."""
        if " " not in words.strip():
            return False
        if words.isupper():
            return True
        return words.istitle() and self.taxonomy.find_title(words) is not None

    def _link(self, words: str) -> tuple[Skill, float] | None:
        """The taxonomy skill the words name, refused when the words do not support its name
        (RapidFuzz found it on shared generic words, or on one word of a longer name)."""
        found = self.lookup.lookup(words) if self.lookup else None
        if found is None:
            return None
        skill, score = found
        if score >= 100 and self.taxonomy.find(words) is not None:
            return found
        return found if supports(words, skill, self.taxonomy) else None

    def _linked_concept(self, words: str) -> str | None:
        """The concept id of the taxonomy skill the words link to, if any."""
        found = self._link(words)
        if found is None:
            return None
        return self.concepts.concept_of(found[0].id) if self.concepts else found[0].id

    def _names_people_or_place(self, words: str) -> bool:
        """Posting words that name the workers ("caregivers", "dock workers", "barista") or the
        workplace ("convenience store", "commissary") rather than a skill (LABELLING.md: a job
        title, sector or place gives no skill). The words before a person noun keep the mention
        when they name a tool ("forklift drivers")."""
        found = _WORD.findall(words.lower())
        if not found:
            return False
        last = found[-1]
        if last in _PLACE_NOUNS:
            return True
        if last not in _PERSON_NOUNS:
            return False
        rest = self.taxonomy.find(" ".join(found[:-1])) if len(found) > 1 else None
        return rest is None or rest.kind != "tool"

    def _one_word_synonym(self, skill: Skill, words: str) -> bool:
        """Whether one word other than the skill's own name linked it ("proofer" for a proofing
        cabinet): enough for a posting of that trade, too little for any other."""
        return len(words.split()) == 1 and normalise_term(words) != normalise_term(skill.label)

    def _add_model_span(
        self,
        span: ModelSpan,
        text: str,
        sections: SectionIndex,
        taken: list[tuple[int, int]],
        add_skill: Callable[..., None],
        in_boilerplate: Callable[[int, int], bool],
    ) -> None:
        """A span the trained model marked, kept only where a taxonomy skill truly fits; a span
        the rules already read adds nothing. Unlinked model spans are not kept as free text: on
        the gold set's tuning split they cost more precision than they gave recall (free text of
        up to 4 words: skills P 0.626 → 0.553, F1 0.561 → 0.540; up to 2 words: F1 0.549)."""
        if any(s < span.end and span.start < e for s, e in taken):
            return
        section = sections.kind_at(span.start)
        if section in _NOT_ASKED or in_boilerplate(span.start, span.end):
            return
        if _COURSE_SUBJECT.search(text[max(0, span.start - 40) : span.start]):
            return  # "a degree in English": a course subject, not a skill (LABELLING.md)
        words = text[span.start : span.end]
        required = section != "preferred"
        found = self._link(words)
        if found is not None and found[0].kind != "credential":
            skill = found[0]
            add_skill(
                SkillMention(skill.id, skill.label, words, span.start, span.end, required,
                             skill.kind, section),
                weak=found[1] < 100, source="model", model_score=span.score,
            )  # fmt: skip
        elif found is None and self._scored() and _is_candidate_text(words):
            # Free text the keep model may keep (jobs.skills.keep): alone it cost precision.
            add_skill(
                SkillMention(None, " ".join(words.lower().split()), words, span.start, span.end,
                             required, "hard_skill", section),
                source="model", model_score=span.score, relaxed=True,
            )  # fmt: skip

    def _scored(self) -> bool:
        """Whether candidates go through the keep model (or are recorded for fitting it)."""
        return self.keep_model is not None or self.on_candidates is not None

    def _assemble(self, doc: Doc, pre: _Prepared) -> Extraction:
        from jobs.skills.pipeline import findings_of

        findings = findings_of(doc)
        result = pre.result
        text = findings.text
        sections = SectionIndex(findings.sections)
        skills: dict[str, list[SkillMention]] = {}
        credentials: dict[str, Credential] = {}
        taken: list[tuple[int, int]] = []
        boilerplate = [
            m.span() for m in findings.scan.finditer(_BOILERPLATE, _BOILERPLATE_WORDS, 60)
        ]
        studied_in = [m.start() for m in findings.scan.finditer(_STUDIED_IN, _STUDIED_WORDS, 30)]
        preferred_by_sentence: dict[tuple[int, int], bool] = {}

        def in_boilerplate(start: int, end: int) -> bool:
            return bool(boilerplate) and any(
                s - 100 < end and start < e + 100 for s, e in boilerplate
            )

        scan = findings.scan

        def preferred_at(start: int, end: int) -> bool:
            bounds = sentence_around(text, start, end)
            if bounds not in preferred_by_sentence:
                preferred_by_sentence[bounds] = is_preferred_between(scan, *bounds)
            return preferred_by_sentence[bounds]

        def not_asked_here(start: int, end: int) -> bool:
            # "works under general supervision", "a commercial driving history", "a degree in
            # English": the words name a skill, but the posting does not ask for it.
            if _UNDER.search(text, max(0, start - 30), start) or _RECORD_OF.match(text, end):
                return True
            before = bisect.bisect_left(studied_in, start)
            if before == 0 or start - studied_in[before - 1] > 400:
                return False
            left = sentence_around(text, start, end)[0]
            return studied_in[before - 1] >= left

        screening_spans = [
            (ev.start, ev.end)
            for ev in (
                findings.screening.background_evidence + findings.screening.drug_evidence
                if findings.screening is not None
                else []
            )
        ]

        weak_keys: set[str] = set()
        unsupported: list[tuple[SkillMention, SkillMention]] = []
        # The mention as first linked, by the identity of the free-text mention kept in its place:
        # both stay alive in ``unsupported``, so an id is never reused while this runs.
        linked_of: dict[int, SkillMention] = {}
        headed = any(s.kind in ("duties", "requirements") for s in findings.sections)
        # The opening pitch: text before the first heading of a posting that has headings.
        first = findings.sections[0] if findings.sections else None
        opening_end = first.end if first is not None and not first.heading else 0
        if opening_end:
            # Only the opening paragraph: a job-site posting often writes its duties in the
            # next paragraphs, before its first heading ("Package handlers load and unload...").
            paragraph = _PARAGRAPH_BREAK.search(text, len(text) - len(text.lstrip()), opening_end)
            if paragraph is not None:
                opening_end = paragraph.start()

        origins: dict[tuple[int, int], SpanOrigin] = {}

        def add_skill(
            mention: SkillMention, weak: bool = False, source: str = "taxonomy",
            model_score: float = 0.0, relaxed: bool = False,
        ) -> None:  # fmt: skip
            if mention.id in _CONDITIONS_NOT_SKILLS:
                return  # a trait ("friendly", "dependable"), not a skill
            if _is_a_date(mention.text):
                return  # "between FRIDAY, JULY 20 and [FRIDAY], JULY 27": a date, not a skill
            if _CIRCUMSTANCE.fullmatch(mention.text.strip()):
                return  # "act in [emergency situations]": when the work happens, not a skill
            if refused_here(text, mention.start, mention.end, result.title):
                return  # "the forklift driver", "Department of Industrial Relations": not a skill
            if names_another_person(self.taxonomy, text, mention.start, mention.end, result.title):
                return  # "help the pitmaster": whom the worker helps, not the worker's skill
            linked = self.taxonomy.skills.get(mention.id) if mention.id else None
            if linked is not None and not fits_context(
                linked, mention.text, text, mention.start, mention.end, result.title
            ):
                left, right = sentence_around(text, mention.start, mention.end)
                sense = sense_in_occupation(
                    linked, mention.text, self.taxonomy, result.title, text[left:right]
                )
                if sense is not None:
                    # "upholstery" for a carpet cleaner: upholstery cleaning, not the trade
                    mention = msgspec.structs.replace(
                        mention, id=sense.id, label=sense.label, kind=sense.kind
                    )
                    linked = sense
            # "repairs cranes", "repairs firefighting equipment": which thing is repaired, read
            # like an unsupported synonym (the words stay, or nothing when they only describe).
            if linked is not None and (
                serviced_not_done(linked, text, mention.start, mention.end)
                or not fits_context(
                    linked, mention.text, text, mention.start, mention.end, result.title
                )
            ):
                # "inspects ... refrigeration": not refrigeration repair; the words alone stay.
                if not names_its_object(linked, mention.text, text, mention.start, mention.end):
                    return
                if ends_in_an_adjective(mention.text):
                    return  # "basic electrical" of "basic electrical and electronic theory"
                label = " ".join(mention.text.lower().split())
                as_linked, weak = mention, False
                mention = msgspec.structs.replace(mention, id=None, label=label, kind="hard_skill")
                unsupported.append((mention, as_linked))
                linked_of[id(mention)] = as_linked
            elif linked is not None:
                subject = checked_subject(mention, linked, text, self.taxonomy, result.title)
                if subject is not None:
                    # "inspects electrical installations": knowledge, not the trade's doing
                    mention, weak = subject, False
            # A duty phrase names more than its span ("maintenance" of "the installation and
            # maintenance of plumbing systems"): its label says what it is.
            words = mention.label if source == "duty" and mention.id is None else mention.text
            if is_generic(words) and (mention.id is None or is_generic(mention.label)):
                return  # "maintenance", "operation", "series", "steel": never a skill alone
            if headed and mention.start < opening_end:
                return  # the opening pitch ("Kaw Valley Fabrication is hiring MIG Welders")
            if (
                mention.text.strip()
                and mention.text.split()[-1][:1].isupper()
                and (
                    self.taxonomy.find_title(mention.text)
                    or self.taxonomy.find_title(mention.text.rstrip("s"))
                )
            ):
                return  # "Caregiver", "Merchandisers": who does the job, not a skill
            if mention.id is None and names_a_place(text, mention.start, mention.end):
                return  # "Blue Springs" in "knowledge of Independence, Blue Springs streets"
            if _PASS_A.search(text, max(0, mention.start - 12), mention.start):
                return  # "must pass a weld test": a test to pass, not a skill
            if any(s < mention.end and mention.start < e for s, e in screening_spans):
                return  # "pass a background investigation" is screening, not the job's skill
            if self._names_a_job(mention.text):
                return  # "experience as a Window Cleaner", "EQUIPMENT MECHANIC": a job title
            if self._names_people_or_place(mention.text):
                return  # "caregivers", "banquet servers", "convenience store": who or where
            if _PLACE_AFTER.match(text, mention.end):
                return  # "our [upholstery] department", "a [BBQ] joint": where, not a skill
            if mention.id is not None and _is_language(mention.id):
                if _ENGLISH_WRITING.match(text, mention.end):
                    return  # "proper English usage and grammar": writing, not the language
                bounds = sentence_around(text, mention.start, mention.end)
                if _LANGUAGE_NOT_ASKED.search(text, *bounds):
                    return  # "Spanish speakers welcome" asks for nothing (LABELLING.md)
            if _in_a_name(text, mention.start, mention.end):
                return  # "Food Production Worker", "Crossroads Event Staffing": a title, a firm
            if mention.id is None and _NOT_A_SKILL_PHRASE.search(mention.label):
                return  # "work 3rd shift", "every other weekend", "able to sit": conditions
            if mention.id is None and _CLAUSE.search(mention.label):
                doing = examined_doing(mention.label, mention.section)
                if doing is None:
                    return  # "communicate with management", "determine procedures": a clause
                mention = msgspec.structs.replace(mention, label=doing)  # an examined ability
            if mention.id is None and is_listed_example(text, mention.start):
                return  # "equipment such as [infusion pumps]": the general skill is the label
            if (
                mention.id is None
                and " " not in mention.text.strip()
                and mention.label.split()[0] in _OVERSIGHT_VERBS
            ):
                return  # "advises ... management" read as "advising lawa management"
            key = mention.id or mention.label
            if key not in skills:
                skills[key] = []
                if weak:
                    weak_keys.add(key)
            elif not weak:
                weak_keys.discard(key)
            skills[key].append(mention)  # every mention kept: merging keeps them as evidence
            origin = origins.setdefault((mention.start, mention.end), SpanOrigin())
            origin.sources.add(source)
            origin.strict = origin.strict or not relaxed
            origin.model_score = max(origin.model_score, model_score)

        def asked_of_all(credential: Credential) -> bool:
            # Not under a "Preferred" heading, not one way of several to qualify, nor asked for
            # some positions only.
            start, end = credential.start, credential.end
            return end <= start or not (
                sections.kind_at(start) == "preferred"
                or is_one_way_to_qualify(text, start, end, credential.label)
                or is_for_some_positions(text, start, end, sections.heading_at(start))
            )

        def note_mention(credential: Credential, key: str) -> None:
            # Every mention, required or not: a later "this certification" means the nearest.
            if credential.end > credential.start:
                named_at.append((credential.start, credential.end, credential.label, key))
                if not credential.required and is_for_some_positions_only(
                    text, credential.start, credential.end, sections.heading_at(credential.start)
                ):
                    some_positions.add(key)

        def add_credential(credential: Credential) -> None:
            if credential.end > credential.start and is_not_asked(
                text, credential.start, credential.end, credential.id, credential.label
            ):
                return  # a clearance, the job's title, the people hired, or what is given
            credential.label = normalise_label(credential.label)
            credential.required = credential.required and asked_of_all(credential)
            key = credential.id or credential.label.lower()
            for other_key, other in credentials.items():
                if same_credential(other, credential):
                    key = other_key  # "Apprentice Certificate" after "Apprenticeship Certificate"
                    break
            note_mention(credential, key)
            if credential.required:
                required_at.setdefault(key, []).append((credential.start, credential.end))
            old = credentials.get(key)
            if old is not None and _names_it_in_full(credential, old):
                # "American Heart Association Basic Life Support for Healthcare Provider CPR card"
                # around "Basic Life Support for Healthcare Provider": the taxonomy credential,
                # named as the posting names it.
                old.label, old.text = credential.label, credential.text
                old.start, old.end = credential.start, credential.end
            if old is None:
                credentials[key] = credential
            elif credential.required and not old.required:
                old.required = True

        # Where each credential is required (not only named): how it is had is read there.
        required_at: dict[str, list[tuple[int, int]]] = {}
        # Every credential mention (start, end, label, key), and the credentials some mention
        # asks for some positions only.
        named_at: list[tuple[int, int, str, str]] = []
        some_positions: set[str] = set()

        credential_spans: list[tuple[int, int, str]] = []  # every taxonomy credential read

        def add_taxonomy_match(
            skill: Skill, start: int, end: int, term: str | None, required: bool, section: str
        ) -> None:
            words = term or text[start:end]
            if _NEGATED_BEFORE.search(text, max(0, start - 12), start) or _NOT_NEEDED_AFTER.match(
                text, end
            ):
                return  # "Non-CDL", "no forklift experience needed", "CDL not required"
            if skill.kind == "credential":
                if is_plain_drivers_license(skill.label):
                    return  # the drivers_license field says it, with its status
                if EXPERIENCE_AS.search(text, max(0, start - 40), start):
                    return  # "experience as a journey-level electrician" is experience
                credential_spans.append((start, end, skill.id))
                add_credential(Credential(skill.id, skill.label, words, required, start, end))
            else:
                add_skill(
                    SkillMention(skill.id, skill.label, words, start, end, required, skill.kind,
                                 section),
                    weak=self._one_word_synonym(skill, words),
                )  # fmt: skip

        sharing: set[tuple[int, int]] = set()  # list items read with the list's noun
        for match in findings.taxonomy_matches:
            section = sections.kind_at(match.start)
            if section in _NOT_ASKED or in_boilerplate(match.start, match.end):
                continue
            if not_asked_here(match.start, match.end):
                continue
            required = section != "preferred" and not preferred_at(match.start, match.end)
            taken.append((match.start, match.end))
            read: list[tuple[Skill, int, int, str | None]] = [
                (self.taxonomy.skills[match.skill_id], match.start, match.end, None)
            ]
            for listed, start, end in coordinated_terms(text, match.start, match.end):
                coordinated = self.taxonomy.find(listed)
                if coordinated is not None:  # "building, plumbing and [electrical codes]"
                    read.append((coordinated, start, end, listed))
                    sharing.add((start, end))
            for skill, start, end, term in read:
                add_taxonomy_match(skill, start, end, term, required, section)
        if sharing:
            # "the Electrical, [Plumbing], and Mechanical Codes": the item names the codes read
            # with the list's noun ("plumbing codes"), not the trade on its own word.
            for key, mentions in list(skills.items()):
                mentions[:] = [
                    m
                    for m in mentions
                    if (m.start, m.end) not in sharing or m.text != text[m.start : m.end]
                ]
                if not mentions:
                    del skills[key]
        for phrase in findings.open_phrases:
            covered = sum(
                min(e, phrase.end) - max(s, phrase.start)
                for s, e in taken
                if s < phrase.end and phrase.start < e
            )
            if covered * 2 >= phrase.end - phrase.start:
                continue  # the taxonomy matcher already read most of this phrase
            section = sections.kind_at(phrase.start)
            if section in _NOT_ASKED or in_boilerplate(phrase.start, phrase.end):
                continue
            sentence_start = max(0, text.rfind("\n", 0, phrase.start))
            required = section != "preferred" and not is_preferred_between(
                scan, sentence_start, phrase.end + 80
            )
            found = self._link(phrase.label)
            if found is not None:
                skill, _score = found
                if skill.kind == "credential":
                    if is_plain_drivers_license(skill.label):
                        continue
                    add_credential(
                        Credential(skill.id, skill.label, phrase.text, required, phrase.start,
                                   phrase.end)
                    )  # fmt: skip
                    continue
                add_skill(
                    SkillMention(skill.id, skill.label, phrase.text, phrase.start, phrase.end,
                                 required, skill.kind, section),
                    weak=_score < 100 or self._one_word_synonym(skill, phrase.label),
                    source="phrase",
                )  # fmt: skip
            elif len(phrase.label.split()) <= _MAX_FREE_TEXT_WORDS and (
                (is_free_text_skill(phrase.label) and is_specific(phrase.label))
                or _is_named_competency(phrase.label)
                or _names_a_science(phrase.label)
                or _names_a_trades_terminology(phrase.label)
            ):
                add_skill(
                    SkillMention(None, phrase.label.lower(), phrase.text, phrase.start, phrase.end,
                                 required, "hard_skill", section),
                    source="phrase",
                )  # fmt: skip
            elif (reading := document_read(text, phrase.start, phrase.end)) is not None:
                # "read blueprints, [sketches], and sewer maps": one word, yet a document read
                add_skill(
                    SkillMention(None, reading, phrase.text, phrase.start, phrase.end, required,
                                 "hard_skill", section),
                    source="phrase",
                )  # fmt: skip
            elif self._scored() and _is_candidate_text(phrase.label):
                add_skill(
                    SkillMention(None, phrase.label.lower(), phrase.text, phrase.start, phrase.end,
                                 required, "hard_skill", section),
                    source="phrase", relaxed=True,
                )  # fmt: skip
        # Taxonomy matches on the verbs alone ("load and unload") that duty phrases naming what
        # is loaded ("loading trailers", "unloading trailers") replace.
        verbs_only: set[tuple[int, int]] = set()
        for duty in findings.duty_phrases:
            overlapping = [(s, e) for s, e in taken if s < duty.end and duty.start < e]
            if overlapping:
                if len(duty.label.split()) < 2 or not all(
                    names_only_duties(text[s:e]) for s, e in overlapping
                ):
                    continue  # the taxonomy matcher already read these words
                verbs_only.update(overlapping)
            section = sections.kind_at(duty.start)
            found = self._link(duty.label)
            if found is not None and not _keeps_the_activity(duty.label, found[0].label):
                found = None  # "removal of trees" is not tree trimming: the words stand
            if found is not None and not fits_context(
                found[0], duty.label, text, duty.start, duty.end, result.title
            ):
                found = None  # "maintenance of plants" a gardener does is no plant maintenance
            words = text[duty.start : duty.end]
            if found is not None and found[0].kind != "credential":
                skill = found[0]
                add_skill(
                    SkillMention(skill.id, skill.label, words, duty.start, duty.end, True,
                                 skill.kind, section),
                    weak=found[1] < 100, source="duty",
                )  # fmt: skip
            elif found is None and (
                (is_free_text_skill(duty.label) and is_specific(duty.label))
                or is_reporting_duty(duty.label)
                or (duty.alone and section == "duties" and not is_generic(duty.label))
            ):
                add_skill(
                    SkillMention(None, duty.label.lower(), words, duty.start, duty.end, True,
                                 "hard_skill", section),
                    source="duty",
                )  # fmt: skip
            elif found is None and self._scored() and _is_candidate_text(duty.label):
                add_skill(
                    SkillMention(None, duty.label.lower(), words, duty.start, duty.end, True,
                                 "hard_skill", section),
                    source="duty", relaxed=True,
                )  # fmt: skip
        if verbs_only:
            duty_spans = {(d.start, d.end) for d in findings.duty_phrases}
            for key, mentions in list(skills.items()):
                mentions[:] = [
                    m
                    for m in mentions
                    if (m.start, m.end) not in verbs_only or (m.start, m.end) in duty_spans
                ]
                if not mentions:
                    del skills[key]
        named = [
            complete_name(text, c)
            for c in [*findings.named_credentials, *find_more_credentials(text)]
            if not in_boilerplate(c.start, c.end)
            and not _NEGATED_BEFORE.search(text, max(0, c.start - 12), c.start)
            and not _NOT_NEEDED_AFTER.match(text, c.end)
        ]
        named += [other for c in named if (other := other_grade(text, c)) is not None]
        named = without_short_mentions(named)
        for credential in named:
            # A named certificate replaces a taxonomy credential that says the same in general
            # words ("Apprenticeship Certificate" over "registered apprenticeship").
            for key, other in list(credentials.items()):
                overlaps = other.start < credential.end and credential.start < other.end
                if other.id and not overlaps and shares_a_word(other.label, credential.label):
                    del credentials[key]
        for credential in named:
            inside = [(s, e) for s, e in taken if s < credential.end and credential.start < e]
            if any(s < credential.start or e > credential.end for s, e in inside):
                continue
            if any(
                c.start <= credential.start and credential.end <= c.end
                for c in credentials.values()
            ) or any(
                (s, e) == (credential.start, credential.end) and skill_id in credentials
                for s, e, skill_id in credential_spans
            ):
                continue  # read already ("EIT certification" again, after the EIT certificate)
            if any(named_by_its_rule(text, credential.end, s) for s, _, _ in credential_spans):
                continue  # "Technician Certificate, in accordance with Section 608": EPA 608
            # "Forklift certification": the credential replaces the bare skill read inside it.
            for key, mentions in list(skills.items()):
                mentions[:] = [
                    m
                    for m in mentions
                    if not (credential.start <= m.start and m.end <= credential.end)
                ]
                if not mentions:
                    del skills[key]
            add_credential(credential)

        for credential in list(credentials.values()):
            # "First Aid and CPR or [EMT-1 certificate]": each item listed before shares the noun.
            for terms, start, end in sharing_the_noun(text, credential.start, credential.end):
                item = next(
                    (s for s in map(self.taxonomy.find, terms) if s and s.kind == "credential"),
                    None,
                )
                if item is not None and not is_plain_drivers_license(item.label):
                    add_credential(
                        Credential(item.id, item.label, text[start:end], credential.required,
                                   start, end)
                    )  # fmt: skip
        license = findings.drivers_license
        screening = findings.screening
        # Commercial classes required only as alternatives ("Class B (or A)"): holding one is
        # enough, so they become one choice once the credentials are listed.
        class_choice = ClassChoice()
        with_ordinary: dict[str, list[tuple[int, int]]] = {}
        if license is not None and license.status != "not_mentioned":
            given = bool(license.evidence) and all(
                given_not_asked(text, e.start, e.end) for e in license.evidence
            )  # "earn their CDL Class A at no cost": the employer gives it
            for letter in [] if given else license.classes:
                if letter == "C":
                    continue  # an ordinary license: the drivers_license field says it
                # "a valid Class B driver's license": a commercial license is a credential,
                # required where a sentence requires it of everyone ("some positions may
                # require a Class B license" does not).
                cdl = self.taxonomy.skills.get(f"cdl_class_{letter.lower()}")
                key = cdl.id if cdl else f"class {letter.lower()} driver's license"
                for said in (m for m in license.class_mentions if m.letter == letter):
                    evidence = said.evidence
                    as_read = Credential(
                        cdl.id if cdl else None,
                        cdl.label if cdl else f"Class {letter} driver's license",
                        evidence.text, said.required, evidence.start, evidence.end,
                    )  # fmt: skip
                    # "Class C or B": the ordinary license is enough, so B is not asked of all.
                    if "C" in said.either:
                        with_ordinary.setdefault(key, []).append(
                            sentence_around(text, evidence.start, evidence.end)
                        )
                    as_read.required = (
                        as_read.required and asked_of_all(as_read) and "C" not in said.either
                    )
                    class_choice.note(key, said, as_read.required)
                    note_mention(as_read, key)
                    if as_read.required:
                        required_at.setdefault(key, []).append((as_read.start, as_read.end))
                    old = credentials.get(key)
                    if old is None:
                        credentials[key] = as_read
                    elif as_read.required and not old.required:
                        old.required = True
            for key, sentences in with_ordinary.items():
                # The taxonomy reads "Class B driver's license" in "Class C or Class B driver's
                # license" too: required nowhere else, it is not asked of all.
                if key in credentials and all(
                    any(left <= start < right for left, right in sentences)
                    for start, _ in required_at.get(key, [])
                ):
                    credentials[key].required = False
        for span in findings.model_spans:
            self._add_model_span(span, text, sections, taken, add_skill, in_boilerplate)
        settle_unsupported(skills, unsupported)
        every = [(key, m) for key, mentions in skills.items() for m in mentions]
        weak = {index for index, (key, _) in enumerate(every) if key in weak_keys}
        read_as = {
            index: self.taxonomy.skills[linked.id]
            for index, (_, mention) in enumerate(every)
            if (linked := linked_of.get(id(mention))) is not None
            and linked.id in self.taxonomy.skills
        }
        kept = coherent([m for _, m in every], weak, self.taxonomy, read_as)
        for mention in kept:
            mention.asked = is_asked(text, mention)
        merged = merge_mentions(kept, text, self.concepts)
        merged = fold_repeats(merged, self._linked_concept)
        merged = name_safety_topics(merged, text)
        merged = name_what_is_read(merged, text, self._linked_concept)
        merged = fold_lone_examples(merged, text)
        has_selection = self._scored() and any(s.kind == "selection" for s in findings.sections)
        if self.on_candidates is not None:
            counts = word_counts(text)
            self.on_candidates(
                result.id,
                merged,
                [
                    skill_features(m, text, origins, len(merged), has_selection, counts)
                    for m in merged
                ],
            )
        if self.keep_model is not None:
            merged = keep_skills(merged, text, origins, self.keep_model, has_selection)
        result.skills = merged
        said_later = _read_later_sentences(text, credentials, required_at, named_at, some_positions)
        for key, credential in credentials.items():
            credential.some_positions = not credential.required and key in some_positions
        result.credentials = list(credentials.values())
        mark_alternatives(text, result.credentials)
        class_choice.mark(credentials, result.credentials)
        for key, credential in credentials.items():
            if credential.end > credential.start:
                # "Administer medications as a certified Medication Aide": a duty names the
                # credential, the requirements say when it is had ("our paid training,
                # including Medication Aide").
                asked_at = required_at.get(key, [])
                outside_duties = [s for s in asked_at if sections.kind_at(s[0]) != "duties"]
                how = _how_obtained(
                    text, credential, outside_duties or asked_at, said_later.get(key, [])
                )
                credential.obtain, credential.obtain_by = how.when, how.by
                credential.employer_pays = how.employer_pays
                credential.employer_trains = how.employer_trains
        if license is not None:
            result.drivers_license = license.status
            result.drivers_license_class = license.license_class
            result.commercial_license = license.commercial
            result.evidence["drivers_license"] = license.evidence
        if screening is not None:
            result.background_check = screening.background_check
            result.drug_test = screening.drug_test
            result.exclusionary = screening.exclusionary
            result.evidence["background_check"] = screening.background_evidence
            result.evidence["drug_test"] = screening.drug_evidence
            result.evidence["exclusionary"] = screening.exclusionary_evidence
        result.fair_chance = findings.fair_chance or FairChance()
        result.shifts = findings.shifts
        result.pay = findings.pay
        result.physical = findings.physical
        result.education = findings.education
        result.experience_years = findings.experience_years
        result.entry_level = bool(findings.entry_level)
        if findings.entry_level:
            result.evidence["entry_level"] = findings.entry_level
        result.age_minimum = findings.age_minimum
        result.setting = findings.setting
        return result


def _read_later_sentences(
    text: str,
    credentials: dict[str, Credential],
    required_at: dict[str, list[tuple[int, int]]],
    named_at: list[tuple[int, int, str, str]],
    some_positions: set[str],
) -> dict[str, list[tuple[int, int]]]:
    """The later sentences that refer back to each credential ("this certification"), by key;
    in place, a credential such a sentence says is for some positions, preferred, waived or met
    another way is no longer required where it was named."""
    known = [m for m in dict.fromkeys(named_at) if m[3] in credentials]
    later = sentences_referring_back(text, [(start, end, label) for start, end, label, _ in known])
    said_later: dict[str, list[tuple[int, int]]] = {}
    for index, bounds in later.items():
        start, end, _, key = known[index]
        said_later.setdefault(key, []).extend(bounds)
        some = any(said_later_of_some(text, left, right) for left, right in bounds)
        if not (some or any(said_later_not_of_all(text, left, right) for left, right in bounds)):
            continue
        spans = required_at.get(key, [])
        if (start, end) in spans:
            spans[:] = [span for span in spans if span != (start, end)]
            if not spans:
                credentials[key].required = False
        if some:
            some_positions.add(key)
    return said_later


def _how_obtained(
    text: str,
    credential: Credential,
    required_at: list[tuple[int, int]],
    said_later: list[tuple[int, int]] = [],  # noqa: B006 - read only
) -> Obtain:
    """How a credential is had, read where it is required (and in the later sentences that refer
    back to it): after hire only when every sentence that requires it allows that ("a Class B
    license by the end of probation")."""
    spans = required_at if credential.required and required_at else []
    spans = spans or [(credential.start, credential.end)]
    found = [how_obtained(text, start, end, said_later) for start, end in dict.fromkeys(spans)]
    before = next((how for how in found if how.when != "after_hire"), None)
    return before or found[0]


class _Prepared:
    __slots__ = ("result", "text")

    def __init__(self, text: str, result: Extraction) -> None:
        self.text, self.result = text, result


# A free-text skill is a short name; a longer phrase is a clause ("knowing the limitations of the
# bus", "connecting cables to proper terminals") that a specialist would not record as one skill.
_MAX_FREE_TEXT_WORDS = 4


# Activities too general to tell one skill from another: the thing done names the skill.
_GENERAL_ACTIVITIES = {
    "running", "operating", "operation", "using", "use", "handling", "doing", "performing",
    "making", "taking", "working", "providing", "assisting", "helping",
}  # fmt: skip


def _keeps_the_activity(duty: str, label: str) -> bool:
    """Whether a taxonomy label linked from a duty phrase still names the duty's activity
    ("installing water meters" and "water meter installation"), so that a link does not swap
    one activity for another ("removal of trees" for tree trimming). General activities
    ("running", "operating") leave the skill to the thing and always keep the link."""
    first = duty.split()[0].lower() if duty.split() else ""
    if first in _GENERAL_ACTIVITIES or len(first) < 4:
        return True
    stem = first[:4]
    return any(word.startswith(stem) for word in _WORD.findall(label.lower()))


def _is_candidate_text(words: str) -> bool:
    """Free text the keep model may weigh though the rules alone would not keep it: one to five
    words, not one generic word."""
    count = len(words.split())
    return 1 <= count <= _MAX_FREE_TEXT_WORDS + 1 and not is_generic(words)


# A science or field of knowledge named by its ending ("microbiology", "hydrography",
# "stoichiometry"); words with these endings that name no field are left out.
_SCIENCE = re.compile(r"[a-z]{3,}(?:ology|ography|ometry|istry|onomy)", re.I)
_NOT_SCIENCES = frozenset(
    {"terminology", "technology", "technologies", "methodology", "chronology"}
)


def _names_a_science(label: str) -> bool:
    """One word naming a field of knowledge by its ending, as a knowledge list names it
    ("knowledge of: hydrology; microbiology; geology"): a one-word label is otherwise kept only
    when written as a name, but a science is a knowledge area however it is written."""
    word = label.strip().lower()
    return bool(_SCIENCE.fullmatch(word)) and word not in _NOT_SCIENCES


# Words that judge or describe terms, not the trade or field whose terms they are.
_NOT_A_FIELD = frozenset(
    {"technical", "general", "basic", "common", "proper", "appropriate", "standard", "numerical",
     "specialized", "related", "such", "other", "new", "correct", "professional", "legal",
     "descriptive", "accurate", "specific"}
)  # fmt: skip


def _names_a_trades_terminology(label: str) -> bool:
    """The terms of a named trade or field ("automotive terminology", "barge terminology"), a
    knowledge area the examination asks for; "terminology" alone or after a word that only
    describes it ("descriptive terminology", "technical terminology") names none."""
    words = label.lower().split()
    if len(words) < 2 or len(words) > _MAX_FREE_TEXT_WORDS or words[-1] != "terminology":
        return False
    field = words[-2]
    return (
        all(w.isalpha() and not w.endswith("ly") for w in words[:-1])
        and field not in _NOT_A_FIELD
    )  # fmt: skip


def _is_named_competency(label: str) -> bool:
    """One word written as a name: a competency in a list ("Credibility", "Objectivity"), or a
    system's acronym ("SCADA")."""
    word = label.strip()
    if " " in word or is_generic(word):
        return False
    return is_free_text_skill(word) or (word.isupper() and word.isalpha() and 3 <= len(word) <= 6)


_WORD = re.compile(r"[a-z0-9]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Nouns naming who does a job: words ending in one name a job title, not a skill.
_PERSON_NOUNS = {
    "caregiver", "caregivers", "cashier", "cashiers", "server", "servers", "worker", "workers",
    "aide", "aides", "tech", "techs", "technician", "technicians", "barista", "baristas",
    "spotter", "spotters", "attendant", "attendants", "driver", "drivers", "helper", "helpers",
    "handyman", "housekeeper", "housekeepers", "cook", "cooks", "associate", "associates",
    "staff", "crew", "leader", "leaders", "jockey", "hostler", "merchandiser", "merchandisers",
}  # fmt: skip
# Nouns naming a workplace: "convenience store", "commissary", "concession stands".
_PLACE_NOUNS = {
    "store", "stores", "commissary", "stand", "stands", "yard", "restaurant", "restaurants",
    "warehouse", "warehouses", "hotel", "hotels", "hospital", "hospitals", "environment",
}  # fmt: skip
# A workplace named right after the words: "our upholstery department", "a BBQ joint".
_PLACE_AFTER = re.compile(
    r"\s+(?:department|departments|dept|joint|joints|restaurant|restaurants|store|stores"
    r"|company|companies)\b",
    re.I,
)
# Free-text phrases that name a working condition, schedule or trait, not a skill
# (LABELLING.md: working conditions and traits are left out).
_NOT_A_SKILL_PHRASE = re.compile(
    r"\b(?:shifts?|weekends?|overtime|hours|sit|stand|stairs|noisy|fast|quickly|busy|heavy"
    r"|all\s+day|attitude|basis|environment|willingness|differentials?)\b",
    re.I,
)

# Free text that is a cut clause rather than a skill's name: a purpose or partner after "to",
# "with", "for", "in" ("sufficient to write letters", "communicate with program members"), or a
# bare imperative of judging or doing in general ("determine procedures", "ensure compliance").
_CLAUSE = re.compile(
    r"\s(?:to|with|for|in)\s|^(?:interpret|prepare|determine|maintain|evaluate|use|perform|make"
    r"|ensure|assess|explain|identify|establish|implement|develop|conduct|direct|communicate"
    r"|handle|review|check|verify|compile|assemble|investigate|work"
    r"|incorporate|utilize|avoid|gain|critique|list|perceive|arrive|frequent|remain)\s",
    re.I,
)

# A duty verb alone, spread over the objects of a long sentence, that names overseeing or
# deciding rather than a skill of its own: "recommends ... insurance coverage", "approves ...".
_OVERSIGHT_VERBS = {
    "implementing", "advising", "recommending", "determining", "safeguarding", "securing",
    "interpreting", "operating", "indicating", "administering", "providing", "approving",
    "collecting",
}  # fmt: skip

# Traits, not skills a specialist writes down ("friendly",
# "dependable", "patient", "willing to learn": LABELLING.md, "Traits are not skills").
_CONDITIONS_NOT_SKILLS = {
    "reliability", "punctuality", "work_ethic", "friendly_demeanor",
    "patience", "empathy", "willingness_to_learn", "courteousness", "energy_and_enthusiasm",
    "physical_stamina", "curiosity", "good_memory", "professionalism",
    # working conditions and physical demands (cold, heights, confined spaces, fast pace)
    "confined_space_work", "working_outdoors", "fast_paced_work", "working_at_heights",
    # eyesight asked as a medical standard ("Normal color vision is required")
    "color_vision",
    # general conduct: wearing the gear is following safety rules, not a skill
    "personal_protective_equipment",
}  # fmt: skip

# Sections that describe what the employer gives or how to apply, not what the job asks for.
_NOT_ASKED = {"benefits", "application", "boilerplate"}

# Equal-opportunity and accommodation statements name laws and groups, never skills asked for.
_BOILERPLATE = re.compile(
    r"discriminat|reasonable accommodation|disability accommodation|affirmative action"
    r"|equal (?:employment )?opportunity employer|without regard to|protected veteran",
    re.I,
)
_BOILERPLATE_WORDS = (
    "discriminat", "accommodation", "affirmative", "opportunity employer", "without regard",
    "protected veteran",
)  # fmt: skip


_PASS_A = re.compile(r"\bpass(?:es|ing)?\s+(?:an?\s+|the\s+)?$", re.I)
_NEGATED_BEFORE = re.compile(r"(?:\bnon[- ]?|\bno\s+(?:\w+\s+)?)$", re.I)
_NOT_NEEDED_AFTER = re.compile(
    r"\s*(?:is\s+|are\s+)?not\s+(?:required|needed|necessary)|\s+(?:is\s+)?optional\b", re.I
)
_STUDIED_WORDS = ("degree", "major", "minor", "course", "units")
_UNDER = re.compile(r"\bunder\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_RECORD_OF = re.compile(r"\s+(?:history|histories|record|records|abstract)\b", re.I)
_STUDIED_IN = re.compile(
    r"\b(?:degree|degrees|major|majoring|minor|coursework|course\s+work|courses|units)\s+in\b", re.I
)


_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
)  # fmt: skip
_CALENDAR_WORDS = frozenset(
    {*DAYS, *(name.lower() for name in DAY_NAMES.values()), "tues", "thur", "thurs", *_MONTHS}
)
_CALENDAR_TOKEN = re.compile(r"[a-z]+|\d+")


def _is_a_date(words: str) -> bool:
    """Whether the words are only days, months and numbers ("FRIDAY", "July 27, 2018")."""
    tokens = _CALENDAR_TOKEN.findall(words.lower())
    return any(t in _CALENDAR_WORDS for t in tokens) and all(
        t in _CALENDAR_WORDS or t.isdigit() for t in tokens
    )


# "emergency situations", "stressful circumstances": when the work happens, not what it takes;
# "handle stressful situations" names the ability and stays.
_CIRCUMSTANCE = re.compile(
    r"(?!(?:handl|recogni[sz]|identif|assess|manag|respond|defus|diffus|de-?escalat|resolv"
    r"|evaluat|deal)\w*\s)(?:[a-z-]+\s+)?(?:situations?|circumstances?)|emergencies",
    re.I,
)


def _is_language(skill_id: str) -> bool:
    return skill_id.endswith("_language") or skill_id.startswith("bilingual")


# "English usage, punctuation, spelling": the words name writing well, which has its own skills.
_ENGLISH_WRITING = re.compile(
    r"[ \t]+(?:language\s+in\s+writ\w*|usage|grammar|syntax|punctuation|spelling|composition)",
    re.I,
)
# A language named without being asked for: "Spanish speakers welcome", "our supervisors speak
# English and Spanish".
_LANGUAGE_NOT_ASKED = re.compile(
    r"\bwelcome\b|\bour\s+(?:supervisors|managers|staff|team)\b|\bse\s+habla\b", re.I
)


# Words after capitalised skill words that make them part of a job title or a firm's name.
_NAME_AFTER = re.compile(
    r"[ \t]+(?:Workers?|Technicians?|Professionals?|Specialists?|Assistants?|Associates?"
    r"|Operators?|Managers?|Supervisors?|Clerks?|Coordinators?|Representatives?|Aides?|Leads?"
    r"|Staff|Team|Helpers?|Attendants?|Inc|LLC|Group|Services|Solutions|Company)\b"
)
_FIRM_WORDS = ("staffing", "services", "solutions", "group", "company")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether capitalised words at start..end are part of a job title or a firm's name: every
    word capitalised, and a title or firm word right after ("Patient Care Technician"), or the
    words themselves end in one ("Crossroads Event Staffing")."""
    words = text[start:end].split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    return _NAME_AFTER.match(text, end) is not None or words[-1].lower() in _FIRM_WORDS


def extractor_version(taxonomy_version: str) -> str:
    """The version an extractor over a taxonomy of ``taxonomy_version`` stamps on its readings."""
    return f"{EXTRACTOR_VERSION}+taxonomy.{taxonomy_version}"


_shipped: list[Extractor] = []
_shipped_lock = threading.Lock()


def shipped_extractor() -> Extractor:
    """The extractor over the shipped taxonomy, built once per process on first use.

    Sharing it is safe: it depends on package data only. An extractor that also knows the terms
    a database imported belongs to that app's runtime (``jobs.runtime.Runtime.extractor``)."""
    with _shipped_lock:
        if not _shipped:
            _shipped.append(Extractor(load_taxonomy()))
        return _shipped[0]


def extract(text: str, title: str | None = None, id: str | None = None) -> Extraction:
    """Extract one posting with the shipped taxonomy."""
    return shipped_extractor().extract(text, title=title, id=id)


def extract_many(
    postings: Iterable[PostingInput | dict[str, Any] | str], batch_size: int = 64
) -> Iterator[Extraction]:
    """Extract many postings (dicts with id/title/text, PostingInput, or plain strings) in order."""
    return shipped_extractor().extract_many(postings, batch_size=batch_size)

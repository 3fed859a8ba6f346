"""The spaCy pipeline: a blank English model with our rule components, built once per process.

    tokenizer → sentencizer (line breaks too) → lemmatizer (lookup, lower-cased) → taxonomy_skills
    → posting_sections → skill_spans (the trained span model) → open_skills → requirements

Every component writes into ``doc._.findings`` (a ``Findings``); ``extract.py`` turns that into an
``Extraction``. The rule extractors work on ``doc.text`` with compiled regular expressions, which is
faster than token patterns for clock times, money and the like, and keeps them testable on strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import msgspec
import numpy as np
import spacy
from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, load_config
from thinc.api import NumpyOps

from jobs.skills.duties import find_duty_phrases, find_imperative_phrases
from jobs.skills.education import find_age_minimum, find_education, find_experience_years
from jobs.skills.entry_level import find_entry_level
from jobs.skills.fair_chance import find_fair_chance
from jobs.skills.greedy_entities import GreedyEntities
from jobs.skills.licenses import DriversLicense, find_drivers_license, find_named_credentials
from jobs.skills.open_skills import OpenPhrase, SkillLookup, find_open_phrases
from jobs.skills.pay import find_pay
from jobs.skills.physical import find_physical
from jobs.skills.requirements import (
    Credential,
    Evidence,
    FairChance,
    Pay,
    PhysicalDemand,
    SettingFlag,
    Shift,
)
from jobs.skills.scan import ScanText
from jobs.skills.screening import Screening, find_screening
from jobs.skills.sections import Section, find_sections
from jobs.skills.shifts import find_shifts
from jobs.skills.spans import ModelSpan
from jobs.skills.taxonomy import Taxonomy
from jobs.skills.workplace_setting import find_setting


class TaxonomyMatch(msgspec.Struct, frozen=True):
    """A taxonomy term seen in the text: skill id and character span."""

    skill_id: str
    start: int
    end: int


class Findings(msgspec.Struct):
    """What the components found in one posting."""

    scan: ScanText  # the same text, with the lower-case copy and keyword windows the rules share
    text: str = ""
    sections: list[Section] = []
    taxonomy_matches: list[TaxonomyMatch] = []
    model_spans: list[ModelSpan] = []  # from the trained span model, when one is loaded
    open_phrases: list[Any] = []
    duty_phrases: list[Any] = []
    drivers_license: DriversLicense | None = None
    named_credentials: list[Credential] = []
    screening: Screening | None = None
    fair_chance: FairChance | None = None
    shifts: list[Shift] = []
    pay: Pay | None = None
    physical: list[PhysicalDemand] = []
    education: str | None = None
    experience_years: float | None = None
    entry_level: list[Evidence] = []
    age_minimum: int | None = None
    setting: list[SettingFlag] = []


if not Doc.has_extension("findings"):
    Doc.set_extension("findings", default=None)


def findings_of(doc: Doc) -> Findings:
    """The doc's findings, created on first use (with the doc's text, which spaCy rebuilds from
    the tokens on every ``doc.text``: read once, here)."""
    if doc._.findings is None:
        text = doc.text
        doc._.findings = Findings(text=text, scan=ScanText(text))
    findings: Findings = doc._.findings
    return findings


class LineSentencizer:
    """Sentence starts after . ! ? and after every line break, set in one vectorised pass.

    Postings are lists and headings, not prose, so a line break ends a sentence; spaCy's own
    sentencizer ignores line breaks and walks the tokens in Python (about 13 ms on a 1,500-word
    bulletin, more than all our extractors together). Here "ends a sentence" is a lexeme flag,
    computed once per word in the vocabulary, so a doc's flags come out as one array.
    """

    _ENDS = (".", "!", "?", "•", ";")

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.ends_flag = nlp.vocab.add_flag(self._ends_sentence)

    @classmethod
    def _ends_sentence(cls, text: str) -> bool:
        return "\n" in text or text in cls._ENDS

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        ends = doc.to_array([self.ends_flag]).astype(bool)
        starts = np.full(len(doc), -1, dtype="int64")
        starts[0] = 1
        starts[1:][ends[:-1]] = 1
        # spaCy annotates the array as thinc's Ints2d, which numpy's array types do not name.
        doc.from_array([SENT_START], starts.view("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("line_sentencizer")
def make_line_sentencizer(nlp: Language, name: str) -> LineSentencizer:
    """Factory for LineSentencizer."""
    return LineSentencizer(nlp)


class LowercaseLemmatizer(Lemmatizer):
    """The lookup lemmatizer keyed on the lower-cased token ("Forklifts" -> "forklift").

    spaCy's lookup mode looks up ``token.text`` as written, so capitalised words in headings and
    bullet starts would keep their inflection and miss the taxonomy.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Lower-cased word -> lemma hashes, as two arrays sorted by word (swapped as one tuple).
        self._known: tuple[np.ndarray, np.ndarray] = (
            np.zeros(0, dtype="uint64"),
            np.zeros(0, dtype="uint64"),
        )

    def lookup_lemmatize(self, token: Token) -> list[str]:
        """The lemma of the lower-cased token, or the lower-cased token when it has none."""
        table = self.lookups.get_table("lemma_lookup", {})
        return [table.get(token.lower_, token.lower_)]

    def __call__(self, doc: Doc) -> Doc:
        # Same lookup as lookup_lemmatize, on arrays: one binary search per token in the words
        # seen so far, instead of a Token object and a dictionary step per token.
        if not len(doc):
            return doc
        lowers = doc.to_array(LOWER)
        words, lemmas = self._known
        where = np.searchsorted(words, lowers)
        if len(words):
            unknown = words[np.minimum(where, len(words) - 1)] != lowers
        else:
            unknown = np.ones(len(lowers), dtype=bool)
        if unknown.any():
            words, lemmas = self._learn(set(lowers[unknown].tolist()))
            where = np.searchsorted(words, lowers)
        doc.from_array([LEMMA], lemmas[where].reshape(-1, 1))  # type: ignore[arg-type]  # thinc Ints2d, as in the sentencizer
        return doc

    def _learn(self, lowers: set[int]) -> tuple[np.ndarray, np.ndarray]:
        """Add the lemmas of words not seen before to the known words."""
        table = self.lookups.get_table("lemma_lookup", {})
        strings = self.vocab.strings
        new = np.array(sorted(lowers), dtype="uint64")
        new_lemmas = np.array(
            [strings.add(table.get(strings[lower], strings[lower])) for lower in new.tolist()],
            dtype="uint64",
        )
        words, lemmas = self._known
        at = np.searchsorted(words, new)
        self._known = (np.insert(words, at, new), np.insert(lemmas, at, new_lemmas))
        return self._known


@Language.factory(
    "lowercase_lemmatizer",
    default_config={"model": None, "mode": "lookup", "overwrite": True, "scorer": None},
)
def make_lowercase_lemmatizer(
    nlp: Language, name: str, model: Any, mode: str, overwrite: bool, scorer: Any
) -> LowercaseLemmatizer:
    """Factory for LowercaseLemmatizer (lookup tables from spacy-lookups-data)."""
    return LowercaseLemmatizer(
        nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer
    )


class TaxonomySkills:
    """PhraseMatcher over every taxonomy term, on lower-cased lemmas; longest match wins."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.one_word_terms: dict[str, set[str]] = {}

    def load(self, taxonomy: Taxonomy, lemmatize: Language) -> None:
        """Add a pattern for every label and synonym of every skill."""
        terms: list[str] = []
        owners: list[str] = []
        for skill in taxonomy.skills.values():
            for term in taxonomy.terms(skill):
                if len(term) >= 2:
                    terms.append(term)
                    owners.append(skill.id)
                    # "first-aid card", "osha-10": postings join the words of a term with
                    # hyphens, and the tokenizer keeps a hyphen as a token of its own.
                    for variant in {term.replace(" ", "-"), term.replace(" ", "-", 1)} - {term}:
                        terms.append(variant)
                        owners.append(skill.id)
        patterns: dict[str, list[list[int]]] = {}
        strings = self.nlp.vocab.strings
        for owner, (lemmas, lowers) in zip(owners, _lemmatize_terms(terms, lemmatize), strict=True):
            if not lemmas:
                continue  # the matcher skips empty patterns too
            patterns.setdefault(owner, []).append(lemmas)
            if len(lemmas) == 1:
                self.one_word_terms.setdefault(owner, set()).add(strings[lowers[0]])
        for owner, keywords in patterns.items():
            # The matcher takes a pattern as its lemma hashes as well as a Doc (its stubs say
            # Doc only).
            self.matcher.add(owner, keywords)  # type: ignore[arg-type]

    def __call__(self, doc: Doc) -> Doc:
        findings = findings_of(doc)
        text = findings.text
        matches = self.matcher(doc)
        if not matches:
            findings.taxonomy_matches = []
            return doc
        offsets = doc.to_array([IDX, LENGTH])
        strings = self.nlp.vocab.strings
        kept: list[TaxonomyMatch] = []
        for key, start, end in _longest_first(matches):
            start_char = int(offsets[start, 0])
            end_char = int(offsets[end - 1, 0] + offsets[end - 1, 1])
            label = strings[key]
            if _inside_compound(text, start_char, end_char):
                continue
            if _looks_like_a_term(text[start_char:end_char]) and (
                end - start != 1 or self._same_word(label, text[start_char:end_char].lower())
            ):
                kept.append(TaxonomyMatch(label, start_char, end_char))
        findings.taxonomy_matches = kept
        return doc

    def _same_word(self, label: str, word: str) -> bool:
        # One word matched on its lemma must also be the term itself or its plural: the lookup
        # lemmatizer maps gerunds to verbs, so "typing" would otherwise match "types" and "filing"
        # would match "file".
        terms = self.one_word_terms.get(label, ())
        return word in terms or (word.endswith("s") and (word[:-1] in terms or word[:-2] in terms))


def _lemmatize_terms(terms: list[str], lemmatize: Language) -> list[tuple[list[int], list[int]]]:
    """Each term's token lemma and lower-case hashes, as ``lemmatize.pipe`` gives them one term
    at a time, from docs of many terms on lines of their own (28,000 one-term docs took two of
    the three seconds a pipeline took to build). The tokenizer splits text at whitespace before
    anything else, so a term's tokens do not depend on the lines around it; a term with other
    whitespace than inner spaces goes through the pipeline on its own."""
    read: list[tuple[list[int], list[int]]] = []
    lines: list[str] = []
    for term in terms:
        if not term or term != term.strip() or _ODD_SPACE.search(term):
            read.extend(_lemmatize_lines(lines, lemmatize))
            lines = []
            read.append(_lemmatize_one(term, lemmatize))
        else:
            lines.append(term)
            if len(lines) == _TERMS_PER_DOC:
                read.extend(_lemmatize_lines(lines, lemmatize))
                lines = []
    read.extend(_lemmatize_lines(lines, lemmatize))
    return read


_ODD_SPACE = re.compile(r"[^\S ]")  # whitespace other than a plain space
_TERMS_PER_DOC = 2000


def _lemmatize_lines(lines: list[str], lemmatize: Language) -> list[tuple[list[int], list[int]]]:
    if not lines:
        return []
    columns = lemmatize("\n".join(lines)).to_array([IDX, LEMMA, LOWER]).tolist()
    read: list[tuple[list[int], list[int]]] = []
    position, token = 0, 0
    for line in lines:
        end = position + len(line)
        lemmas, lowers = [], []
        while token < len(columns) and columns[token][0] < end:
            if columns[token][0] >= position:  # not the line break before the line
                lemmas.append(columns[token][1])
                lowers.append(columns[token][2])
            token += 1
        read.append((lemmas, lowers))
        position = end + 1
    return read


def _lemmatize_one(term: str, lemmatize: Language) -> tuple[list[int], list[int]]:
    doc = lemmatize(term)
    columns = doc.to_array([LEMMA, LOWER]).tolist() if len(doc) else []
    return [row[0] for row in columns], [row[1] for row in columns]


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Matches that overlap no longer (or, as long, earlier) match, in text order: what
    ``spacy.util.filter_spans`` keeps, on (key, start, end) tuples instead of Span objects."""
    seen: set[int] = set()
    kept = []
    for match in sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        _, start, end = match
        if start not in seen and end - 1 not in seen:
            kept.append(match)
            seen.update(range(start, end))
    kept.sort(key=lambda m: m[1])
    return kept


def _inside_compound(text: str, start: int, end: int) -> bool:
    """Whether a match starts or ends inside a hyphenated word: "haul trailers" in "line-haul
    trailers" or "home improvement" in "home-improvement-store" are not the term."""
    before = text[start - 2 : start] if start >= 2 else ""
    after = text[end : end + 2]
    if _LEVEL_AFTER.match(text, end):
        return False  # "Emergency Medical Technician-Basic": the term at its level
    return (len(before) == 2 and before[1] == "-" and before[0].isalpha()) or (
        len(after) == 2 and after[0] == "-" and after[1].isalpha()
    )


_LEVEL_AFTER = re.compile(r"-Basic\b")


def _looks_like_a_term(text: str) -> bool:
    # Terms of three characters or fewer ("POS", "MIG", "CNA") only count when written in capitals,
    # so that ordinary lower-case words ("pos", "mig") do not match them.
    return len(text) > 3 or text.isupper() or not text.isalpha()


@Language.factory("taxonomy_skills")
def make_taxonomy_skills(nlp: Language, name: str) -> TaxonomySkills:
    """Factory for TaxonomySkills; call ``load`` with the taxonomy before use."""
    return TaxonomySkills(nlp)


@Language.component("posting_sections")
def posting_sections(doc: Doc) -> Doc:
    """Find the duties / requirements / preferred / benefits sections."""
    findings = findings_of(doc)
    findings.sections = find_sections(findings.text)
    return doc


class OpenSkills:
    """Phrases after "experience with", "knowledge of", "ability to"..., kept for mapping."""

    def __init__(self) -> None:
        self.lookup: SkillLookup | None = None

    def __call__(self, doc: Doc) -> Doc:
        findings = findings_of(doc)
        findings.open_phrases = find_open_phrases(findings.scan)
        findings.duty_phrases = find_duty_phrases(
            findings.text, findings.sections
        ) + find_imperative_phrases(findings.text, findings.sections)
        return doc


@Language.factory("open_skills")
def make_open_skills(nlp: Language, name: str) -> OpenSkills:
    """Factory for OpenSkills."""
    return OpenSkills()


@Language.component("requirements")
def requirements(doc: Doc) -> Doc:
    """Driver's license, credentials, screening, fair chance, shifts, pay, physical, education, age,
    and workplace-setting flags."""
    findings = findings_of(doc)
    scan = findings.scan
    findings.drivers_license = find_drivers_license(scan)
    findings.named_credentials = find_named_credentials(scan)
    findings.screening = find_screening(scan)
    findings.fair_chance = find_fair_chance(scan, findings.screening)
    findings.shifts = find_shifts(scan)
    findings.pay = find_pay(scan)
    findings.physical = find_physical(scan)
    findings.education = find_education(scan)
    findings.experience_years = find_experience_years(scan)
    findings.entry_level = find_entry_level(scan, findings.experience_years)
    findings.age_minimum = find_age_minimum(scan)
    benefits = [(s.start, s.end) for s in findings.sections if s.kind == "benefits"]
    findings.setting = find_setting(scan, benefits)
    return doc


SPAN_MODEL = Path(__file__).parent / "model"  # the trained span model (MODEL_CARD.md there)

# thinc's CPU ops multiply matrices with its bundled BLIS, built for any x86 CPU; numpy's BLAS
# picks kernels for the CPU it runs on and multiplied the tok2vec's matrices two to four times
# faster (a 1,900-token bulletin: 33 -> 18 CPU-ms). Only the sums' rounding order differs.
_MATMUL_OPS = NumpyOps(use_blis=False)


class SkillSpans:
    """The trained span model (a CNN tok2vec and spaCy's NER, ``tools/skills_model.py``) run on
    our own Doc, writing ``Findings.model_spans``.

    Only the model's ``tok2vec`` and ``ner`` are loaded (in our pipeline's vocabulary) and used,
    on docs our tokenizer made (the training data was tokenized the same way, see
    ``blank_english``), so every span indexes ``doc.text``. The entities are decoded by
    ``GreedyEntities`` (spaCy's own choices, vectorised). The NER gives no confidence: spans
    carry score 1.0. Without a loaded model the component finds nothing.
    """

    def __init__(self, nlp: Language, batch_tokens: int = 6000) -> None:
        self.nlp = nlp
        self.batch_tokens = batch_tokens
        self.tok2vec: Any = None
        self.ner: Any = None
        self.entities: GreedyEntities | None = None

    def load(self, path: Path) -> None:
        """Load the trained pipeline at ``path`` (a spaCy model directory)."""
        if not (path / "config.cfg").is_file():
            raise FileNotFoundError(f"no trained span model at {path} (config.cfg is missing)")
        # Only the two components, made in our own pipeline's vocabulary: ``spacy.load`` would
        # also build a second Language and tokenizer, which nothing here uses.
        config = load_config(path / "config.cfg", interpolate=True)
        for name in ("tok2vec", "ner"):
            settings = dict(config["components"][name])
            factory = settings.pop("factory")
            component: Any = self.nlp.create_pipe(factory, name=name, config=settings)
            component.from_disk(path / name, exclude=["vocab"])
            setattr(self, name, component)
        # The ner's projection and lower layer too; not its upper layer, whose scores spaCy's
        # own decoding computes with BLIS in compiled code (GreedyEntities must match it).
        lower = self.ner.model.layers[:2] if len(self.ner.model.layers) == 3 else []
        for layer in [self.tok2vec.model, *lower]:
            for node in layer.walk():
                node.ops = _MATMUL_OPS
        try:
            self.entities = GreedyEntities(self.ner)
        except ValueError:
            self.entities = None  # a model this decoder does not know: spaCy's own decoding
        for label in self.ner.labels:  # doc.ents labels are looked up in the doc's own strings
            self.nlp.vocab.strings.add(label)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Tag docs in batches of about ``batch_tokens`` tokens, whatever ``nlp.pipe``'s batch
        size: the model is much faster on a batch than doc by doc, and slower again when a
        batch's arrays outgrow the CPU caches (64 bulletins at once ran at half the speed)."""
        batch: list[Doc] = []
        tokens = 0
        for doc in docs:
            batch.append(doc)
            tokens += len(doc)
            if tokens >= self.batch_tokens:
                yield from self._tag(batch)
                batch, tokens = [], 0
        if batch:
            yield from self._tag(batch)

    def _tag(self, batch: list[Doc]) -> list[Doc]:
        if self.ner is not None:
            self.tok2vec.set_annotations(batch, self.tok2vec.predict(batch))
            if self.entities is None or not self.entities(batch):
                self.ner.set_annotations(batch, self.ner.predict(batch))
        for doc in batch:
            findings_of(doc).model_spans = [
                ModelSpan(ent.start_char, ent.end_char, ent.label_.lower()) for ent in doc.ents
            ]
        return batch


@Language.factory("skill_spans")
def make_skill_spans(nlp: Language, name: str) -> SkillSpans:
    """Factory for SkillSpans; call ``load`` with the model directory before use."""
    return SkillSpans(nlp)


TOKENIZER_CACHE_CHUNKS = 200_000


def drop_slow_tokenizer_rules(nlp: Language) -> None:
    """Remove tokenizer special cases that contain punctuation (emoticons, "a.m.", "8-)").

    spaCy checks such special cases with a matcher over the whole text, and on long postings its
    cost grows faster than the text (a 1,500-word bulletin took ~20 ms instead of ~1 ms). Our
    extractors read clock times from the raw text, so nothing is lost; contractions stay.
    """
    tokenizer: Any = nlp.tokenizer  # spaCy's Cython Tokenizer ships no type information
    tokenizer.rules = {
        key: value for key, value in tokenizer.rules.items() if re.fullmatch(r"[A-Za-z'’]+", key)
    }


def split_letter_digit_hyphens(nlp: Language) -> None:
    """Split "OSHA-10", "EPA-608", "HAZWOPER-40" at the hyphen, as spaCy already splits
    "CDL-A" and "first-aid", so that every hyphenated term is tokenized the same way."""
    infixes = [
        *(nlp.Defaults.infixes or ()),
        r"(?<=[A-Za-z])-(?=[0-9])",
        r"(?<=[0-9])-(?=[A-Za-z])",
    ]
    tokenizer: Any = nlp.tokenizer  # spaCy's Cython Tokenizer ships no type information
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def blank_english() -> Language:
    """spaCy's blank English with our tokenizer settings: what the pipeline reads postings with,
    and what the span model's training data is tokenized with (so their tokens line up)."""
    nlp = spacy.blank("en")
    drop_slow_tokenizer_rules(nlp)
    split_letter_digit_hyphens(nlp)
    return nlp


def build_pipeline(taxonomy: Taxonomy, span_model: Path | None = SPAN_MODEL) -> Language:
    """A blank English pipeline with our components, matcher loaded from ``taxonomy``, and the
    trained span model from ``span_model`` (``None``: rules only, ``skill_spans`` finds nothing)."""
    nlp = blank_english()
    nlp.add_pipe("line_sentencizer", name="sentencizer")
    nlp.add_pipe("lowercase_lemmatizer", name="lemmatizer")
    nlp.add_pipe("taxonomy_skills")
    nlp.add_pipe("posting_sections")
    nlp.add_pipe("skill_spans")
    nlp.add_pipe("open_skills")
    nlp.add_pipe("requirements")
    nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data (no download)
    only_lemmas = nlp.select_pipes(enable=["lemmatizer"])
    cast(TaxonomySkills, nlp.get_pipe("taxonomy_skills")).load(taxonomy, nlp)
    only_lemmas.restore()
    # The tokenizer caches how it split each chunk of text, up to max_cache_size chunks; the
    # taxonomy's own terms filled that cache, and postings were then split from scratch every
    # time (a 1,500-word bulletin took ~15 ms instead of ~2). Start empty, with room for the
    # words of many postings.
    tokenizer: Any = nlp.tokenizer  # spaCy's Cython Tokenizer ships no type information
    tokenizer._flush_cache()
    tokenizer.max_cache_size = TOKENIZER_CACHE_CHUNKS
    cast(OpenSkills, nlp.get_pipe("open_skills")).lookup = SkillLookup(taxonomy)
    if span_model is not None:
        cast(SkillSpans, nlp.get_pipe("skill_spans")).load(span_model)
    return nlp


__all__ = [
    "SPAN_MODEL",
    "Findings",
    "OpenPhrase",
    "SkillSpans",
    "TaxonomyMatch",
    "blank_english",
    "build_pipeline",
    "findings_of",
]

"""The vectorised entity decoding makes exactly the choices spaCy's own ``ner`` makes, and the
taxonomy terms read many to a doc give exactly the lemmas of one doc per term."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Span

from jobs.skills import pipeline
from jobs.skills.greedy_entities import GreedyEntities
from jobs.skills.pipeline import SPAN_MODEL, SkillSpans, _lemmatize_terms

OUR_SENTENCES = [
    "Experience with Python and SQL databases is required.",
    "Knowledge of machine learning and strong communication skills.",
    "You will design REST APIs in Java and maintain our Kubernetes clusters.",
    "Must be able to work independently and manage multiple priorities.",
    "Prepare food to recipe and follow food safety and sanitation standards.",
    "Operate forklifts, pallet jacks and RF scanners to pick and pack orders.\n"
    "- Load and unload trucks\n\n- Count inventory  and label cartons\n",
    "Responsibilities:\n- Sweep, mop and buff floors\n- Use floor scrubbers safely",
    "   \n\n",
    "x",
    "Welding",
]

WORDS = [
    "operate", "forklift", "knowledge", "of", "machine", "learning", "and", "strong",
    "communication", "skills", "python", "sql", "prepare", "food", "safety", "sanitation",
    "standards", "clean", "restrooms", "drive", "a", "box", "truck", "inspect", "parts", "with",
    "hand", "tools", "calipers", "customer", "service", "experience", "required", ".", ";", ",",
    "-", "\n", "\n\n", "(", ")", ":", "",
]  # fmt: skip


def _ents(docs):
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]


def _both(extractor, texts):
    """The entities spaCy's ner sets and those GreedyEntities sets, on the same docs."""
    spans = extractor.nlp.get_pipe("skill_spans")
    assert isinstance(spans, SkillSpans) and spans.entities is not None
    with extractor.nlp.select_pipes(disable=["skill_spans", "open_skills", "requirements"]):
        docs = list(extractor.nlp.pipe(texts))
    spans.tok2vec.set_annotations(docs, spans.tok2vec.predict(docs))
    spans.ner.set_annotations(docs, spans.ner.predict(docs))
    expected = _ents(docs)
    for doc in docs:
        doc.set_ents([], default="missing")
    assert spans.entities(docs)
    return expected, _ents(docs)


def test_same_entities_as_spacy_on_our_sentences(extractor):
    expected, got = _both(extractor, OUR_SENTENCES)
    assert got == expected
    assert any(expected)  # the sample does have entities


def test_same_entities_as_spacy_one_doc_at_a_time(extractor):
    for text in OUR_SENTENCES:
        expected, got = _both(extractor, [text])
        assert got == expected, text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=60), min_size=1, max_size=5))
def test_same_entities_as_spacy_on_any_word_salad(extractor, texts):
    expected, got = _both(extractor, [" ".join(words) for words in texts])
    assert got == expected


def test_same_entities_as_spacy_on_real_bulletins(extractor, shared_data):
    path = shared_data / "postings" / "lacity_dev_255.jsonl"
    if not path.is_file():
        pytest.skip("no bulletins in shared/data")
    lines = path.read_text("utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in random.Random(3).sample(lines, 12)]
    expected, got = _both(extractor, texts)
    assert got == expected
    assert sum(map(len, expected)) > 50


def test_preset_entities_are_left_to_spacy(extractor):
    spans = extractor.nlp.get_pipe("skill_spans")
    doc = extractor.nlp.make_doc("Operate forklifts safely.")
    doc.set_ents([Span(doc, 1, 2, label="SKILL")], default="missing")
    assert spans.entities is not None
    assert not spans.entities([doc])


def test_an_unknown_decoder_setting_is_refused(extractor):
    spans = extractor.nlp.get_pipe("skill_spans")
    spans.ner.cfg["beam_width"] = 4
    try:
        with pytest.raises(ValueError, match="greedy"):
            GreedyEntities(spans.ner)
    finally:
        spans.ner.cfg["beam_width"] = 1


TERMS = [
    "forklift certification",
    "first-aid card",
    "osha-10",
    "CDL-A",
    "U.S. citizen",
    "can't",
    "a  double space",
    " leading space",
    "tab\tinside",
    "line\nbreak",
    "",
    "end.",
    "(parentheses)",
]


@pytest.mark.parametrize("per_doc", [4, 2000])
def test_terms_read_many_to_a_doc_as_one_to_a_doc(extractor, monkeypatch, per_doc):
    monkeypatch.setattr(pipeline, "_TERMS_PER_DOC", per_doc)
    nlp = extractor.nlp
    with nlp.select_pipes(enable=["lemmatizer"]):
        together = _lemmatize_terms(TERMS * 3, nlp)
        alone = [
            ([token.lemma for token in doc], [token.lower for token in doc])
            for doc in nlp.pipe(TERMS * 3)
        ]
    assert together == alone


def _ours_and_spacys(extractor, model, texts):
    """The texts read by our pipeline's span model and by ``model``'s own components (spaCy's
    decoding), everything else in our pipeline the same."""
    with extractor.nlp.select_pipes(disable=["open_skills", "requirements"]):
        ours = list(extractor.nlp.pipe(texts))
    with extractor.nlp.select_pipes(disable=["skill_spans", "open_skills", "requirements"]):
        theirs = list(extractor.nlp.pipe(texts))
    for name in ("tok2vec", "ner"):
        component = model.get_pipe(name)
        component.set_annotations(theirs, component.predict(theirs))
    return ours, theirs


def test_the_components_load_as_spacy_loads_the_model(extractor):
    model = spacy.load(SPAN_MODEL)
    texts = [*OUR_SENTENCES, " ".join(WORDS)]
    ours, theirs = _ours_and_spacys(extractor, model, texts)
    assert _ents(ours) == _ents(theirs)
    # The same vectors up to rounding: ours multiply matrices with numpy's BLAS, spaCy's with
    # thinc's BLIS, and the two sum in different orders.
    assert all(
        a.tensor.shape == b.tensor.shape and np.allclose(a.tensor, b.tensor, rtol=1e-4, atol=1e-5)
        for a, b in zip(ours, theirs, strict=True)
    )


def test_numpys_matrix_products_find_the_entities_blis_finds_on_real_bulletins(
    extractor, shared_data
):
    path = shared_data / "postings" / "lacity_dev_255.jsonl"
    if not path.is_file():
        pytest.skip("no bulletins in shared/data")
    lines = path.read_text("utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in random.Random(5).sample(lines, 12)]
    model = spacy.load(SPAN_MODEL)  # thinc's own ops (BLIS) throughout
    ours, theirs = _ours_and_spacys(extractor, model, texts)
    assert _ents(ours) == _ents(theirs)
    assert sum(map(len, _ents(ours))) > 50

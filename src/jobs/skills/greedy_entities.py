"""The span model's entity decoding, vectorised: the greedy BILUO choices spaCy's ``ner`` makes,
at a fraction of the cost.

spaCy decodes one token at a time for every doc in a batch, in compiled code whose every step
takes and releases the GIL (the installed wheels are built with profiling hooks); on a 1,500-word
bulletin that was 12 ms, more than half of the model's time. Here the decisions come from the
same arrays: with no entity open, the model's features are the token itself and two padding
rows, so the choice at every token is computed for the whole batch at once; only the tokens
after a "begin" depend on where the entity started, and those few are computed per entity.

The arithmetic is spaCy's own, in its order: the same ``lower`` and ``upper`` layers (BLIS gemm),
features summed from zero in feature order, then the bias, the maxout, the first best valid
action. ``tests/unit/skills/test_greedy_entities.py`` checks that the entities are identical to
spaCy's. Anything this decoder does not handle (a preset entity, another state layout) is left
to spaCy's ``ner``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.tokens import Doc, Span

# Tokens after a "begin" decided in one vectorised step; a longer entity takes another step.
_LOOKAHEAD = 8


class GreedyEntities:
    """Greedy BILUO decoding of a trained spaCy ``ner`` (``EntityRecognizer``) without presets."""

    def __init__(self, ner: Any) -> None:
        model = ner.model
        if (
            ner.cfg.get("beam_width", 1) != 1
            or not model.attrs.get("has_upper")
            or model.attrs.get("unseen_classes")
            or len(model.layers) != 3
        ):
            raise ValueError("only a greedy ner with an upper layer and every class seen")
        self.tok2vec, self.lower, self.upper = model.layers
        if self.lower.get_dim("nF") != 3:
            raise ValueError("only the ner state's three features are handled")
        self.bias = self.lower.get_param("b")  # (nO, nP)
        self.pad = self.lower.get_param("pad")[0]  # (nF, nO, nP)
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        self.out = names.index("O")
        labels = sorted({name[2:] for name in names if name[:2] in ("B-", "U-") and name[2:]})
        self.labels = labels
        self.label_ids = [ner.vocab.strings.add(label) for label in labels]
        self.begin = np.array([names.index(f"B-{label}") for label in labels])
        self.inside = np.array([names.index(f"I-{label}") for label in labels])
        self.last = np.array([names.index(f"L-{label}") for label in labels])
        self.unit = np.array([names.index(f"U-{label}") for label in labels])
        known = {self.out, *self.begin, *self.inside, *self.last, *self.unit}
        # Any other class ("U-" without a label, for preset blocked tokens) is never valid here.
        self.n_classes = len(names)
        self.other = np.array([i for i in range(len(names)) if i not in known], dtype=int)
        # Per class: the index of its label in ``labels``.
        self.label_of = np.full(len(names), -1)
        for index in range(len(labels)):
            for move in (self.begin, self.inside, self.last, self.unit):
                self.label_of[move[index]] = index

    def __call__(self, docs: list[Doc]) -> bool:
        """Set ``doc.ents`` on every doc as spaCy's ``ner`` would; False (nothing set) when a doc
        has preset entity annotation, which this decoder does not handle."""
        lengths = [len(doc) for doc in docs]
        if not sum(lengths):
            return True
        for doc in docs:
            if len(doc) and doc.to_array(ENT_IOB).any():
                return False
        hidden_in = self.tok2vec.predict(docs)
        features = self.lower.predict(hidden_in)  # (tokens + 1, 3, nO, nP); row 0 is padding
        closed = self._scores(features[1:, 0], self.pad[1], self.pad[2])
        sent_start = np.concatenate([doc.to_array(SENT_START) for doc in docs if len(doc)])
        is_space = np.concatenate([doc.to_array(IS_SPACE) for doc in docs if len(doc)]) != 0
        starts_sentence = sent_start.astype(np.int64) == 1
        total = len(sent_start)
        offsets = np.cumsum([0, *lengths])
        doc_end = np.repeat(offsets[1:], lengths)  # the end of each token's doc
        index = np.arange(total)
        last_of_doc = index + 1 >= doc_end
        next_starts = np.zeros(total, dtype=bool)
        next_starts[:-1] = starts_sentence[1:]
        valid = np.zeros(closed.shape, dtype=bool)
        valid[:, self.out] = True
        can_begin = ~is_space & ~last_of_doc & ~next_starts
        for unit, begin in zip(self.unit.tolist(), self.begin.tolist(), strict=True):
            valid[:, unit] = ~is_space
            valid[:, begin] = can_begin
        actions = _first_best(closed, valid)
        # "In" at token j needs a next token in the same doc that starts no sentence.
        can_continue = ~last_of_doc & ~next_starts
        ends = self._entity_ends(actions, features, can_continue)
        for doc, offset, length in zip(docs, offsets[:-1].tolist(), lengths, strict=True):
            if length:
                ents = self._walk(doc, offset, length, actions, features, can_continue, ends)
                doc.set_ents(ents, default="outside")
        return True

    def _entity_ends(
        self, actions: np.ndarray, features: np.ndarray, can_continue: np.ndarray
    ) -> dict[int, int]:
        """For every token where a "begin" would be chosen, where that entity ends (exclusive),
        when it ends within ``_LOOKAHEAD`` tokens: one vectorised step for the whole batch. A
        begin inside an entity begun before it is never read, so a few are computed for nothing.
        """
        starts = np.flatnonzero(np.isin(actions, self.begin))
        if not len(starts):
            return {}
        total = len(actions)
        tokens = np.minimum(starts[:, None] + np.arange(1, _LOOKAHEAD + 1), total - 1)
        scores = self._scores(
            features[1 + tokens, 0], features[1 + starts, 1][:, None], features[tokens, 2]
        )
        labels = self.label_of[actions[starts]]
        inside, last = self.inside[labels][:, None], self.last[labels][:, None]
        score_in = np.take_along_axis(scores, inside[..., None], axis=-1)[..., 0]
        score_last = np.take_along_axis(scores, last[..., None], axis=-1)[..., 0]
        # spaCy's arg_max_if_valid: the first valid class with the highest score.
        goes_on = can_continue[tokens] & np.where(
            inside < last, score_in >= score_last, score_in > score_last
        )
        ends: dict[int, int] = {}
        for start, row, stops in zip(
            starts.tolist(), tokens.tolist(), (~goes_on).tolist(), strict=True
        ):
            if True in stops:  # "last" within the lookahead (never past the doc's last token)
                ends[start] = row[stops.index(True)] + 1
        return ends

    def _walk(
        self,
        doc: Doc,
        offset: int,
        length: int,
        actions: np.ndarray,
        features: np.ndarray,
        can_continue: np.ndarray,
        ends: dict[int, int],
    ) -> list[Span]:
        """The doc's entities: begin/unit decisions from ``actions``, entity ends computed."""
        ents: list[Span] = []
        own = actions[offset : offset + length]
        position = 0
        for start in np.flatnonzero(own != self.out).tolist():
            if start < position:
                continue  # inside the entity just read
            action = int(own[start])
            label = int(self.label_of[action])
            if action == self.unit[label]:
                ents.append(Span(doc, start, start + 1, label=self.label_ids[label]))
                position = start + 1
                continue
            end = ends.get(offset + start) or self._entity_end(
                offset + start, label, offset + length, features, can_continue
            )
            ents.append(Span(doc, start, end - offset, label=self.label_ids[label]))
            position = end - offset
        return ents

    def _entity_end(
        self, start: int, label: int, doc_end: int, features: np.ndarray, can_continue: np.ndarray
    ) -> int:
        """Where the entity begun at batch token ``start`` ends (exclusive, batch index)."""
        inside, last = int(self.inside[label]), int(self.last[label])
        first = start + 1
        while True:
            stop = min(first + _LOOKAHEAD, doc_end)
            tokens = np.arange(first, stop)
            scores = self._scores(
                features[1 + tokens, 0],
                features[1 + start, 1],
                features[tokens, 2],  # the token before each one (row 0 is padding)
            )
            valid = np.zeros(scores.shape, dtype=bool)
            valid[:, last] = True
            valid[:, inside] = can_continue[tokens]
            chosen = _first_best(scores, valid)
            ends = np.flatnonzero(chosen == last)
            if len(ends):
                return int(tokens[ends[0]]) + 1
            first = stop  # "in" on every one: the entity goes on

    def _scores(self, own: np.ndarray, entity: np.ndarray, before: np.ndarray) -> np.ndarray:
        """Action scores from the three feature rows, summed as spaCy does (from zero, in
        feature order, then the bias), maxout, then the upper layer."""
        summed = ((np.float32(0.0) + own) + entity) + before
        summed = summed + self.bias
        # Maxout as spaCy takes it: a later piece only when strictly greater (numpy's max over
        # an axis of two is several times slower than this).
        hidden = summed[..., 0]
        for piece in range(1, summed.shape[-1]):
            hidden = np.where(summed[..., piece] > hidden, summed[..., piece], hidden)
        flat = np.ascontiguousarray(hidden.reshape(-1, hidden.shape[-1]))
        scores: np.ndarray = self.upper.predict(flat)
        return scores.reshape(*hidden.shape[:-1], scores.shape[-1])


def _first_best(scores: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Per row, the first valid class with the highest score (spaCy's ``arg_max_if_valid``)."""
    masked = np.where(valid, scores, -np.inf)
    chosen: np.ndarray = masked.argmax(axis=1)
    return chosen

"""Skill and knowledge spans read by the trained span model, before any taxonomy linking.

The model component (``skill_spans`` in the pipeline, when a trained model ships) writes these into
``Findings.model_spans``; linking (span → taxonomy id, or refused) and merging read them from there.
Offsets index ``doc.text``, like every other finding.
"""

from __future__ import annotations

import msgspec


class ModelSpan(msgspec.Struct, frozen=True):
    """One span the model marked: character offsets into the text and its label."""

    start: int
    end: int
    label: str  # "skill" or "knowledge"
    score: float = 1.0  # the model's confidence where it gives one (spancat), else 1.0

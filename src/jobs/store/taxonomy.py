"""Official taxonomy entries a program imported (ESCO, O*NET), extending our own taxonomy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow


class TaxonomyTerm(Base):
    """One imported concept: a skill (hard_skill, tool, knowledge, soft_skill, credential) or a
    job title (kind ``title``), with the words that name it and its codes.

    ``codes`` holds what the source says about it: for skills ``{"onet": [...], "esco": [...],
    "domains": [...]}``, for titles ``{"soc": ..., "family": ...}``. ``content_hash`` changes
    when any of it does, so an import can tell new, changed and unchanged entries apart and the
    extractor version can name the imported set cheaply.
    """

    __tablename__ = "taxonomy_terms"
    __table_args__ = (UniqueConstraint("source", "concept_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # esco | onet
    concept_id: Mapped[str] = mapped_column(String(300))  # "esco:<uuid>", "onet:11-1011.00"...
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(500))
    synonyms: Mapped[list[Any]] = mapped_column(default=list)
    codes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""Skills and requirements extraction: taxonomy, spaCy pipeline, extractors and evaluation.

Pure package: no database and no web imports. ``extract`` and ``extract_many`` are the entry points;
spaCy is imported only when the first posting is extracted.
"""

from __future__ import annotations

from jobs.skills.extract import Extraction, extract, extract_many

__all__ = ["Extraction", "extract", "extract_many"]

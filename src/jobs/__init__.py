"""jobs: fair-chance job matching for reentry employment services."""

__version__ = "0.1.0"

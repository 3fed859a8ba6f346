"""Development tools: run from the checkout (``python -m tools.NAME``), never shipped in the
``jobs`` package."""

"""JSON API controllers (under /api/v1) and their msgspec schemas; /health lives here too."""

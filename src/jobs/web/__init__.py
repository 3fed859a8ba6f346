"""Server-rendered pages: controllers, templates/ and static/ (nothing from a CDN)."""

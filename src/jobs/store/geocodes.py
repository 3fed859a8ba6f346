"""Geocoding results, kept so an address is looked up once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow


class GeocodedPlace(Base):
    """Coordinates for a normalised address or postal code, with how precise they are."""

    __tablename__ = "geocoded_places"

    query: Mapped[str] = mapped_column(String(400), primary_key=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(20))  # address | zip_centroid | not_found
    source: Mapped[str] = mapped_column(String(20))  # census | zipcodes
    label: Mapped[str] = mapped_column(String(400), default="")
    looked_up_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""Schools, child care and other places for children, imported from public lists."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow


class ChildPlaceRow(Base):
    """One place for children from one list: where it is, how precisely, from which list, as of
    when. ``county`` is the county key ("jackson"), the unit coverage is stated in."""

    __tablename__ = "child_places"
    __table_args__ = (
        Index("ix_child_places_source", "source"),
        Index("ix_child_places_county", "state", "county", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # school | child_care | other
    name: Mapped[str] = mapped_column(String(200))
    ref: Mapped[str] = mapped_column(String(40), default="")  # the list's own id (NCESSCH, PPIN)
    street: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(20))  # address | given
    source: Mapped[str] = mapped_column(String(200))  # the list: "NCES EDGE public schools"
    source_file: Mapped[str] = mapped_column(String(400), default="")
    as_of: Mapped[date] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

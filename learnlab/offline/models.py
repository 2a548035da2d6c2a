"""Progress made offline and sent later: one row per event the browser made, applied once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base, utcnow


class OfflineEvent(Base):
    """An event queued on a device (section done, reading position), keyed by the id the device
    made, so that one sent twice (a retry, a second tab) is applied once."""

    __tablename__ = "offline_event"
    __table_args__ = (UniqueConstraint("user_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    event_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # "done" or "position"
    module_slug: Mapped[str] = mapped_column(String(100))
    section_id: Mapped[str] = mapped_column(String(100))
    client_time: Mapped[datetime]  # as the device said
    applied_time: Mapped[datetime]  # the time used: the device's, within bounds (see service)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

"""What a trainee did with a module: sections viewed and done, and the module's summary row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base, utcnow


class SectionProgress(Base):
    __tablename__ = "section_progress"
    __table_args__ = (UniqueConstraint("user_id", "module_slug", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    module_slug: Mapped[str] = mapped_column(String(100))
    section_id: Mapped[str] = mapped_column(String(100))
    content_version: Mapped[str] = mapped_column(String(64))  # the module version when last touched
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]


class ModuleProgress(Base):
    """One row per trainee and module, kept in step with SectionProgress by the services.

    It makes the catalogue, "continue where you left off" and the dashboards single indexed
    lookups or aggregates instead of scans over section rows.
    """

    __tablename__ = "module_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "module_slug"),
        Index("ix_module_progress_module_slug_completed_at", "module_slug", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    module_slug: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_section_id: Mapped[str | None] = mapped_column(String(100))
    last_visited_at: Mapped[datetime] = mapped_column(default=utcnow)
    sections_done: Mapped[int] = mapped_column(default=0)
    quiz_passed_at: Mapped[datetime | None]
    best_score: Mapped[float | None]  # percent, by the quiz's grading method
    completed_at: Mapped[datetime | None]
    completed_version: Mapped[str | None] = mapped_column(String(64))


Index("ix_module_progress_user_id_last_visited_at", ModuleProgress.user_id, ModuleProgress.last_visited_at)

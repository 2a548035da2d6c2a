"""How many tries each trainee has had at each knowledge check, so that a wrong answer gets a
second try before the correct answer is shown.

Kept on the server (one row per trainee and check), so it works without JavaScript, through
the JSON path alike, and cannot be reset by the browser.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from learnlab.db import Base, insert_ignore_duplicates, utcnow

# Wrong answers allowed before the correct answer is shown with the feedback.
TRIES_BEFORE_REVEAL = 2


class CheckTry(Base):
    __tablename__ = "check_try"
    __table_args__ = (UniqueConstraint("user_id", "module_slug", "check_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    module_slug: Mapped[str] = mapped_column(String(100))
    check_id: Mapped[str] = mapped_column(String(100))
    wrong_tries: Mapped[int] = mapped_column(default=0)
    # When the correct answer was first shown (answered right, or the last try used): from then
    # on every answer shows it again.
    revealed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def record_try(session: Session, user_id: int, module_slug: str, check_id: str, *, is_correct: bool) -> bool:
    """Count one answer; return whether the correct answer may now be shown.

    A conditional UPDATE counts the try, so two answers sent at once are two tries.
    """
    now = utcnow()
    insert_ignore_duplicates(
        session,
        CheckTry,
        {
            "user_id": user_id,
            "module_slug": module_slug,
            "check_id": check_id,
            "wrong_tries": 0,
            "updated_at": now,
        },
    )
    key = (CheckTry.user_id == user_id, CheckTry.module_slug == module_slug, CheckTry.check_id == check_id)
    changes: dict[str, object] = {"updated_at": now}
    if not is_correct:
        changes["wrong_tries"] = CheckTry.wrong_tries + 1
    session.execute(
        update(CheckTry).where(*key).values(**changes).execution_options(synchronize_session=False)
    )
    row = session.execute(select(CheckTry.wrong_tries, CheckTry.revealed_at).where(*key)).one()
    reveal = is_correct or row.revealed_at is not None or row.wrong_tries >= TRIES_BEFORE_REVEAL
    if reveal and row.revealed_at is None:
        session.execute(
            update(CheckTry).where(*key).values(revealed_at=now).execution_options(synchronize_session=False)
        )
    return reveal

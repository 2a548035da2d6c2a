"""db.write_transaction: a write transaction of its own, which refuses to commit someone else's work.

It used to start with ``session.commit()``, so whatever the caller had added, changed or already
written in its read transaction was committed with it, silently. Now such a session is refused.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from learnlab.audit import AuditEvent
from learnlab.auth.models import User
from learnlab.db import UncommittedWork, db, has_uncommitted_work, insert_ignore_duplicates, utcnow
from learnlab.progress.models import SectionProgress


def _count(model) -> int:  # type: ignore[no-untyped-def]
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _event() -> AuditEvent:
    return AuditEvent(action="test.event", target_type="test", target_id="1")


def test_a_session_that_only_read_gets_its_write_committed(app):
    with app.app_context():
        db.session.execute(select(User)).all()  # a read transaction is open
        with db.write_transaction() as session:
            session.add(_event())
        assert _count(AuditEvent) == 1


def test_a_pending_object_is_refused_not_committed(app):
    with app.app_context():
        db.session.add(_event())
        with pytest.raises(UncommittedWork), db.write_transaction():
            pytest.fail("the block must not run")
        assert _count(AuditEvent) == 0


def test_a_modified_object_is_refused(app, auth):
    auth.create("aigerim")
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        user.display_name = "Changed behind the caller's back"
        with pytest.raises(UncommittedWork), db.write_transaction():
            pass
        db.session.rollback()
        assert db.session.execute(select(User.display_name)).scalar_one() == "Aigerim"


def test_rows_already_flushed_are_refused(app):
    with app.app_context():
        db.session.add(_event())
        db.session.flush()  # written in the open transaction, not committed
        assert not db.session.new
        with pytest.raises(UncommittedWork), db.write_transaction():
            pass
        assert _count(AuditEvent) == 0


def test_an_update_statement_is_refused(app, auth):
    auth.create("aigerim")
    with app.app_context():
        db.session.execute(update(User).values(display_name="Bulk change"))
        with pytest.raises(UncommittedWork), db.write_transaction():
            pass
        db.session.rollback()
        assert db.session.execute(select(User.display_name)).scalar_one() == "Aigerim"


def test_a_core_insert_is_refused(app, auth):
    user = auth.create("aigerim")
    with app.app_context():
        row = {
            "user_id": user.id,
            "module_slug": "alpha",
            "section_id": "seals",
            "completed_at": utcnow(),
            "content_version": "v1",
        }
        assert insert_ignore_duplicates(db.session, SectionProgress, row)
        with pytest.raises(UncommittedWork), db.write_transaction():
            pass
        assert _count(SectionProgress) == 0


@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_after_commit_or_rollback_the_session_is_clean_again(app, end):
    with app.app_context():
        db.session.add(_event())
        db.session.flush()
        assert has_uncommitted_work(db.session)
        getattr(db.session, end)()
        assert not has_uncommitted_work(db.session)
        with db.write_transaction() as session:
            session.add(_event())
        assert _count(AuditEvent) == (2 if end == "commit" else 1)


def test_a_failure_inside_rolls_the_write_back(app):
    with app.app_context():
        with pytest.raises(ValueError), db.write_transaction() as session:
            session.add(_event())
            session.flush()
            raise ValueError("boom")
        assert _count(AuditEvent) == 0
        assert not has_uncommitted_work(db.session)


def test_insert_ignore_duplicates_says_whether_it_inserted(app, auth):
    """On PostgreSQL psycopg reports no row count for INSERT ... RETURNING (-1): a skipped
    duplicate used to read as "inserted" there (found by the offline sync, issue 17)."""
    user = auth.create("aigerim")
    with app.app_context():
        row = {"user_id": user.id, "module_slug": "alpha", "section_id": "seals", "content_version": "v1"}
        assert insert_ignore_duplicates(db.session, SectionProgress, row) is True
        assert insert_ignore_duplicates(db.session, SectionProgress, row) is False
        db.session.rollback()

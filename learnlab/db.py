"""The database: engine, one session per request, the declarative Base, write-lock handling.

SQLite (the default) runs in WAL mode with a busy timeout. Under WAL, a transaction that first
reads and later writes fails at once with "database is locked" when another writer got in
between, whatever the busy timeout; so every transaction that will write starts with
``BEGIN IMMEDIATE`` and waits for the lock up front instead. A request with an unsafe method
(POST, ...) writes by definition; anything else that writes uses ``write_transaction()``.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any

from flask import Flask, g, has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, bindparam, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("learnlab_write_intent", default=False)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as UTC and always returned timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    # From time.time(), like the session's idle clock and the sign-in limiter, so that there is
    # one clock (and a test can fix it in one place).
    return datetime.fromtimestamp(time.time(), UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def _wants_write_lock() -> bool:
    if _write_intent.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


class UncommittedWork(RuntimeError):
    """A session given to ``write_transaction`` still holds changes it would commit silently."""


# session.info key: this transaction has written (flushed rows, or run an INSERT/UPDATE/DELETE).
_WROTE = "learnlab_wrote"


def _note_write(session: Session) -> None:
    session.info[_WROTE] = True


def has_uncommitted_work(session: Session) -> bool:
    """Pending ORM changes, or writes already sent in the open transaction and not committed."""
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        return True
    return bool(session.info.get(_WROTE)) and session.in_transaction()


def _track_writes(factory: sessionmaker[Session]) -> None:
    """Remember, per session, whether its open transaction has written anything."""

    @event.listens_for(factory, "after_flush")
    def after_flush(session: Session, _context: Any) -> None:
        _note_write(session)

    @event.listens_for(factory, "do_orm_execute")
    def on_execute(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            _note_write(state.session)

    @event.listens_for(factory, "after_commit")
    @event.listens_for(factory, "after_rollback")
    def after_end(session: Session) -> None:
        session.info.pop(_WROTE, None)


class Database:
    """Holds the engine and hands out one session per application context."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.sessionmaker: sessionmaker[Session] | None = None

    def init_app(self, app: Flask) -> None:
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.sessionmaker = sessionmaker(bind=self.engine, expire_on_commit=False)
        _track_writes(self.sessionmaker)
        app.extensions["learnlab.db"] = self
        app.teardown_appcontext(self._remove_session)

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            if self.sessionmaker is None:
                raise RuntimeError("Database.init_app() was not called")
            g.db_session = self.sessionmaker()
        return g.db_session

    def _remove_session(self, _exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()  # rolls back anything the view did not commit

    @contextmanager
    def write_transaction(self) -> Iterator[Session]:
        """A write transaction of its own (``BEGIN IMMEDIATE`` on SQLite), committed at the end.

        Ends the current transaction first, which must have only read: a session holding changes
        (pending objects, or rows already written and not yet committed) is refused with
        ``UncommittedWork`` instead of having them committed behind the caller's back.

        A GET request that writes through this must say why in a comment where it does.
        """
        session = self.session
        if has_uncommitted_work(session):
            raise UncommittedWork(
                "write_transaction() was given a session with uncommitted changes; "
                "commit or roll them back first"
            )
        session.commit()  # ends the read transaction (nothing to write: checked above)
        token = _write_intent.set(True)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            _write_intent.reset(token)


@contextmanager
def write_intent() -> Iterator[None]:
    """Mark transactions begun inside the block as writers (for CLI commands and scripts)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


db = Database()


def _insert_for(dialect: str, model: type[Base]) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(model)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(model)


# Statements built once per dialect and shape, then run with each call's values as parameters:
# these run on every page a trainee reads, and building one costs more Python time than running it.
@cache
def _insert_ignoring(dialect: str, model: type[Base], columns: tuple[str, ...]) -> Any:
    return _insert_for(dialect, model).values({c: bindparam(c) for c in columns}).on_conflict_do_nothing()


@cache
def _upsert(
    dialect: str, model: type[Base], columns: tuple[str, ...], key: tuple[str, ...], update: tuple[str, ...]
) -> Any:
    stmt = _insert_for(dialect, model).values({c: bindparam(c) for c in columns})
    return stmt.on_conflict_do_update(index_elements=list(key), set_={c: stmt.excluded[c] for c in update})


def _core_execute(session: Session, stmt: Any, values: dict[str, Any] | list[dict[str, Any]]) -> Any:
    """Run a built statement with one row's values (or many rows') on the session's connection.
    (Through the ORM, a statement with parameters becomes a bulk insert, which reports no row count.)"""
    session.flush()  # as the ORM would before a statement: pending rows first
    _note_write(session)  # (a Core statement passes no ORM event)
    return session.connection().execute(stmt, values)


def insert_ignore_duplicates(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """INSERT a row unless one with the same unique key exists; True when a row was inserted.

    Concurrent requests marking the same section done must not fail on the unique constraint.
    """
    stmt = _insert_ignoring(session.get_bind().dialect.name, model, tuple(values))
    result = _core_execute(session, stmt, values)
    if result.rowcount >= 0:
        return result.rowcount > 0
    # On PostgreSQL SQLAlchemy adds RETURNING for the new id and psycopg then reports no row count
    # (-1, which read as "inserted" for a skipped duplicate): the id returned says it.
    return result.inserted_primary_key is not None


def upsert(
    session: Session,
    model: type[Base],
    values: dict[str, Any] | list[dict[str, Any]],
    key: list[str],
    update: list[str],
) -> None:
    """INSERT rows, or UPDATE the ``update`` columns of those with the same ``key``, safe under
    concurrency on SQLite and PostgreSQL alike.

    One statement per shape, compiled once; many rows (all with the same keys) go to the driver as
    one executemany. A multi-row VALUES list would be a new statement, compiled afresh, for every
    number of rows.
    """
    rows = [values] if isinstance(values, dict) else values
    if not rows:
        return
    stmt = _upsert(session.get_bind().dialect.name, model, tuple(rows[0]), tuple(key), tuple(update))
    _core_execute(session, stmt, rows[0] if len(rows) == 1 else rows)

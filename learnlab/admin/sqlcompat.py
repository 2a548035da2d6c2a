"""The few SQL functions that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, String, cast, func, literal
from sqlalchemy.orm import Session


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def joined_text(session: Session, column: Any) -> Any:
    """An aggregate joining text values with ", " (for a list of names in one cell)."""
    if dialect(session) == "postgresql":
        return func.string_agg(column, literal(", "))
    return func.group_concat(column, ", ")


def day_of(session: Session, column: Any) -> Any:
    """The calendar day (UTC) of a timestamp column, as text YYYY-MM-DD on both databases."""
    if dialect(session) == "postgresql":
        return cast(cast(func.timezone("UTC", column), Date), String)
    return func.substr(column, 1, 10)  # SQLite stores "YYYY-MM-DD HH:MM:SS..." in UTC

"""People and their sign-in sessions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from learnlab.db import Base, utcnow

ROLES = ("trainee", "trainer", "admin")


def normalise_username(raw: str) -> str:
    """Usernames are case-insensitive: stored and compared in lower case, without outer spaces."""
    return raw.strip().lower()


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored in lower case: usernames are case-insensitive everywhere.
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="trainee", index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    organisation: Mapped[str | None] = mapped_column(String(200), index=True)
    unit: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    # A scoped administrator sees only people and cohorts of this country / organisation.
    scope_country: Mapped[str | None] = mapped_column(String(2))
    scope_organisation: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(10))  # preferred interface language
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    # Loaded by `learnlab seed-demo` (or found by migration 0003 with its public demo password):
    # refused at sign-in on a production server (learnlab.demo).
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())

    # Not a column: the token of the browser session this object was loaded for (see sessions.py).
    # (Annotated for the type checker only: a declarative model maps every annotated attribute.)
    if TYPE_CHECKING:
        session_token: str | None
    else:
        session_token = None

    # Flask-Login protocol: the "id" kept in the cookie is the session token, not the user id.
    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_staff(self) -> bool:
        return self.role in ("trainer", "admin")


class UserSession(Base):
    """A signed-in browser. The cookie carries a random token; only its hash is stored.

    Deleting or revoking the row ends the session on the server, so a copied cookie replayed after
    sign-out, a password change or deactivation is refused.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))


class PasswordResetToken(Base):
    """A one-time link an administrator hands to a person (there is no mail server)."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


Index("ix_user_display_name", User.display_name)

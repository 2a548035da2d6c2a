"""offline: progress events queued on a device and applied once (issue 17)

Revision ID: 0008_offline
Revises: 0003
Create Date: 2026-12-08 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import learnlab.db

revision = "0008_offline"
down_revision = "0007_certificates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offline_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=False),
        sa.Column("section_id", sa.String(length=100), nullable=False),
        sa.Column("client_time", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("applied_time", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_offline_event_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_event")),
        sa.UniqueConstraint("user_id", "event_id", name=op.f("uq_offline_event_user_id")),
    )


def downgrade() -> None:
    op.drop_table("offline_event")

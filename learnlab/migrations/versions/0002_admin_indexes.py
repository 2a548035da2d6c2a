"""indexes for the staff pages: audit events by target, people by unit

Revision ID: 0002_admin
Revises: 0001
Create Date: 2026-11-29 00:58:23.363778
"""

from __future__ import annotations

from alembic import op

revision = "0002_admin"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_event_target_type_target_id", ["target_type", "target_id"], unique=False
        )

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index("ix_user_unit", ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index("ix_user_unit")

    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_target_type_target_id")

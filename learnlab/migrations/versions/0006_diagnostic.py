"""diagnostic: the phase (pre/post) of an attempt at the course diagnostic, and its scores

Revision ID: 0006_diagnostic
Revises: 0003
Create Date: 2026-12-08 01:30:00

``diagnostic_attempt``: one row per trainee, quiz and phase (unique), pointing at the attempt.
``diagnostic_score``: a submitted phase's points per competency (issue 14, pre-test and post-test).
New tables only: existing attempts are untouched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_diagnostic"
down_revision = "0005_essays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "diagnostic_attempt",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("quiz_slug", sa.String(length=100), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["quiz_attempt.id"], name=op.f("fk_diagnostic_attempt_attempt_id_quiz_attempt")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_diagnostic_attempt_user_id_user")),
        sa.PrimaryKeyConstraint("attempt_id", name=op.f("pk_diagnostic_attempt")),
        sa.UniqueConstraint("user_id", "quiz_slug", "phase", name=op.f("uq_diagnostic_attempt_user_id")),
    )
    op.create_table(
        "diagnostic_score",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=100), nullable=False),
        sa.Column("points", sa.Double(), nullable=False),
        sa.Column("max_points", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["diagnostic_attempt.attempt_id"],
            name=op.f("fk_diagnostic_score_attempt_id_diagnostic_attempt"),
        ),
        sa.PrimaryKeyConstraint("attempt_id", "competency", name=op.f("pk_diagnostic_score")),
    )


def downgrade() -> None:
    op.drop_table("diagnostic_score")
    op.drop_table("diagnostic_attempt")

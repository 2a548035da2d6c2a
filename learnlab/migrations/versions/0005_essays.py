"""assessment: knowledge-check tries; essay questions marked by trainers

Revision ID: 0005_essays
Revises: 0003
Create Date: 2026-12-08 01:10:00

``check_try``: how many wrong answers each trainee has given to each knowledge check, so that the
correct answer is shown only after a second try (issue 12).

``attempt_answer``: essays marked by a trainer (when, by whom, a comment for the trainee). An
attempt waiting for marking has the state ``marking`` (a value of the existing column).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import learnlab.db

revision = "0005_essays"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_try",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module_slug", sa.String(length=100), nullable=False),
        sa.Column("check_id", sa.String(length=100), nullable=False),
        sa.Column("wrong_tries", sa.Integer(), nullable=False),
        sa.Column("revealed_at", learnlab.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_check_try_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_try")),
        sa.UniqueConstraint("user_id", "module_slug", "check_id", name=op.f("uq_check_try_user_id")),
    )

    with op.batch_alter_table("attempt_answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("marked_at", learnlab.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("marked_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("comment", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attempt_answer_marked_by_id_user"), "user", ["marked_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("attempt_answer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attempt_answer_marked_by_id_user"), type_="foreignkey")
        batch_op.drop_column("comment")
        batch_op.drop_column("marked_by_id")
        batch_op.drop_column("marked_at")
    op.drop_table("check_try")

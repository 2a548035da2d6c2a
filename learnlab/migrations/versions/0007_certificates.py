"""certificates: issued certificates and each cohort's certificate settings (issue 16)

Revision ID: 0007_certificates
Revises: 0003
Create Date: 2026-12-08 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import learnlab.db

revision = "0007_certificates"
down_revision = "0006_diagnostic"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_setting",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("course_title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_certificate_setting_cohort_id_cohort")
        ),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_certificate_setting")),
    )
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("trainee_name", sa.String(length=200), nullable=False),
        sa.Column("course_title", sa.String(length=200), nullable=False),
        sa.Column("cohort_name", sa.String(length=200), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("completed_at", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_at", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("expires_at", learnlab.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", learnlab.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=500), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", learnlab.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], name=op.f("fk_certificate_cohort_id_cohort")),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"], ["certificate.id"], name=op.f("fk_certificate_replaced_by_id_certificate")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_certificate_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_certificate_code")),
        sa.UniqueConstraint("user_id", "cohort_id", "sequence", name=op.f("uq_certificate_user_id")),
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_user_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_cohort_id"))
    op.drop_table("certificate")
    op.drop_table("certificate_setting")

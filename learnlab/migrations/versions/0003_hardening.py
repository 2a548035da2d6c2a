"""hardening: demo accounts marked as such; trainers attached to cohorts

Revision ID: 0003
Revises: 0002_admin
Create Date: 2026-12-07 22:00:00

``user.is_demo`` marks the accounts `learnlab seed-demo` loads, which production refuses at
sign-in. A database seeded before this revision (by `make run`) gets its demo accounts marked
here: the five whose password is still the public demo password (checked against the stored
hash: an account whose owner changed the password is not a demo account any more), and the demo
trainees by username and name, never signed in with a password of their own.

``cohort_trainer``: which trainers follow which cohorts (issue 15, "trainers see their trainees").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from werkzeug.security import check_password_hash

import learnlab.db

revision = "0003"
down_revision = "0002_admin"
branch_labels = None
depends_on = None

# Frozen copies of learnlab.demo's lists as they were when this revision was written.
DEMO_PASSWORDS = {
    "trainee": "learnlab-trainee",
    "trainee-kg": "learnlab-trainee",
    "trainer": "learnlab-trainer",
    "admin": "learnlab-admin1",
    "admin-kg": "learnlab-admin1",
}
DEMO_TRAINEES = {
    "kz-aliya": "Алия Жумабекова",
    "kz-arman": "Арман Сейткали",
    "kz-dana": "Дана Омарова",
    "kz-yerlan": "Ерлан Тулегенов",
    "kz-madina": "Мадина Абенова",
    "kz-nurlan": "Нурлан Касымов",
    "kz-saule": "Сауле Искакова",
    "kz-timur": "Тимур Ахметов",
    "kz-zhanna": "Жанна Ли",
    "kz-askar": "Аскар Нуржанов",
    "kz-gulnar": "Гульнар Сыздыкова",
    "kz-ruslan": "Руслан Ким",
    "kz-aida": "Aida Bekova",
    "kz-daniyar": "Daniyar Serikbayev",
    "kg-aibek": "Айбек Токтогулов",
    "kg-nazira": "Назира Абдраева",
    "kg-ulan": "Улан Джумабаев",
    "kg-cholpon": "Чолпон Асанова",
    "kg-erkin": "Эркин Садыров",
    "kg-aizada": "Айзада Мамытова",
    "kg-bolot": "Болот Иманалиев",
    "kg-zhyldyz": "Жылдыз Орозова",
    "kg-temir": "Temir Usenov",
    "kg-meerim": "Meerim Alieva",
}


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_demo", sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table(
        "cohort_trainer",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", learnlab.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohort.id"], name=op.f("fk_cohort_trainer_cohort_id_cohort")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_cohort_trainer_user_id_user")),
        sa.PrimaryKeyConstraint("cohort_id", "user_id", name=op.f("pk_cohort_trainer")),
    )
    with op.batch_alter_table("cohort_trainer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_trainer_user_id"), ["user_id"], unique=False)

    _mark_existing_demo_accounts()


def _mark_existing_demo_accounts() -> None:
    user = sa.table(
        "user",
        sa.column("id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("display_name", sa.String),
        sa.column("password_hash", sa.String),
        sa.column("is_demo", sa.Boolean),
    )
    bind = op.get_bind()
    names = list(DEMO_PASSWORDS) + list(DEMO_TRAINEES)
    rows = bind.execute(
        sa.select(user.c.id, user.c.username, user.c.display_name, user.c.password_hash).where(
            user.c.username.in_(names)
        )
    ).all()
    demo = []
    for row in rows:
        stored = row.password_hash or ""
        if row.username in DEMO_PASSWORDS:
            usable = not stored.startswith("!")
            if usable and check_password_hash(stored, DEMO_PASSWORDS[row.username]):
                demo.append(row.id)
        elif DEMO_TRAINEES.get(row.username) == row.display_name and stored.startswith("!"):
            demo.append(row.id)
    if demo:
        bind.execute(sa.update(user).where(user.c.id.in_(demo)).values(is_demo=True))


def downgrade() -> None:
    with op.batch_alter_table("cohort_trainer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_trainer_user_id"))

    op.drop_table("cohort_trainer")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("is_demo")

"""Pulse surveys: runs keyed by their scheduled instant, who was invited, and responses that carry a keyed
hash instead of a name (no timestamps on them, random ids).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 02:08:10.313177
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import bot.db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        # Delivery passes claim rows with one UPDATE under a random token (faster fan-out, no double sends).
        batch_op.add_column(sa.Column("claim", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_claim"), ["claim"], unique=False)

    op.create_table(
        "survey_invite",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("slack_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("ward_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("invited_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("skipped", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reminded_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("run_id", "slack_id"),
    )
    op.create_table(
        "survey_response",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("voter", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("slack_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("ward_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "voter", name="uq_survey_response_voter"),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_response_run_id"), ["run_id"], unique=False)

    op.create_table(
        "survey_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("survey_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("instrument", sa.JSON(), nullable=False),
        sa.Column("scheduled_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("remind_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("headline", sa.Float(), nullable=True),
        sa.Column("reminders_sent_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("loop_closed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_key"),
    )
    with op.batch_alter_table("survey_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_run_survey_id"), ["survey_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_claim"))
        batch_op.drop_column("claim")

    with op.batch_alter_table("survey_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_run_survey_id"))

    op.drop_table("survey_run")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_response_run_id"))

    op.drop_table("survey_response")
    op.drop_table("survey_invite")

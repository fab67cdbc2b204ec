"""The queue: owners, the SLA cycle and answers on reports; followers, fired SLA duties, the scheduler
lease and known issues. Existing reports start their clock at the time they were filed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 01:46:25.941513
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import bot.db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "known_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("workaround", sa.Text(), nullable=True),
        sa.Column("expected_fix", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fixed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("known_issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_issue_report_id"), ["report_id"], unique=False)

    op.create_table(
        "lease",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("until", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "report_follower",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("slack_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("since", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "slack_id"),
    )
    op.create_table(
        "sla_duty",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("duty", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("due_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fired_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "cycle", "duty"),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("clock_started_at", bot.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cycle", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("first_response_at", bot.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answered_at", bot.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("expected_fix", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("me_too", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("plan_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("team_workaround", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("public_summary", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column("known_issue_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("question_outbox_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", bot.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_report_owner"), ["owner"], unique=False)
    op.execute("UPDATE report SET clock_started_at = created_at")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.alter_column("clock_started_at", existing_type=bot.db.types.UTCDateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_owner"))
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("question_outbox_id")
        batch_op.drop_column("known_issue_id")
        batch_op.drop_column("public_summary")
        batch_op.drop_column("resolution")
        batch_op.drop_column("team_workaround")
        batch_op.drop_column("plan_note")
        batch_op.drop_column("me_too")
        batch_op.drop_column("duplicate_of")
        batch_op.drop_column("expected_fix")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("first_response_at")
        batch_op.drop_column("cycle")
        batch_op.drop_column("clock_started_at")
        batch_op.drop_column("owner")

    op.drop_table("sla_duty")
    op.drop_table("report_follower")
    op.drop_table("lease")
    with op.batch_alter_table("known_issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_issue_report_id"))

    op.drop_table("known_issue")

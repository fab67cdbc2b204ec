"""The weekly rollup of usage: one row per person per ISO week with any use (its Monday, active days, events),
kept by every import in the transaction of its person-days, so adoption reads ~500,000 person-weeks a year rather
than ~3 million person-days. Filled here from the person-days already stored.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The Monday of a day's ISO week. SQLite keeps dates as YYYY-MM-DD text: 'weekday 0' moves on to the Sunday
# (a Sunday stays), and six days back from it is the Monday.
_MONDAY = {
    "sqlite": "date(day, 'weekday 0', '-6 days')",
    "postgresql": "CAST(date_trunc('week', day) AS DATE)",
}


def upgrade() -> None:
    op.create_table(
        "usage_week",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("active_days", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("person_id", "week"),
    )
    with op.batch_alter_table("usage_week", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usage_week_week"), ["week"], unique=False)
    monday = _MONDAY[op.get_bind().dialect.name]
    op.execute(
        "INSERT INTO usage_week (person_id, week, active_days, events)"
        f" SELECT person_id, {monday}, count(*), sum(events) FROM usage_day WHERE events > 0"
        f" GROUP BY person_id, {monday}"
    )


def downgrade() -> None:
    with op.batch_alter_table("usage_week", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usage_week_week"))
    op.drop_table("usage_week")

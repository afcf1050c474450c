"""Month roll-ups of every office (office_months), filled from the day roll-ups already stored.

Self-contained on purpose (a migration must mean the same in later versions):
the packing of "waits:p90:max" below is the one in district/rollups.py.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SUMMED = (
    "issued", "served", "no_show", "cancelled", "waits", "within_target", "wait_sum", "timed", "service_sum",
    "rated", "scaled", "not_satisfied",
)  # fmt: skip
FLOATS = ("within_target", "wait_sum", "service_sum")


def upgrade() -> None:
    op.create_table(
        "office_months",
        sa.Column("office", sa.String(64), sa.ForeignKey("offices.id"), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        *[sa.Column(name, sa.Float if name in FLOATS else sa.Integer, nullable=False) for name in SUMMED],
        sa.Column("wait_max", sa.Float, nullable=True),
        sa.Column("parts", sa.Text, nullable=True),
    )
    days = sa.table(
        "office_days", sa.column("office"), sa.column("day"), sa.column("wait_p90"), sa.column("wait_max"),
        *[sa.column(name) for name in SUMMED],
    )  # fmt: skip
    months = sa.table("office_months", *[sa.column(n) for n in ("office", "month", *SUMMED, "wait_max", "parts")])
    c = days.c
    part = sa.cast(c.waits, sa.String) + ":" + sa.cast(c.wait_p90, sa.String) + ":" + sa.cast(c.wait_max, sa.String)
    month = sa.func.substr(c.day, 1, 7)
    filled = sa.select(
        c.office, month, *[sa.func.sum(c[name]) for name in SUMMED], sa.func.max(c.wait_max),
        sa.func.aggregate_strings(sa.case((c.waits > 0, part)), ","),
    ).group_by(c.office, month)  # fmt: skip
    op.execute(months.insert().from_select(["office", "month", *SUMMED, "wait_max", "parts"], filled))


def downgrade() -> None:
    op.drop_table("office_months")

"""The district database as of onestop 0.2: offices in a province's structure, revocable tokens,
batches, the days' hourly cells and their daily roll-ups.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _rollup() -> list[sa.Column[object]]:
    return [
        sa.Column("issued", sa.Integer, nullable=False),
        sa.Column("served", sa.Integer, nullable=False),
        sa.Column("no_show", sa.Integer, nullable=False),
        sa.Column("cancelled", sa.Integer, nullable=False),
        sa.Column("waits", sa.Integer, nullable=False),
        sa.Column("within_target", sa.Float, nullable=False),
        sa.Column("wait_sum", sa.Float, nullable=False),
        sa.Column("wait_p90", sa.Float, nullable=True),
        sa.Column("wait_max", sa.Float, nullable=True),
        sa.Column("timed", sa.Integer, nullable=False),
        sa.Column("service_sum", sa.Float, nullable=False),
        sa.Column("rated", sa.Integer, nullable=False),
        sa.Column("scaled", sa.Integer, nullable=False),
        sa.Column("not_satisfied", sa.Integer, nullable=False),
        sa.Column("ratings", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "provinces",
        sa.Column("code", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_table(
        "offices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("province", sa.String(64), sa.ForeignKey("provinces.code"), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
        sa.Column("last_batch_at", sa.Float, nullable=True),
    )
    op.create_index("ix_offices_province", "offices", ["province"])
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
    )
    op.create_table(
        "batches",
        sa.Column("batch_id", sa.String(36), primary_key=True),
        sa.Column("office", sa.String(64), sa.ForeignKey("offices.id"), nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
    )
    op.create_table(
        "office_days",
        sa.Column("office", sa.String(64), sa.ForeignKey("offices.id"), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("batch_id", sa.String(36), nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        *_rollup(),
        sa.Column("cells", sa.Text, nullable=False),
    )
    op.create_index("ix_office_days_day", "office_days", ["day"])
    op.create_table(
        "service_days",
        sa.Column("office", sa.String(64), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("service", sa.String(8), primary_key=True),
        *_rollup(),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for table in ("service_days", "office_days", "batches", "users", "offices", "provinces"):
        op.drop_table(table)

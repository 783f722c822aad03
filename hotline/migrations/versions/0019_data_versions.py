"""core: version tokens of read-mostly data (places, schedule, live), for the per-process caches

Revision ID: 0019_data_versions
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

revision = "0019_data_versions"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )


def downgrade() -> None:
    op.drop_table("data_versions")

"""admin: failed login attempts (rate limit fallback when Redis is down)

Revision ID: 0009_admin
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa
import hotline.db

revision = "0009_admin"
down_revision = "0001_foundation"
branch_labels = ("admin",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_login_failures")),
    )
    op.create_index("ix_admin_login_failures_key_at", "admin_login_failures", ["key", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_admin_login_failures_key_at", table_name="admin_login_failures")
    op.drop_table("admin_login_failures")

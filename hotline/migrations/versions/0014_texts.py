"""texts: edits of resident texts; room for the language code uz_Cyrl

Revision ID: 0014_texts
Revises: 0003_callbacks (residents from 0001_foundation, callback_requests from 0003_callbacks)
"""
from alembic import op
import sqlalchemy as sa

import hotline.db

revision = "0014_texts"
down_revision = "0003_callbacks"
branch_labels = ("texts",)
depends_on = None

# Uzbek in Cyrillic is "uz_Cyrl": 7 characters where the codes had 2.
WIDENED = (("residents", "language"), ("callback_requests", "language"))


def upgrade() -> None:
    op.create_table(
        "text_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_edits")),
    )
    op.create_index("ix_text_edits_key_lang", "text_edits", ["key", "lang"])
    for table, column in WIDENED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=sa.String(length=8), existing_type=sa.String(length=2),
                                  existing_nullable=False)


def downgrade() -> None:
    for table, column in WIDENED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=sa.String(length=2), existing_type=sa.String(length=8),
                                  existing_nullable=False)
    op.drop_index("ix_text_edits_key_lang", table_name="text_edits")
    op.drop_table("text_edits")

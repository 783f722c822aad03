"""schedule: places, visits, reminder subscriptions, bus questions

Revision ID: 0002_schedule
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa
import hotline.db

revision = "0002_schedule"
down_revision = "0001_foundation"
branch_labels = ("schedule",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name_ky", sa.String(length=100), nullable=False),
        sa.Column("name_ru", sa.String(length=100), nullable=False),
        sa.Column("name_latin", sa.String(length=100), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("oblast", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("updated_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("code", name=op.f("uq_places_code")),
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("meeting_point", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("notified_revision", sa.Integer(), nullable=False),
        sa.Column("previous_starts_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_visits_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
        sa.UniqueConstraint("place_id", "starts_at", name="uq_visits_place_start"),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_starts_at"), ["starts_at"], unique=False)
    op.create_table(
        "bus_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.Boolean(), nullable=False),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"],
                                name=op.f("fk_bus_subscriptions_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bus_subscriptions")),
        sa.UniqueConstraint("resident_id", "place_id", name="uq_bus_subscriptions_resident"),
    )
    with op.batch_alter_table("bus_subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bus_subscriptions_place_id"), ["place_id"], unique=False)
    op.create_table(
        "bus_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bus_queries")),
    )
    with op.batch_alter_table("bus_queries", schema=None) as batch_op:
        batch_op.create_index("ix_bus_queries_place_asked", ["place_id", "asked_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_bus_queries_asked_at"), ["asked_at"], unique=False)


def downgrade() -> None:
    op.drop_table("bus_queries")
    op.drop_table("bus_subscriptions")
    op.drop_table("visits")
    op.drop_table("places")

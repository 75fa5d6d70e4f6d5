"""Crosswalk: typed mappings between entries of different lists, computed at import time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mapping",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject_version_id", sa.Integer(), sa.ForeignKey("list_version.id"), nullable=False),
        sa.Column("subject_key", sa.String(), nullable=False),
        sa.Column("object_jurisdiction", sa.String(8), nullable=False),
        # NULL for "no counterpart": the object list/entry does not exist by design.
        sa.Column("object_version_id", sa.Integer(), sa.ForeignKey("list_version.id"), nullable=True),
        sa.Column("object_key", sa.String(), nullable=True),
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        # the same evidence as a serialized google.protobuf.Struct, built once at import time so that
        # answering does not convert dictionaries to Structs per request
        sa.Column("evidence_struct", sa.LargeBinary(), nullable=False),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("mapping_date", sa.String(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
    )
    op.create_index("ix_mapping_subject", "mapping", ["subject_version_id", "subject_key"])
    op.create_index("ix_mapping_object", "mapping", ["object_version_id", "object_key"])


def downgrade() -> None:
    op.drop_table("mapping")

"""Common schema: jurisdictions, lists, versions, entry trees, list texts, reference data, search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JURISDICTIONS = [
    ("us", "United States"),
    ("eu", "European Union"),
    ("uk", "United Kingdom"),
    ("jp", "Japan"),
    ("au", "Australia"),
    ("ca", "Canada"),
    ("wa", "Wassenaar Arrangement"),
]


def upgrade() -> None:
    jurisdiction = op.create_table(
        "jurisdiction",
        sa.Column("id", sa.String(8), primary_key=True),
        sa.Column("display_name", sa.String(), nullable=False),
    )
    op.bulk_insert(jurisdiction, [{"id": i, "display_name": n} for i, n in JURISDICTIONS])
    op.create_table(
        "control_list",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("jurisdiction_id", sa.String(8), sa.ForeignKey("jurisdiction.id"), nullable=False),
        sa.Column("list_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("publisher", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("licence", sa.String(), nullable=False),
        sa.UniqueConstraint("jurisdiction_id", "list_id"),
    )
    op.create_index("ix_control_list_jurisdiction_id", "control_list", ["jurisdiction_id"])
    op.create_table(
        "list_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("control_list_id", sa.Integer(), sa.ForeignKey("control_list.id"), nullable=False),
        sa.Column("version_date", sa.Date(), nullable=False),
        sa.Column("source_uri", sa.String(), nullable=False),
        sa.Column("source_file", sa.String(), nullable=False),
        sa.Column("source_sha256", sa.String(64), nullable=False),
        sa.Column("importer_version", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.UniqueConstraint("control_list_id", "source_sha256"),
    )
    op.create_index("ix_list_version_control_list_id", "list_version", ["control_list_id"])
    op.create_table(
        "entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("list_version.id"), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("parent_key", sa.String(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reserved", sa.Boolean(), nullable=False),
        sa.Column("regime", sa.String(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.UniqueConstraint("version_id", "key"),
    )
    op.create_index("ix_entry_version_parent", "entry", ["version_id", "parent_key", "position"])
    op.create_index("ix_entry_version_code", "entry", ["version_id", "code"])
    op.create_table(
        "list_text",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("list_version.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_list_text_version_id", "list_text", ["version_id"])
    op.create_table(
        "reference_row",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("list_version.id"), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.UniqueConstraint("version_id", "table_name", "key"),
    )
    _create_search_index()


def _create_search_index() -> None:
    """Full-text search: FTS5 on SQLite; a generated tsvector with a GIN index on PostgreSQL, plus a
    pg_trgm index there for substring search of unspaced Japanese text (SQLite scans: its lists are small)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE entry_fts USING fts5(code, title, text, "
            "content='entry', content_rowid='id', tokenize='porter unicode61')"
        )
    else:
        op.execute(
            "ALTER TABLE entry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(code, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(title, '')), 'B') || "
            "setweight(to_tsvector('english', coalesce(text, '')), 'C')) STORED"
        )
        op.execute("CREATE INDEX ix_entry_search_vector ON entry USING GIN (search_vector)")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_entry_text_trgm ON entry USING GIN ((title || ' ' || text) gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE entry_fts")
    for table in ("reference_row", "list_text", "entry", "list_version", "control_list", "jurisdiction"):
        op.drop_table(table)

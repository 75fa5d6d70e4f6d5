"""Alembic is the only schema author: a fresh database upgrades on both engines, downgrades cleanly,
and the table models describe exactly what the migrations built."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from server import models  # noqa: F401  (registers the tables)
from server.db import alembic_config, get_engine, upgrade

SEARCH_OBJECTS = {"entry_fts", "search_vector", "ix_entry_search_vector", "ix_entry_text_trgm"}


def _search_object(diff) -> bool:
    text = repr(diff)
    return any(name in text for name in SEARCH_OBJECTS) or "entry_fts" in text


def test_models_match_the_migrations(database_url):
    upgrade(database_url)
    with get_engine(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diffs = [d for d in compare_metadata(context, SQLModel.metadata) if not _search_object(d)]
    assert diffs == []


def test_downgrade_to_base_and_upgrade_again(database_url):
    upgrade(database_url)
    engine = get_engine(database_url)
    with engine.begin() as connection:
        config = alembic_config(database_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(database_url)
    assert {"entry", "list_version", "mapping"} <= set(inspect(engine).get_table_names())

"""Alembic environment: the database URL comes from the caller (server.db.upgrade) or the settings."""

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

from server import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from server.settings import load_settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or load_settings().database_url
connectable = config.attributes.get("connection")


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if connectable is not None:
    run(connectable)
else:
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        run(connection)

"""Shared fixtures: where the real documents are, and which databases to run against.

Real-document and PostgreSQL tests skip on a machine without them, except under CI (CI=true),
where a missing corpus or database is a failure, never a skip.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI must run these tests, not skip them)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    value = os.environ.get("HARMONIZE_CORPUS")
    if not value or not Path(value).is_dir():
        _missing("HARMONIZE_CORPUS does not name the folder of real documents")
    return Path(value)


POSTGRES_URL_ENV = "HARMONIZE_TEST_POSTGRES_URL"


def _fresh_postgres_database(admin_url: str) -> str:
    """A new, empty database on the test server, so each test starts from a clean migration."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"harmonize_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(admin_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from server.db import get_engine

    get_engine(url).dispose()
    get_engine.cache_clear()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def _database(kind: str, folder: Path):
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'harmonize.db'}"
        return
    admin_url = os.environ.get(POSTGRES_URL_ENV)
    if not admin_url:
        _missing(f"{POSTGRES_URL_ENV} does not name a PostgreSQL server")
    url = _fresh_postgres_database(admin_url)
    try:
        yield url
    finally:
        _drop_postgres_database(admin_url, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Every test that takes this runs twice: on an SQLite file and on the real PostgreSQL server."""
    with _database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(request, tmp_path_factory):
    """The same, shared by a module's tests (for data that is slow to load)."""
    with _database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url

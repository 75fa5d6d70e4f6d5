"""Shared fixtures: where the real documents are, and which databases to run against.

Real-document and PostgreSQL tests skip on a machine without them, except under CI (CI=true),
where a missing corpus or database is a failure, never a skip.
"""

from __future__ import annotations

import os
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

"""Interop: a Node.js client built from the .proto files alone (@grpc/grpc-js) talks to the server."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from server.db import get_engine, upgrade
from server.settings import Settings
from server.store import Store
from tests.builders import small_list
from tests.conftest import IN_CI
from tests.server.running import RunningServer

HERE = Path(__file__).resolve().parent


@pytest.fixture
def node_client() -> list[str]:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "@grpc" / "grpc-js").is_dir():
        reason = "node and tests/interop/node_modules (npm ci --prefix tests/interop) are needed"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return [node, str(HERE / "client.mjs")]


def test_node_grpc_js_client_reads_entries_and_errors(node_client, tmp_path):
    url = f"sqlite:///{tmp_path / 'interop.db'}"
    upgrade(url)
    Store(get_engine(url)).import_parsed(small_list())
    server = RunningServer(Settings(database_url=url))
    try:
        output = subprocess.run(
            [*node_client, server.address], capture_output=True, text=True, timeout=60, check=True
        )
    finally:
        server.stop()
    results = json.loads(output.stdout)
    entry = results["get"]["entry"]
    assert entry["code"] == "3A001.a.1" and entry["kind"] == "ENTRY_KIND_ITEM"
    assert "5 × 10³ Gy (Si)" in entry["text"] and entry["citation"]["source_sha256"] == "a" * 64
    assert results["search"]["results"][0]["snippet"].count("<b>") >= 1
    assert results["unknown"]["code"] == "NOT_FOUND" and "9Z999" in results["unknown"]["details"]
    assert results["malformed"]["code"] == "INVALID_ARGUMENT" and "as_of" in results["malformed"]["details"]

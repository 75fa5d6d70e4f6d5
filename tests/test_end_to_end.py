"""End to end as a user would: `harmonize import` on the real US documents, `harmonize serve` on a
real port, and calls through server reflection only (no project stubs), plus hostile input,
truncated input and an import killed midway."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import grpc
import pytest
from google.protobuf import descriptor_pool, json_format, message_factory
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

CCL = "part774-2026-09-01.ecfr.xml"


def harmonize(
    *args: str, database_url: str, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess:
    env = dict(os.environ, HARMONIZE_DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"harmonize {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReflectionClient:
    """Calls methods by name with JSON, learning every type from the server's reflection service."""

    def __init__(self, address: str):
        self.channel = grpc.insecure_channel(address)
        self.pool = descriptor_pool.DescriptorPool(ProtoReflectionDescriptorDatabase(self.channel))

    def call(self, service: str, method: str, body: dict) -> dict:
        descriptor = self.pool.FindServiceByName(service).FindMethodByName(method)
        request_class = message_factory.GetMessageClass(descriptor.input_type)
        response_class = message_factory.GetMessageClass(descriptor.output_type)
        call = self.channel.unary_unary(
            f"/{service}/{method}",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_class.FromString,
        )
        response = call(json_format.ParseDict(body, request_class()), timeout=30)
        return json_format.MessageToDict(response, preserving_proto_field_name=True)


@pytest.fixture(scope="module")
def us_database(corpus_dir, tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'harmonize.db'}"
    harmonize("import", str(corpus_dir / "us"), database_url=url)
    return url


@pytest.fixture(scope="module")
def served(us_database):
    port = free_port()
    env = dict(os.environ, HARMONIZE_DATABASE_URL=us_database)
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        grpc.channel_ready_future(channel).result(timeout=60)
        yield ReflectionClient(f"127.0.0.1:{port}")
    finally:
        channel.close()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0, process.stderr.read()


SERVICE = "harmonize.v1.ControlListService"


def test_health_serves_once_data_is_loaded(served):
    deadline = time.monotonic() + 15
    while True:
        status = served.call("grpc.health.v1.Health", "Check", {"service": SERVICE})["status"]
        if status == "SERVING" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == "SERVING"


@pytest.mark.parametrize(
    "code, parent, fragment",
    [
        ("3A001", "3A", "Electronic items as follows"),
        ("3A001.a.5.a.2", "3A001.a.5.a", "600 Mega Samples Per Second"),
        ("5A002.a", "5A002", "cryptography for data confidentiality"),
        ("0A501", "0A", "Firearms"),
        ("9E003.a.1", "9E003.a", "exceeding 400 hours at 1,273 K (1,000 °C) at a stress of 200 MPa"),
    ],
)
def test_get_entry_through_reflection_matches_the_ecfr_text(served, code, parent, fragment):
    response = served.call(SERVICE, "GetEntry", {"jurisdiction": "us", "code": code})
    entry = response["entry"]
    assert entry["code"] == code
    assert entry["parent"].endswith("/entries/" + parent.lower())
    assert fragment.lower() in (entry.get("title", "") + " " + entry.get("text", "")).lower()
    assert entry["version_date"] == "2026-09-01"
    assert entry["citation"]["source_file"] == CCL and len(entry["citation"]["source_sha256"]) == 64


def test_unknown_and_malformed_requests_get_canonical_codes(served):
    with pytest.raises(grpc.RpcError) as error:
        served.call(SERVICE, "GetEntry", {"jurisdiction": "us", "code": "3A999.z"})
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as error:
        served.call(SERVICE, "GetEntry", {"jurisdiction": "zz", "code": "3A001"})
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "jurisdiction" in error.value.details()


def test_search_finds_technical_phrases(served):
    response = served.call(SERVICE, "SearchEntries", {"query": "frequency synthesizer", "page_size": 5})
    codes = [r["entry"]["code"] for r in response["results"]]
    assert any(code.startswith("3A001.b.11") for code in codes), codes
    assert all("<b>" in r["snippet"] for r in response["results"])


def test_list_entries_walks_a_category(served):
    response = served.call(
        SERVICE, "ListEntries", {"parent": "jurisdictions/us/lists/ccl/entries/3a", "page_size": 100}
    )
    codes = [e["code"] for e in response["entries"]]
    assert codes[:2] == ["3A001", "3A002"] and "3A090" in codes


def test_hostile_and_truncated_documents_are_refused_and_lose_nothing(us_database, corpus_dir, tmp_path):
    before = harmonize("lists", "--json", database_url=us_database).stdout
    bomb = tmp_path / "part774-2026-10-01.ecfr.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE DIV5 [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<DIV5 N="774" TYPE="PART"><HEAD>&b;</HEAD></DIV5>'
    )
    result = harmonize("import", str(bomb), database_url=us_database, check=False)
    assert result.returncode == 1 and str(bomb) in result.stderr and "entities" in result.stderr
    truncated = tmp_path / "part774-2026-11-01.ecfr.xml"
    data = (corpus_dir / "us" / CCL).read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    result = harmonize("import", str(truncated), database_url=us_database, check=False)
    assert result.returncode == 1 and str(truncated) in result.stderr
    unknown = tmp_path / "notes.txt"
    unknown.write_text("not a control list")
    result = harmonize("import", str(unknown), database_url=us_database, check=False)
    assert result.returncode == 1 and "no importer recognises" in result.stderr
    assert harmonize("lists", "--json", database_url=us_database).stdout == before


def test_reimporting_the_same_document_is_a_no_op(us_database, corpus_dir):
    result = harmonize("import", str(corpus_dir / "us" / CCL), "--json", database_url=us_database)
    assert '"status": "unchanged"' in result.stdout


def test_killed_import_leaves_the_previous_version_intact(corpus_dir, tmp_path):
    database = tmp_path / "killed.db"
    url = f"sqlite:///{database}"
    harmonize("import", str(corpus_dir / "us" / CCL), database_url=url)
    newer = tmp_path / "part774-2026-12-01.ecfr.xml"  # a different document: new date, new sha256
    shutil.copy(corpus_dir / "us" / CCL, newer)
    with open(newer, "a") as handle:
        handle.write("\n<!-- edited -->\n")
    rng = random.Random(7)
    env = dict(os.environ, HARMONIZE_DATABASE_URL=url)
    for _ in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "import", str(newer)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(database) as connection:
            versions = connection.execute("SELECT id, entry_count FROM list_version").fetchall()
            for version_id, expected in versions:
                written = connection.execute(
                    "SELECT count(*) FROM entry WHERE version_id = ?", (version_id,)
                ).fetchone()[0]
                assert written == expected, "a version is visible with only part of its entries"
            orphans = connection.execute(
                "SELECT count(*) FROM entry WHERE version_id NOT IN (SELECT id FROM list_version)"
            ).fetchone()[0]
            assert orphans == 0
        if len(versions) == 2:
            break
    # whatever happened, the old version still answers
    result = harmonize("get", "us", "3A001.a.1", "--as-of", "2026-09-01", "--json", database_url=url)
    assert '"version_date": "2026-09-01"' in result.stdout

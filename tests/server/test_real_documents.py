"""The real documents through the import job and the queries, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest

from harmonize.v1 import control_list_pb2 as pb
from server.control_lists import ControlListQueries
from server.db import get_engine, upgrade
from server.import_job import run_import
from server.store import Store


@pytest.fixture
def queries(database_url, corpus_dir) -> ControlListQueries:
    upgrade(database_url)
    store = Store(get_engine(database_url))
    outcomes, _ = run_import(
        store, [corpus_dir / "us", corpus_dir / "eu", corpus_dir / "jp"], show_progress=False
    )
    assert {o.status for o in outcomes} == {"imported"}, [o for o in outcomes if o.status != "imported"]
    again, _ = run_import(store, [corpus_dir / "eu"], show_progress=False)
    assert [o.status for o in again] == ["unchanged"]
    return ControlListQueries(store, "test-secret")


def test_the_same_entry_side_by_side_and_search_across_lists(queries):
    us = queries.get_entry(pb.GetEntryRequest(jurisdiction="US", code="3A001.a.5.a.2")).entry
    eu = queries.get_entry(pb.GetEntryRequest(jurisdiction="eu", code="3A001.a.5.a.2")).entry
    assert us.parent.endswith("/3a001.a.5.a") and eu.parent.endswith("/3a001.a.5.a")
    assert "600" in us.text and "600" in eu.text
    assert us.citation.source_file.startswith("part774") and eu.version_date == "2025-11-15"

    english = queries.search_entries(pb.SearchEntriesRequest(query="frequency synthesizer", page_size=20))
    assert {r.entry.jurisdiction for r in english.results} == {"us", "eu"}
    assert all("<b>" in r.snippet.lower() for r in english.results)
    japanese = queries.search_entries(pb.SearchEntriesRequest(query="超電導 電磁石", jurisdictions=["jp"]))
    assert japanese.results and all(r.entry.jurisdiction == "jp" for r in japanese.results)
    assert all("超電導" in r.entry.text and "電磁石" in r.entry.text for r in japanese.results)


def test_old_japanese_revision_stays_queryable(queries):
    new = queries.get_entry(pb.GetEntryRequest(jurisdiction="jp", code="7の項(1)")).entry
    old = queries.get_entry(pb.GetEntryRequest(jurisdiction="jp", code="7の項(1)", as_of="2025-06-01")).entry
    assert new.version_date == "2026-06-05" and old.version_date == "2025-01-23"
    assert new.attributes["specified_by"][0]["code"] == "貨物等省令第6条第1号"

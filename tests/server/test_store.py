"""The store on SQLite and PostgreSQL: whole-version imports, no-op re-imports, versions, search."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from importers.errors import DocumentRefused
from server.db import get_engine, upgrade
from server.models import Entry, ListVersion
from server.store import Store, normalize_code
from tests.builders import small_list


@pytest.fixture
def store(database_url) -> Store:
    upgrade(database_url)
    return Store(get_engine(database_url))


def test_import_writes_the_tree_with_depth_and_order(store):
    result = store.import_parsed(small_list())
    assert result.status == "imported"
    version = store.current_versions()[("us", "test-ccl")]
    leaf = store.entry_by_key(version.id, "3a001.a.1")
    assert leaf.parent_key == "3a001.a" and leaf.depth == 4 and leaf.kind == "item"
    assert "5 × 10³ Gy (Si)" in leaf.text and "−55 °C" in leaf.text
    assert leaf.attributes == {"flags": ["example"]}
    heading = store.entry_by_key(version.id, "3a001")
    assert heading.reasons == [
        {
            "reason": "NS",
            "applies_to": "Entire entry",
            "country_chart_column": "NS2",
            "paragraphs": ["3a001"],
            "country_chart_text": "",
        }
    ]
    assert heading.has_children and not leaf.has_children
    children, total = store.children(version.id, "3a001.a", 0, 10)
    assert [c.key for c in children] == ["3a001.a.1", "3a001.a~note-1"] and total == 2
    assert store.all_reference_rows(version.id) == [("us_country_group", "A:1", {"members": ["DE", "FR"]})]
    assert store.list_texts(version.id) == [("General Note", "Controls apply to items of any origin.")]


def test_same_document_again_is_a_no_op(store):
    first = store.import_parsed(small_list())
    again = store.import_parsed(small_list())
    assert again.status == "unchanged" and again.version.id == first.version.id
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ListVersion)).scalar() == 1


def test_new_version_becomes_current_and_old_stays_queryable(store):
    store.import_parsed(small_list(sha256="a" * 64, version_date=date(2024, 1, 1), heading="Old heading"))
    store.import_parsed(small_list(sha256="b" * 64, version_date=date(2025, 6, 1), heading="New heading"))
    current = store.current_versions()[("us", "test-ccl")]
    assert store.entry_by_key(current.id, "3a001").title == "New heading"
    old = store.versions_in_force(date(2024, 12, 31))[("us", "test-ccl")]
    assert store.entry_by_key(old.id, "3a001").title == "Old heading"
    assert store.versions_in_force(date(2023, 1, 1)) == {}


def test_failed_import_leaves_previous_version_intact(store, monkeypatch):
    store.import_parsed(small_list(sha256="a" * 64))
    original = Store._insert_entries

    def fail_midway(self, connection, version_id, parsed, progress):
        original(self, connection, version_id, parsed, progress)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_insert_entries", fail_midway)
    with pytest.raises(RuntimeError, match="disk full"):
        store.import_parsed(small_list(sha256="c" * 64, version_date=date(2026, 1, 1), heading="Half"))
    store._current = (0.0, {})
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ListVersion)).scalar() == 1
        assert connection.execute(select(func.count()).select_from(Entry)).scalar() == 7
    current = store.current_versions()[("us", "test-ccl")]
    assert store.entry_by_key(current.id, "3a001").title == "Electronic components"


def test_broken_tree_is_refused_before_writing(store):
    parsed = small_list()
    parsed.entries[4].parent_key = "3a001.zz"
    with pytest.raises(DocumentRefused, match="3a001.zz"):
        store.import_parsed(parsed)
    assert store.current_versions() == {}


def test_find_by_code_accepts_printed_and_normalised_codes(store):
    store.import_parsed(small_list())
    versions = list(store.current_versions().values())
    assert [e.key for e in store.find_by_code(versions, "3A001.a.1")] == ["3a001.a.1"]
    assert [e.key for e in store.find_by_code(versions, " 3a001.A.1. ")] == ["3a001.a.1"]
    assert store.find_by_code(versions, "3A999") == []
    assert normalize_code("３A００１") == "3a001"


def test_search_ranks_and_highlights(store):
    store.import_parsed(small_list(extra_items=3))
    versions = list(store.current_versions().values())
    hits = store.search("integrated circuits", versions, 0, 10)
    assert hits, "expected a match for 'integrated circuits'"
    assert hits[0].entry.key in {"3a001.a", "3a001.a.1"}
    assert "<b>" in hits[0].snippet
    assert store.search("nonexistentword", versions, 0, 10) == []
    assert [h.entry.key for h in store.search('"Microwave item 3"', versions, 0, 10)] == ["3a001.a.3"]


def test_search_survives_query_syntax_characters(store):
    store.import_parsed(small_list())
    versions = list(store.current_versions().values())
    for query in ['"', "AND OR NOT", "a*b(", "3A001.a.1", "NEAR(x y)", "'; DROP TABLE entry; --"]:
        store.search(query, versions, 0, 10)  # must not raise
    assert any(h.entry.key == "3a001.a.1" for h in store.search("Gy", versions, 0, 10))

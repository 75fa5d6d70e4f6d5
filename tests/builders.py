"""Small hand-built lists for unit tests of the store and the service (no corpus needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from importers.records import (
    EntryKind,
    EntryRecord,
    ListText,
    ParsedList,
    ReasonForControl,
    ReferenceRecord,
    Regime,
    SourceDescriptor,
)


def descriptor(jurisdiction: str = "us", list_id: str = "test-ccl") -> SourceDescriptor:
    return SourceDescriptor(
        jurisdiction=jurisdiction,
        list_id=list_id,
        title="Test Control List",
        publisher="Harmonize tests",
        url="https://example.invalid/test-ccl",
        format="test",
        licence="CC0",
        expected_counts={"entry": (1, 10)},
        recognise=lambda path, head: False,
        parse=lambda path: None,  # type: ignore[arg-type,return-value]
    )


def small_list(
    sha256: str = "a" * 64,
    version_date: date = date(2025, 1, 1),
    heading: str = "Electronic components",
    extra_items: int = 0,
    jurisdiction: str = "us",
    list_id: str = "test-ccl",
) -> ParsedList:
    """Category 3 > 3A > 3A001 > a > a.1 (+ a Note), plus `extra_items` siblings a.2, a.3, …"""
    entries = [
        EntryRecord("Category 3", "category-3", EntryKind.CATEGORY, None, "Electronics"),
        EntryRecord("3A", "3a", EntryKind.PRODUCT_GROUP, "category-3", "Systems, Equipment and Components"),
        EntryRecord(
            "3A001",
            "3a001",
            EntryKind.ENTRY,
            "3a",
            heading,
            heading,
            regime=Regime.WASSENAAR,
            reasons=[ReasonForControl("NS", "Entire entry", "NS2", ["3a001"])],
            location="DIV9/P[1]",
        ),
        EntryRecord(
            "3A001.a", "3a001.a", EntryKind.ITEM, "3a001", "", "a. General purpose integrated circuits"
        ),
        EntryRecord(
            "3A001.a.1",
            "3a001.a.1",
            EntryKind.ITEM,
            "3a001.a",
            "",
            "a.1. Integrated circuits rated for total dose of 5 × 10³ Gy (Si) or higher; µ-scale −55 °C",
            attributes={"flags": ["example"]},
        ),
        EntryRecord(
            "3A001.a Note", "3a001.a~note-1", EntryKind.NOTE, "3a001.a", "", "Note: Wafers are controlled."
        ),
        EntryRecord("3A001.b", "3a001.b", EntryKind.ITEM, "3a001", "", "b. [Reserved]", reserved=True),
    ]
    for n in range(2, 2 + extra_items):
        entries.append(
            EntryRecord(
                f"3A001.a.{n}", f"3a001.a.{n}", EntryKind.ITEM, "3a001.a", "", f"a.{n}. Microwave item {n}"
            )
        )
    return ParsedList(
        descriptor=descriptor(jurisdiction, list_id),
        version_date=version_date,
        source_path=Path("test-ccl.xml"),
        sha256=sha256,
        entries=entries,
        texts=[ListText("General Note", "Controls apply to items of any origin.")],
        reference=[ReferenceRecord("us_country_group", "A:1", {"members": ["DE", "FR"]})],
    )

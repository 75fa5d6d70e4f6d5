"""The records every importer produces: the common schema as plain data, before it reaches the store.

An importer returns one `ParsedList` per document. Entries come in document order (the store keeps
that order) and every entry's parent comes before it. Depth is derived from the parent chain.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from importers.errors import DocumentRefused


class EntryKind(StrEnum):
    CATEGORY = "category"  # "Category 3 - Electronics", "別表第1 7の項" rows are ENTRY, not category
    PRODUCT_GROUP = "product_group"  # "3A Systems, Equipment and Components"
    ENTRY = "entry"  # a five-character entry / ECCN / ML item / 項
    ITEM = "item"  # a sub-item: 3A001.a.5.a.2, 7の項(1), 第6条第1号イ
    NOTE = "note"
    TECHNICAL_NOTE = "technical_note"
    NB = "nb"
    SECTION = "section"  # structural text that is neither an entry nor a note (e.g. a list part heading)


class Regime(StrEnum):
    WASSENAAR = "wassenaar"
    MTCR = "mtcr"
    NSG = "nsg"
    AUSTRALIA_GROUP = "australia_group"
    CWC = "cwc"
    NATIONAL = "national"  # a jurisdiction's own addition (EU/UK 5xx, US 600/900 series, UK PL9xxx, ...)


class ListKind(StrEnum):
    CONTROL_LIST = "control_list"  # entries that control items
    REFERENCE = "reference"  # country data used by obligation checks (country chart, groups, ...)


@dataclass
class ReasonForControl:
    """One line of a US-style "Reason for Control" table: which reason, where it applies, which column."""

    reason: str  # "NS", "MT", "NP", "CB", "AT", "RS", "CC", "EI", "SL", "UN", "FC", "SI", ...
    applies_to: str  # as printed: "Entire entry", "3A001.b.2 and b.3", ...
    country_chart_column: str | None = None  # "NS1", "AT1"; None where the text names none
    paragraphs: list[str] = field(
        default_factory=list
    )  # normalized keys the reason applies to, if resolvable
    # the country-chart cell as printed, kept when it names no column ("Worldwide control", "... except Canada")
    country_chart_text: str = ""


@dataclass
class EntryRecord:
    code: str  # as printed, full path: "3A001.a.5.a.2", "ML1.a", "7の項(1)"
    key: str  # stable ASCII key, unique within the list version: "3a001.a.5.a.2", "7.1"
    kind: EntryKind
    parent_key: str | None = None
    title: str = ""
    text: str = ""  # the node's own text, exact as printed (not its children's)
    reserved: bool = False  # "[Reserved]", "Not used", "Not used since 2010"
    regime: Regime | None = None
    reasons: list[ReasonForControl] = field(default_factory=list)
    location: str = ""  # where in the source: "page 51", "DIV9/P[412]", "entries[17] line 3"
    attributes: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable importer extras


@dataclass
class ListText:
    """List-level text that belongs to no entry: General Notes, definitions, preambles."""

    title: str
    text: str


@dataclass
class ReferenceRecord:
    """One row of reference data: a country-chart row, a country group, a general authorisation."""

    table: str  # "us_country_chart", "us_country_group", "eu_general_authorisation", "jp_group_a", ...
    key: str  # "CN", "A:1", "EU001"
    data: dict[str, Any]  # JSON-serialisable


@dataclass(frozen=True)
class SourceDescriptor:
    """What a source is and how to read it (zavod style): one per list an importer reads."""

    jurisdiction: str  # "us", "eu", "uk", "jp", "au", "ca", "wa"
    list_id: str  # stable, lower-case: "ccl", "annex-i", ...
    title: str
    publisher: str
    url: str
    format: str  # "ecfr-xml", "eu-annex-json", "pdf", "docx", "egov-law-xml", "justice-canada-xml"
    licence: str
    # count name -> (min, max) inclusive. Count names: an EntryKind value ("entry", "item", ...),
    # "entries" (all entry records), or "reference:<table>" (rows of that reference table).
    expected_counts: dict[str, tuple[int, int]]
    recognise: Callable[[Path, bytes], bool]  # (path, first 64 KiB) -> is this my document?
    parse: Callable[[Path], ParsedList]
    importer_version: str = "1"
    kind: ListKind = ListKind.CONTROL_LIST


@dataclass
class ParsedList:
    descriptor: SourceDescriptor
    version_date: date
    source_path: Path
    sha256: str
    entries: list[EntryRecord] = field(default_factory=list)
    texts: list[ListText] = field(default_factory=list)
    reference: list[ReferenceRecord] = field(default_factory=list)
    source_uri: str = ""  # defaults to the descriptor's url

    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter(e.kind.value for e in self.entries)
        counts["entries"] = len(self.entries)
        counts.update(f"reference:{r.table}" for r in self.reference)
        return counts


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_parsed(parsed: ParsedList) -> None:
    """Refuse a parse whose structure is broken or whose counts fall outside the descriptor's bounds."""
    path = parsed.source_path
    seen: set[str] = set()
    for entry in parsed.entries:
        if entry.key in seen:
            raise DocumentRefused(path, f"duplicate entry key {entry.key!r} (code {entry.code!r})")
        if entry.parent_key is not None and entry.parent_key not in seen:
            raise DocumentRefused(
                path, f"entry {entry.code!r} names parent {entry.parent_key!r}, which does not precede it"
            )
        seen.add(entry.key)
    counts = parsed.counts()
    for name, (low, high) in parsed.descriptor.expected_counts.items():
        if not low <= counts.get(name, 0) <= high:
            raise DocumentRefused(
                path,
                f"expected {low}..{high} {name} but the parse found {counts.get(name, 0)}; "
                "the document or the importer has changed",
            )

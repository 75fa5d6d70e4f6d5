"""The obligation check's inputs and outputs as plain data (no database, no gRPC).

`check()` (engine.py) takes `ItemRef`s, a route and `EndUse` facts and returns one `JurisdictionResult`
per jurisdiction whose rules apply. A result never says NOT_REQUIRED unless the reference data decides
it; every result carries the rules (`Citation`s) it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class ItemRef:
    """An item's classification in one jurisdiction: ("eu", "3A001.a.2"), ("us", "5A002.a"), ("jp", "7の項(1)")."""

    jurisdiction: str
    code: str

    @classmethod
    def parse(cls, text: str) -> ItemRef:
        """"EU 3A001.a.2" / "jp:7の項(1)" → ItemRef; the first token is the jurisdiction."""
        text = text.strip()
        for separator in (" ", ":", "\u3000"):
            head, found, tail = text.partition(separator)
            if found and head and tail.strip():
                return cls(head.strip().lower(), tail.strip())
        raise ValueError(f"an item is written '<jurisdiction> <code>', e.g. 'EU 3A001.a.2', not {text!r}")


@dataclass(frozen=True)
class EndUse:
    """Facts that catch-all controls depend on (what the exporter knows or has been told)."""

    military: bool = False
    wmd: bool = False
    end_user_of_concern: bool = False

    def any(self) -> bool:
        return self.military or self.wmd or self.end_user_of_concern

    def named(self) -> list[str]:
        names = []
        if self.wmd:
            names.append("WMD end use")
        if self.military:
            names.append("military end use")
        if self.end_user_of_concern:
            names.append("end user of concern")
        return names


@dataclass
class EntryView:
    """A stored list entry as the engine reads it (the store/crosswalk build these)."""

    jurisdiction: str
    list_id: str
    key: str
    code: str
    kind: str = "entry"
    parent_key: str | None = None
    title: str = ""
    text: str = ""
    reserved: bool = False
    regime: str | None = None
    # [{reason, applies_to, country_chart_column, paragraphs}] as importers/records.py ReasonForControl
    reasons: list[dict[str, Any]] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)


RELATIONS = ("exact", "close", "broad", "narrow", "related", "given")
DECISIVE_RELATIONS = ("given", "exact", "close")


@dataclass
class Counterpart:
    """An entry that applies in a jurisdiction and how it was reached from the item as given."""

    entry: EntryView
    relation: str  # "exact" | "close" | "broad" | "narrow" | "related" | "given"
    confidence: float
    method: str  # "given", "code", "parameters", "text", "curated", "transitive", ...

    @property
    def decisive(self) -> bool:
        return self.relation in DECISIVE_RELATIONS


class Licence(StrEnum):
    REQUIRED = "REQUIRED"
    NOT_REQUIRED = "NOT_REQUIRED"
    INDETERMINATE = "INDETERMINATE"


@dataclass(frozen=True)
class Citation:
    """A rule an answer rests on: what it says here, and where it is (document, version, place)."""

    text: str
    source: str


@dataclass
class JurisdictionResult:
    jurisdiction: str
    licence: Licence
    entries: list[Counterpart] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    authorisations: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    summary: str = ""
    needs_review: bool = False
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "licence": str(self.licence),
            "entries": [
                {
                    "jurisdiction": c.entry.jurisdiction,
                    "list_id": c.entry.list_id,
                    "code": c.entry.code,
                    "key": c.entry.key,
                    "title": c.entry.title,
                    "relation": c.relation,
                    "confidence": c.confidence,
                    "method": c.method,
                }
                for c in self.entries
            ],
            "reasons": list(self.reasons),
            "authorisations": list(self.authorisations),
            "citations": [{"text": c.text, "source": c.source} for c in self.citations],
            "summary": self.summary,
            "needs_review": self.needs_review,
            "notes": list(self.notes),
        }

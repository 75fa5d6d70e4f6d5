"""The crosswalk's data: what an entry must offer (`EntryView`) and what a mapping records (`Mapping`).

Relations follow SKOS, read from the subject: `broad` means the object is broader than the subject
(skos:broadMatch), `narrow` that it is narrower. `no_counterpart` is a decided "nothing in that list
corresponds" and differs from having no row at all ("not yet mapped"). Curated mappings carry the SSSOM
author, date and justification fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class Relation(StrEnum):
    EXACT = "exact"
    CLOSE = "close"
    BROAD = "broad"  # the object is broader than the subject
    NARROW = "narrow"  # the object is narrower than the subject
    RELATED = "related"
    NO_COUNTERPART = "no_counterpart"

    def inverse(self) -> Relation:
        return {Relation.BROAD: Relation.NARROW, Relation.NARROW: Relation.BROAD}.get(self, self)


class Method(StrEnum):
    CODE = "code"  # the shared Wassenaar-style numbering, texts compared
    PARAMETERS = "parameters"  # parameter fingerprints (with order alignment where the numbering differs)
    TEXT = "text"  # text similarity, the last resort
    CURATED = "curated"  # a reviewed SSSOM file in mappings/curated/
    TRANSITIVE = "transitive"  # a chain of exact matches
    DELEGATION = "delegation"  # a Japanese 別表 row and the 省令 article that specifies it
    SCOPE = "scope"  # decided from what the other list covers (no counterpart)


@runtime_checkable
class EntryView(Protocol):
    """What the crosswalk reads of an entry: the importer's EntryRecord plus its list's identity."""

    jurisdiction: str
    list_id: str
    key: str
    code: str
    kind: str  # EntryKind value: "entry", "item", "note", ...
    parent_key: str | None
    title: str
    text: str
    reserved: bool
    regime: str | None
    attributes: dict[str, Any]


@dataclass
class Entry:
    """A plain EntryView (tests, adapters): build one from an EntryRecord with `from_record`."""

    jurisdiction: str
    list_id: str
    key: str
    code: str
    kind: str = "item"
    parent_key: str | None = None
    title: str = ""
    text: str = ""
    reserved: bool = False
    regime: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_record(cls, jurisdiction: str, list_id: str, record: Any) -> Entry:
        return cls(
            jurisdiction=jurisdiction,
            list_id=list_id,
            key=record.key,
            code=record.code,
            kind=str(getattr(record.kind, "value", record.kind)),
            parent_key=record.parent_key,
            title=record.title or "",
            text=record.text or "",
            reserved=bool(record.reserved),
            regime=str(getattr(record.regime, "value", record.regime)) if record.regime else None,
            attributes=dict(record.attributes or {}),
        )


def views_from_parsed(parsed: Any) -> list[Entry]:
    """Every entry of an importer's ParsedList as an EntryView (its descriptor names the list)."""
    descriptor = parsed.descriptor
    return [Entry.from_record(descriptor.jurisdiction, descriptor.list_id, e) for e in parsed.entries]


@dataclass
class Mapping:
    subject_jurisdiction: str
    subject_list: str
    subject_key: str
    subject_code: str
    object_jurisdiction: str
    object_list: str
    object_key: str | None  # None for no_counterpart
    object_code: str | None
    relation: Relation
    confidence: float
    method: str  # a Method value
    evidence: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable
    author: str | None = None  # curated only (SSSOM author_id)
    date: str | None = None  # curated only (SSSOM mapping_date, ISO)
    justification: str | None = None  # curated only (why; SSSOM comment)
    subject_list_version: str | None = None  # the list versions the mapping was computed from
    object_list_version: str | None = None
    subject_label: str = ""
    object_label: str = ""

    @property
    def pair(self) -> tuple[str, str, str, str, str | None]:
        return (
            self.subject_jurisdiction,
            self.subject_list,
            self.subject_key,
            self.object_list,
            self.object_key,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["relation"] = str(self.relation)
        return data

    def inverted(self, *, method: str | None = None) -> Mapping:
        """The same correspondence read from the object's side (broad ↔ narrow)."""
        if self.object_key is None:
            raise ValueError("a no_counterpart mapping has no inverse")
        return Mapping(
            subject_jurisdiction=self.object_jurisdiction,
            subject_list=self.object_list,
            subject_key=self.object_key,
            subject_code=self.object_code or "",
            object_jurisdiction=self.subject_jurisdiction,
            object_list=self.subject_list,
            object_key=self.subject_key,
            object_code=self.subject_code,
            relation=Relation(self.relation).inverse(),
            confidence=self.confidence,
            method=method or self.method,
            evidence=_invert_evidence(self.evidence),
            author=self.author,
            date=self.date,
            justification=self.justification,
            subject_list_version=self.object_list_version,
            object_list_version=self.subject_list_version,
            subject_label=self.object_label,
            object_label=self.subject_label,
        )


def _swap_sides(value: Any) -> Any:
    if isinstance(value, dict) and ("a" in value or "b" in value):
        swapped = dict(value)
        swapped["a"], swapped["b"] = value.get("b"), value.get("a")
        if swapped.get("status") in ("only_in_a", "only_in_b"):
            swapped["status"] = "only_in_b" if value["status"] == "only_in_a" else "only_in_a"
        return swapped
    return value


def _invert_evidence(evidence: dict[str, Any]) -> dict[str, Any]:
    """Evidence written subject→object, read from the other side: a/b, subject/object, insert/delete."""
    inverted = dict(evidence)
    codes = evidence.get("matched_codes")
    if isinstance(codes, dict):
        inverted["matched_codes"] = {"subject": codes.get("object"), "object": codes.get("subject")}
    for key in ("reserved", "subtree_sizes"):
        if isinstance(evidence.get(key), dict):
            inverted[key] = _swap_sides(evidence[key])
    if isinstance(evidence.get("parameters"), list):
        inverted["parameters"] = [_swap_sides(p) for p in evidence["parameters"]]
    if isinstance(evidence.get("text_diff"), list):
        inverted["text_diff"] = [
            {"op": {"insert": "delete", "delete": "insert"}.get(op.get("op"), op.get("op")),
             "a": op.get("b"), "b": op.get("a")}
            for op in evidence["text_diff"]
        ]  # fmt: skip
    status = evidence.get("status")
    if isinstance(status, str) and status.endswith(("_in_a", "_in_b")):
        inverted["status"] = status[:-1] + ("b" if status.endswith("a") else "a")
    return inverted

"""The crosswalk's persistence: rebuild it from the current list versions at import time, and read it
back through an in-memory index (rebuilt only when the mapping table changes), so translation is a
dictionary lookup, not a computation, per request."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.protobuf import struct_pb2
from sqlalchemy import delete, func, insert, select

from mappings.engine import compute_crosswalk
from mappings.model import Entry as EntryView
from mappings.model import Mapping, Relation
from mappings.sssom import load_curated
from server import names
from server.models import Mapping as MappingRow
from server.store import EntryRow, Store, VersionInfo

CURATED_DIR = Path(__file__).resolve().parent.parent / "mappings" / "curated"
INDEX_TTL_SECONDS = 1.0


@dataclass(frozen=True)
class StoredMapping:
    subject_version_id: int
    subject_key: str
    object_jurisdiction: str
    object_version_id: int | None
    object_key: str | None
    relation: str
    confidence: float
    method: str
    evidence: dict[str, Any]
    evidence_struct: bytes
    author: str | None
    mapping_date: str | None
    justification: str | None


def view_of(row: EntryRow, version: VersionInfo) -> EntryView:
    return EntryView(
        jurisdiction=version.jurisdiction,
        list_id=version.list_id,
        key=row.key,
        code=row.code,
        kind=row.kind,
        parent_key=row.parent_key,
        title=row.title,
        text=row.text,
        reserved=row.reserved,
        regime=row.regime,
        attributes=row.attributes,
    )


class CrosswalkStore:
    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        self._index: tuple[float, int, dict[tuple[int, str], list[StoredMapping]]] = (0.0, -1, {})
        self.generation = 0  # bumped whenever the index is reloaded: answers cached under it expire
        self._as_mappings: tuple[int, list[Mapping]] = (-1, [])

    # ----------------------------------------------------------------- build (import time)

    def current_views(
        self,
    ) -> tuple[dict[tuple[str, str], list[EntryView]], dict[tuple[str, str], VersionInfo]]:
        versions = {
            ref: v for ref, v in self.store.current_versions().items() if v.list_kind == "control_list"
        }
        views: dict[tuple[str, str], list[EntryView]] = {}
        for ref, version in versions.items():
            rows = self.store.all_entries(version.id)
            views[ref] = [view_of(row, version) for row in rows]
        return views, versions

    def rebuild(self, curated_dir: Path = CURATED_DIR) -> int:
        """Recompute every mapping between the current versions and replace the stored crosswalk at once."""
        views, versions = self.current_views()
        curated = load_curated(curated_dir) if curated_dir.is_dir() else []
        version_names = {
            ref: names.version_name(v.jurisdiction, v.list_id, v.version_date.isoformat())
            for ref, v in versions.items()
        }
        mappings = compute_crosswalk(views, curated, versions=version_names)
        rows = [self._row(m, versions) for m in mappings]
        with self.store.engine.begin() as connection:  # readers see the old crosswalk or the new one
            connection.execute(delete(MappingRow))
            for start in range(0, len(rows), 5000):
                connection.execute(insert(MappingRow), rows[start : start + 5000])
        self._index = (0.0, -1, {})
        return len(rows)

    @staticmethod
    def _row(mapping: Mapping, versions: dict[tuple[str, str], VersionInfo]) -> dict[str, Any]:
        evidence = (
            mapping.evidence
            if mapping.object_key
            else {**mapping.evidence, "object_list": mapping.object_list}
        )
        evidence_struct = struct_pb2.Struct()
        evidence_struct.update(evidence)
        subject = versions[(mapping.subject_jurisdiction, mapping.subject_list)]
        target = (
            versions.get((mapping.object_jurisdiction, mapping.object_list)) if mapping.object_key else None
        )
        return {
            "subject_version_id": subject.id,
            "subject_key": mapping.subject_key,
            "object_jurisdiction": mapping.object_jurisdiction,
            "object_version_id": target.id if target else None,
            "object_key": mapping.object_key,
            "relation": str(mapping.relation),
            "confidence": float(mapping.confidence),
            "method": str(mapping.method),
            # a no-counterpart row has no object version: the evidence keeps which list it was decided against
            "evidence": evidence,
            "evidence_struct": evidence_struct.SerializeToString(),
            "author": mapping.author,
            "mapping_date": mapping.date,
            "justification": mapping.justification,
        }

    # ----------------------------------------------------------------- read (request time)

    def index(self) -> dict[tuple[int, str], list[StoredMapping]]:
        """(subject version id, subject key) → its mappings, best first; reloaded when the table changes."""
        stamp, marker, index = self._index
        if time.monotonic() - stamp < INDEX_TTL_SECONDS:
            return index
        with self._lock:
            with self.store.engine.connect() as connection:
                current = connection.execute(select(func.count(), func.max(MappingRow.id))).one()
                marker_now = hash(tuple(current))
                if marker_now != marker:
                    index = defaultdict(list)
                    columns = [c for c in MappingRow.__table__.c if c.name != "id"]
                    for row in connection.execute(select(*columns)):
                        mapping = StoredMapping(**row._mapping)
                        index[(mapping.subject_version_id, mapping.subject_key)].append(mapping)
                    for found in index.values():
                        found.sort(key=lambda m: (-m.confidence, m.object_jurisdiction, m.object_key or ""))
                    index = dict(index)
                    self.generation += 1
            self._index = (time.monotonic(), marker_now, index)
            return index

    def mappings_of(self, version_id: int, key: str) -> list[StoredMapping]:
        return self.index().get((version_id, key), [])

    def all_mappings(self) -> list[StoredMapping]:
        return [m for found in self.index().values() for m in found]

    def as_mappings(self) -> list[Mapping]:
        """The stored crosswalk as the engine's Mapping records (SSSOM export, evaluation,
        divergences); built once per generation of the index."""
        self.index()
        if self._as_mappings[0] != self.generation:
            self._as_mappings = (self.generation, self._build_mappings())
        return self._as_mappings[1]

    def _build_mappings(self) -> list[Mapping]:
        versions = {v.id: v for v in self.store.all_versions()}
        codes: dict[int, dict[str, str]] = {}

        def code_of(version_id: int, key: str) -> str:
            if version_id not in codes:
                codes[version_id] = {row.key: row.code for row in self.store.all_entries(version_id)}
            return codes[version_id].get(key, key)

        out = []
        for m in self.all_mappings():
            subject = versions[m.subject_version_id]
            target = versions.get(m.object_version_id) if m.object_version_id else None
            out.append(
                Mapping(
                    subject_jurisdiction=subject.jurisdiction,
                    subject_list=subject.list_id,
                    subject_key=m.subject_key,
                    subject_code=code_of(subject.id, m.subject_key),
                    object_jurisdiction=m.object_jurisdiction,
                    object_list=target.list_id if target else m.evidence.get("object_list", ""),
                    object_key=m.object_key,
                    object_code=code_of(target.id, m.object_key) if target and m.object_key else None,
                    relation=Relation(m.relation),
                    confidence=m.confidence,
                    method=m.method,
                    evidence=m.evidence,
                    author=m.author,
                    date=m.mapping_date,
                    justification=m.justification,
                    subject_list_version=names.version_name(
                        subject.jurisdiction, subject.list_id, subject.version_date.isoformat()
                    ),
                    object_list_version=names.version_name(
                        target.jurisdiction, target.list_id, target.version_date.isoformat()
                    )
                    if target
                    else None,
                )
            )
        return out

    def coverage_matrix(self) -> dict[str, dict[str, dict[str, int]]]:
        """subject jurisdiction → object jurisdiction → {"entries", "counterpart", "no_counterpart"}:
        how many of the subject's entries and items have an exact or close counterpart in the object's
        lists, and how many were decided to have none."""
        versions = {v.id: v for v in self.store.current_versions().values() if v.list_kind == "control_list"}
        totals: dict[str, int] = defaultdict(int)
        for version in versions.values():
            totals[version.jurisdiction] += sum(
                1 for row in self.store.all_entries(version.id) if row.kind in ("entry", "item")
            )
        found: dict[str, dict[str, dict[str, set]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(set))
        )
        for (version_id, key), mappings in self.index().items():
            if version_id not in versions:
                continue
            subject = versions[version_id].jurisdiction
            for m in mappings:
                if m.relation in ("exact", "close"):
                    found[subject][m.object_jurisdiction]["counterpart"].add((version_id, key))
                elif m.relation == "no_counterpart":
                    found[subject][m.object_jurisdiction]["no_counterpart"].add((version_id, key))
        jurisdictions = sorted(totals)
        return {
            s: {
                o: {
                    "entries": totals[s],
                    "counterpart": len(found[s][o]["counterpart"]),
                    "no_counterpart": len(found[s][o]["no_counterpart"] - found[s][o]["counterpart"]),
                }
                for o in jurisdictions
                if o != s
            }
            for s in jurisdictions
        }

    def is_empty(self) -> bool:
        with self.store.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(MappingRow)).scalar() == 0

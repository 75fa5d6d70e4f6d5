"""The store: writes a parsed list as one new version in one transaction, and answers the read
queries the service needs. Versions are immutable once written, so reads of a version are cached.

Readers never see half an import: the version row, its entries, texts, reference rows and search
index rows are written in one transaction; "current" is derived (newest version date), never a flag
flipped in a second step.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, text

from importers.records import ParsedList, check_parsed
from server.models import ControlList, Entry, Jurisdiction, ListText, ListVersion, ReferenceRow

CURRENT_VERSIONS_TTL_SECONDS = 1.0
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
_WORD = re.compile(r'"[^"]+"|[^\s"]+')


@dataclass(frozen=True)
class VersionInfo:
    id: int
    jurisdiction: str
    list_id: str
    list_title: str
    list_kind: str
    version_date: date
    source_uri: str
    source_file: str
    source_sha256: str
    importer_version: str
    imported_at: datetime
    entry_count: int


@dataclass(frozen=True)
class EntryRow:
    id: int
    version_id: int
    key: str
    code: str
    parent_key: str | None
    depth: int
    position: int
    kind: str
    title: str
    text: str
    reserved: bool
    regime: str | None
    reasons: list[dict[str, Any]]
    location: str
    attributes: dict[str, Any]
    has_children: bool


@dataclass(frozen=True)
class VersionEntries:
    rows: list[EntryRow]
    by_key: dict[str, EntryRow]
    by_code: dict[str, list[EntryRow]]
    by_parent: dict[str | None, list[EntryRow]]  # in document order
    by_id: dict[int, EntryRow]


@dataclass(frozen=True)
class ImportResult:
    status: str  # "imported" | "unchanged"
    version: VersionInfo


@dataclass(frozen=True)
class SearchHit:
    entry: EntryRow
    snippet: str
    score: float


def normalize_code(code: str) -> str:
    """The entry key a printed code most likely has: NFKC, lower case, no spaces, no trailing dot."""
    folded = unicodedata.normalize("NFKC", code).strip().lower()
    return re.sub(r"\s+", "", folded).rstrip(".")


_ENTRY_COLUMNS = [c for c in Entry.__table__.c if c.name != "search_vector"]
_to_json = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":")
).encode  # one encoder: dumps() builds one a call
_INSERT_COLUMNS = [
    "version_id", "key", "code", "parent_key", "depth", "position", "kind", "title", "text", "reserved",
    "regime", "reasons", "location", "attributes",
]  # fmt: skip


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        self._current_lock = threading.Lock()
        self._current: tuple[float, dict[tuple[str, str], VersionInfo]] = (0.0, {})
        # versions are immutable: what a version holds can be cached for as long as the process lives
        self.version_entries = lru_cache(maxsize=64)(self._load_version_entries)
        self.cached_version = lru_cache(maxsize=10_000)(self.version)

    # ----------------------------------------------------------------- writes

    def import_parsed(
        self, parsed: ParsedList, progress: Callable[[int], None] | None = None
    ) -> ImportResult:
        """Write `parsed` as a new version, whole or not at all. The same document again is a no-op."""
        check_parsed(parsed)
        descriptor = parsed.descriptor
        with self.engine.begin() as connection:
            list_pk = self._ensure_control_list(connection, parsed)
            existing = connection.execute(
                select(ListVersion.id).where(
                    ListVersion.control_list_id == list_pk, ListVersion.source_sha256 == parsed.sha256
                )
            ).scalar()
            if existing is not None:
                return ImportResult("unchanged", self.version(existing, connection))
            version_id = connection.execute(
                insert(ListVersion).values(
                    control_list_id=list_pk,
                    version_date=parsed.version_date,
                    source_uri=parsed.source_uri or descriptor.url,
                    source_file=parsed.source_path.name,
                    source_sha256=parsed.sha256,
                    importer_version=descriptor.importer_version,
                    imported_at=datetime.now(UTC),
                    entry_count=len(parsed.entries),
                )
            ).inserted_primary_key[0]
            self._insert_entries(connection, version_id, parsed, progress)
            if parsed.texts:
                connection.execute(
                    insert(ListText),
                    [
                        {"version_id": version_id, "position": i, "title": t.title, "text": t.text}
                        for i, t in enumerate(parsed.texts)
                    ],
                )
            if parsed.reference:
                connection.execute(
                    insert(ReferenceRow),
                    [
                        {"version_id": version_id, "table_name": r.table, "key": r.key, "data": r.data}
                        for r in parsed.reference
                    ],
                )
            written = connection.execute(
                select(func.count()).select_from(Entry).where(Entry.version_id == version_id)
            ).scalar()
            if written != len(parsed.entries):  # checked before the version becomes visible
                raise RuntimeError(f"wrote {written} entries of {len(parsed.entries)}; rolled back")
            info = self.version(version_id, connection)
        self._current = (0.0, {})
        return ImportResult("imported", info)

    def _ensure_control_list(self, connection, parsed: ParsedList) -> int:
        d = parsed.descriptor
        values = {
            "kind": str(d.kind),
            "title": d.title,
            "publisher": d.publisher,
            "url": d.url,
            "format": d.format,
            "licence": d.licence,
        }
        list_pk = connection.execute(
            select(ControlList.id).where(
                ControlList.jurisdiction_id == d.jurisdiction, ControlList.list_id == d.list_id
            )
        ).scalar()
        if list_pk is None:
            return connection.execute(
                insert(ControlList).values(jurisdiction_id=d.jurisdiction, list_id=d.list_id, **values)
            ).inserted_primary_key[0]
        connection.execute(ControlList.__table__.update().where(ControlList.id == list_pk).values(**values))
        return list_pk

    def _insert_entries(self, connection, version_id: int, parsed: ParsedList, progress) -> None:
        # Straight to the driver's executemany: SQLAlchemy's per-row parameter processing cost more
        # than the database's own work for a list of ~8,000 entries.
        depth: dict[str, int] = {}
        rows = []
        for position, record in enumerate(parsed.entries):
            depth[record.key] = 0 if record.parent_key is None else depth[record.parent_key] + 1
            rows.append(
                (
                    version_id,
                    record.key,
                    record.code,
                    record.parent_key,
                    depth[record.key],
                    position,
                    str(record.kind),
                    record.title,
                    record.text,
                    record.reserved,
                    str(record.regime) if record.regime else None,
                    _to_json([vars(r) for r in record.reasons]) if record.reasons else "[]",
                    record.location,
                    _to_json(record.attributes) if record.attributes else "{}",
                )
            )
        mark = "?" if self.dialect == "sqlite" else "%s"
        statement = f"INSERT INTO entry ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join([mark] * len(_INSERT_COLUMNS))})"
        for start in range(0, len(rows), 2000):
            batch = rows[start : start + 2000]
            connection.exec_driver_sql(statement, batch)
            if progress:
                progress(len(batch))
        if self.dialect == "sqlite":
            connection.execute(
                text(
                    "INSERT INTO entry_fts(rowid, code, title, text) "
                    "SELECT id, code, title, text FROM entry WHERE version_id = :v"
                ),
                {"v": version_id},
            )

    # ----------------------------------------------------------------- versions and lists

    def _version_query(self):
        return (
            select(
                ListVersion.id,
                ControlList.jurisdiction_id,
                ControlList.list_id,
                ControlList.title,
                ControlList.kind,
                ListVersion.version_date,
                ListVersion.source_uri,
                ListVersion.source_file,
                ListVersion.source_sha256,
                ListVersion.importer_version,
                ListVersion.imported_at,
                ListVersion.entry_count,
            )
            .join(ControlList, ControlList.id == ListVersion.control_list_id)
            .order_by(ListVersion.version_date, ListVersion.id)
        )

    def version(self, version_id: int, connection=None) -> VersionInfo:
        query = self._version_query().where(ListVersion.id == version_id)
        if connection is not None:
            return VersionInfo(*connection.execute(query).one())
        with self.engine.connect() as own:
            return VersionInfo(*own.execute(query).one())

    def all_versions(self) -> list[VersionInfo]:
        with self.engine.connect() as connection:
            return [VersionInfo(*row) for row in connection.execute(self._version_query())]

    def current_versions(self) -> dict[tuple[str, str], VersionInfo]:
        """(jurisdiction, list_id) -> newest version. Cached briefly: replicas see an import within a second."""
        stamp, current = self._current
        if time.monotonic() - stamp < CURRENT_VERSIONS_TTL_SECONDS:
            return current
        with self._current_lock:
            fresh: dict[tuple[str, str], VersionInfo] = {}
            for version in self.all_versions():  # ordered by date, id: the last one wins
                fresh[(version.jurisdiction, version.list_id)] = version
            self._current = (time.monotonic(), fresh)
            return fresh

    def versions_in_force(self, as_of: date | None = None) -> dict[tuple[str, str], VersionInfo]:
        """The version of each list in force on `as_of` (the newest one dated on or before it)."""
        if as_of is None:
            return self.current_versions()
        chosen: dict[tuple[str, str], VersionInfo] = {}
        for version in self.all_versions():
            if version.version_date <= as_of:
                chosen[(version.jurisdiction, version.list_id)] = version
        return chosen

    def jurisdictions(self) -> list[tuple[str, str]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(Jurisdiction.id, Jurisdiction.display_name).order_by(Jurisdiction.id)
            )
            return [tuple(row) for row in rows]

    def control_lists(self, jurisdiction: str | None = None) -> list[ControlList]:
        query = select(ControlList).order_by(ControlList.jurisdiction_id, ControlList.list_id)
        if jurisdiction:
            query = query.where(ControlList.jurisdiction_id == jurisdiction)
        with self.engine.connect() as connection:
            return [ControlList(**row._mapping) for row in connection.execute(query)]

    def has_data(self) -> bool:
        return bool(self.current_versions())

    # ----------------------------------------------------------------- entries

    def _load_version_entries(self, version_id: int) -> VersionEntries:
        """Every entry of a version, indexed by key and by printed code: one query, then dictionary
        lookups for as long as the process lives (versions never change once written)."""
        query = select(*_ENTRY_COLUMNS).where(Entry.version_id == version_id).order_by(Entry.position)
        with self.engine.connect() as connection:
            raw = [dict(row._mapping) for row in connection.execute(query)]
        parents = {row["parent_key"] for row in raw if row["parent_key"] is not None}
        rows = [EntryRow(**row, has_children=row["key"] in parents) for row in raw]
        by_code: dict[str, list[EntryRow]] = {}
        by_parent: dict[str | None, list[EntryRow]] = {}
        for row in rows:
            by_code.setdefault(row.code, []).append(row)
            by_parent.setdefault(row.parent_key, []).append(row)
        return VersionEntries(rows, {r.key: r for r in rows}, by_code, by_parent, {r.id: r for r in rows})

    def entry_by_key(self, version_id: int, key: str) -> EntryRow | None:
        return self.version_entries(version_id).by_key.get(key)

    def all_entries(self, version_id: int) -> list[EntryRow]:
        return list(self.version_entries(version_id).rows)

    def find_by_code(self, versions: Iterable[VersionInfo], code: str) -> list[EntryRow]:
        """Entries printed with `code` (or whose key it normalises to) in the given versions."""
        found: list[EntryRow] = []
        key = normalize_code(code)
        for version in versions:
            entries = self.version_entries(version.id)
            for row in [entries.by_key.get(key), *entries.by_code.get(code, [])]:
                if row is not None and row not in found:
                    found.append(row)
        return found

    def children(
        self, version_id: int, parent_key: str | None, offset: int, limit: int
    ) -> tuple[list[EntryRow], int]:
        siblings = self.version_entries(version_id).by_parent.get(parent_key, [])
        return siblings[offset : offset + limit], len(siblings)

    def all_reference_rows(self, version_id: int) -> list[tuple[str, str, dict[str, Any]]]:
        query = select(ReferenceRow.table_name, ReferenceRow.key, ReferenceRow.data).where(
            ReferenceRow.version_id == version_id
        )
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query.order_by(ReferenceRow.id))]

    def list_texts(self, version_id: int) -> list[tuple[str, str]]:
        query = select(ListText.title, ListText.text).where(ListText.version_id == version_id)
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query.order_by(ListText.position))]

    # ----------------------------------------------------------------- search

    def search(self, query: str, versions: Iterable[VersionInfo], offset: int, limit: int) -> list[SearchHit]:
        """Ranked full-text search in the given versions, with highlighted snippets (<b>…</b>)."""
        ids = [v.id for v in versions]
        if not ids or not query.strip():
            return []
        if _CJK.search(query):
            return self._search_substring(query, ids, offset, limit)
        if self.dialect == "sqlite":
            return self._search_fts5(query, ids, offset, limit)
        return self._search_tsvector(query, ids, offset, limit)

    def _hits(self, rows) -> list[SearchHit]:
        """(entry id, snippet, score, version id) rows → hits, the entries read from the version cache."""
        return [
            SearchHit(self.version_entries(version_id).by_id[entry_id], snippet, float(score))
            for entry_id, snippet, score, version_id in rows
        ]

    def _search_fts5(self, query: str, ids: list[int], offset: int, limit: int) -> list[SearchHit]:
        tokens = [token.strip('"') for token in _WORD.findall(query)]
        phrases = ['"' + token.replace('"', '""') + '"' for token in tokens if token]
        if not phrases:
            return []
        sql = text(
            "SELECT e.id, snippet(entry_fts, -1, '<b>', '</b>', '…', 24), "
            "-bm25(entry_fts, 10.0, 4.0, 1.0) AS score, e.version_id "
            "FROM entry_fts JOIN entry e ON e.id = entry_fts.rowid "
            "WHERE entry_fts MATCH :match AND e.version_id IN :ids "
            "ORDER BY bm25(entry_fts, 10.0, 4.0, 1.0), e.id LIMIT :limit OFFSET :offset"
        ).bindparams(bindparam("ids", expanding=True))
        params = {"match": " ".join(phrases), "ids": ids, "limit": limit, "offset": offset}
        with self.engine.connect() as connection:
            return self._hits(connection.execute(sql, params).all())

    def _search_tsvector(self, query: str, ids: list[int], offset: int, limit: int) -> list[SearchHit]:
        sql = text(
            "SELECT e.id, ts_headline('english', e.title || ' ' || e.text, q, "
            "'StartSel=<b>, StopSel=</b>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=…'), "
            "ts_rank_cd(e.search_vector, q) AS score, e.version_id "
            "FROM entry e, websearch_to_tsquery('english', :query) q "
            "WHERE e.search_vector @@ q AND e.version_id IN :ids "
            "ORDER BY score DESC, e.id LIMIT :limit OFFSET :offset"
        ).bindparams(bindparam("ids", expanding=True))
        with self.engine.connect() as connection:
            rows = connection.execute(sql, {"query": query, "ids": ids, "limit": limit, "offset": offset})
            hits = self._hits(rows.all())
        # ts_headline falls back to the text's start when the matches lie far apart in a long text
        words = [w.strip('"') for w in _WORD.findall(query)]
        return [
            h
            if "<b>" in h.snippet
            else SearchHit(h.entry, highlight(h.entry.text, words, stems=True), h.score)
            for h in hits
        ]

    def _search_substring(self, query: str, ids: list[int], offset: int, limit: int) -> list[SearchHit]:
        """Unspaced scripts (Japanese): every whitespace-separated part must occur as a substring.
        PostgreSQL serves it from a pg_trgm index; shorter texts (the more specific entries) first."""
        parts = [p for p in query.split() if p]
        params: dict[str, Any] = {"ids": ids, "limit": limit, "offset": offset}
        conditions = []
        for i, part in enumerate(parts):
            params[f"p{i}"] = "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append(f"(e.title || ' ' || e.text) LIKE :p{i} ESCAPE '\\'")
        sql = text(
            "SELECT e.id, '' AS snippet, 1.0 / (1 + length(e.text)) AS score, e.version_id FROM entry e "
            f"WHERE e.version_id IN :ids AND {' AND '.join(conditions)} "
            "ORDER BY length(e.text), e.id LIMIT :limit OFFSET :offset"
        ).bindparams(bindparam("ids", expanding=True))
        with self.engine.connect() as connection:
            hits = self._hits(connection.execute(sql, params).all())
        return [SearchHit(h.entry, highlight(h.entry.text or h.entry.title, parts), h.score) for h in hits]


def highlight(source: str, parts: list[str], width: int = 60, *, stems: bool = False) -> str:
    """A snippet around the first match of any part, every match wrapped in <b>…</b> (case-insensitive).
    With `stems`, a part also matches words sharing its stem ("synthesizer" → "synthesized")."""
    patterns = [
        re.escape(p[: max(4, len(p) - 3)]) + r"\w*" if stems and len(p) > 4 else re.escape(p)
        for p in parts
        if p
    ]
    if not patterns:
        return source[: 2 * width]
    pattern = re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(source)
    start = max(0, first.start() - width) if first else 0
    end = min(len(source), (first.end() if first else 0) + width)
    window = pattern.sub(lambda m: f"<b>{m.group(0)}</b>", source[start:end])
    return ("…" if start > 0 else "") + window + ("…" if end < len(source) else "")

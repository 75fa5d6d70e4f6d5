"""A `Lookup` over importer output held in memory: for tests, and for running checks without the store.

Entries come from `ParsedList`s (or `EntryView`s); a code is found by its printed code, its key, or any
of its attributes["alt_codes"]. Counterparts come from an explicit table the caller gives
({(jurisdiction, key): {target jurisdiction: [(target key, relation, confidence, method)]}}), never from
guessing: the real crosswalk lives in mappings/.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from obligations.model import Counterpart, EntryView

CounterpartTable = dict[tuple[str, str], dict[str, list[tuple[str, str, float, str]]]]


def view_of(record: Any, jurisdiction: str, list_id: str) -> EntryView:
    """An importers.records.EntryRecord as the engine sees it."""
    return EntryView(
        jurisdiction=jurisdiction,
        list_id=list_id,
        key=record.key,
        code=record.code,
        kind=str(record.kind),
        parent_key=record.parent_key,
        title=record.title,
        text=record.text,
        reserved=record.reserved,
        regime=str(record.regime) if record.regime else None,
        reasons=[
            {
                "reason": r.reason,
                "applies_to": r.applies_to,
                "country_chart_column": r.country_chart_column,
                "paragraphs": list(r.paragraphs),
            }
            for r in record.reasons
        ],
        attributes=dict(record.attributes),
    )


def _fold(code: str) -> str:
    return re.sub(r"\s+", "", code).rstrip(".").lower()


class StaticLookup:
    def __init__(self, entries: Iterable[EntryView] = (), counterparts: CounterpartTable | None = None):
        self._by_key: dict[tuple[str, str, str], EntryView] = {}
        self._by_code: dict[tuple[str, str], EntryView] = {}
        self._counterparts: CounterpartTable = dict(counterparts or {})
        for entry in entries:
            self.add(entry)

    @classmethod
    def from_parsed(cls, parsed_lists: Iterable[Any], counterparts: CounterpartTable | None = None) -> StaticLookup:
        lookup = cls(counterparts=counterparts)
        for parsed in parsed_lists:
            jurisdiction, list_id = parsed.descriptor.jurisdiction, parsed.descriptor.list_id
            for record in parsed.entries:
                lookup.add(view_of(record, jurisdiction, list_id))
        return lookup

    def add(self, entry: EntryView) -> None:
        self._by_key[(entry.jurisdiction, entry.list_id, entry.key)] = entry
        codes = [entry.code, entry.key, *(entry.attributes.get("alt_codes") or [])]
        for code in codes:
            self._by_code.setdefault((entry.jurisdiction, _fold(str(code))), entry)

    def entry(self, jurisdiction: str, code: str) -> EntryView | None:
        return self._by_code.get((jurisdiction.lower(), _fold(code)))

    def parent(self, entry: EntryView) -> EntryView | None:
        if not entry.parent_key:
            return None
        return self._by_key.get((entry.jurisdiction, entry.list_id, entry.parent_key))

    def counterparts(self, entry: EntryView, target_jurisdiction: str) -> list[Counterpart]:
        table = self._counterparts.get((entry.jurisdiction, entry.key), {})
        out = []
        for key, relation, confidence, method in table.get(target_jurisdiction, []):
            target = self._by_code.get((target_jurisdiction, _fold(key)))
            if target is not None:
                out.append(Counterpart(target, relation, confidence, method))
        return out

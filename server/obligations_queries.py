"""The ObligationService's answers: the obligations engine over the store's current lists, its
reference data (country chart, groups, general authorisations, Group A) and the crosswalk."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from harmonize.v1 import crosswalk_pb2 as xw
from harmonize.v1 import obligation_pb2 as ob
from importers.records import ListText, ReferenceRecord
from obligations.data import ReferenceData
from obligations.engine import check, summarise
from obligations.model import Counterpart, EndUse, EntryView, ItemRef, JurisdictionResult
from server.control_lists import ControlListQueries
from server.crosswalk import RELATIONS
from server.crosswalk_store import CrosswalkStore
from server.errors import RequestError, invalid_argument
from server.store import EntryRow, Store, VersionInfo

LICENCES = {
    "REQUIRED": ob.LICENCE_REQUIRED,
    "NOT_REQUIRED": ob.LICENCE_NOT_REQUIRED,
    "INDETERMINATE": ob.LICENCE_INDETERMINATE,
}
MAX_ITEMS = 100
MAX_BATCH = 10_000


@dataclass
class StoredEntryView(EntryView):
    version_id: int = 0


def entry_view(row: EntryRow, version: VersionInfo) -> StoredEntryView:
    return StoredEntryView(
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
        reasons=row.reasons,
        attributes=row.attributes,
        version_id=version.id,
    )


class StoreLookup:
    """The engine's Lookup over the store (current versions) and the crosswalk computed at import time."""

    def __init__(self, store: Store, crosswalk: CrosswalkStore, control_lists: ControlListQueries):
        self.store = store
        self.crosswalk = crosswalk
        self.control_lists = control_lists

    def entry(self, jurisdiction: str, code: str) -> StoredEntryView | None:
        try:
            version, key = self.control_lists.resolve_entry(jurisdiction=jurisdiction, code=code)
        except RequestError:
            return None
        return entry_view(self.store.entry_by_key(version.id, key), version)

    def parent(self, entry: StoredEntryView) -> StoredEntryView | None:
        if entry.parent_key is None:
            return None
        version = self.store.cached_version(entry.version_id)
        row = self.store.entry_by_key(version.id, entry.parent_key)
        return entry_view(row, version) if row else None

    def counterparts(self, entry: StoredEntryView, target_jurisdiction: str) -> list[Counterpart]:
        found = []
        for mapping in self.crosswalk.mappings_of(entry.version_id, entry.key):
            if mapping.object_jurisdiction != target_jurisdiction or mapping.object_key is None:
                continue
            version = self.store.cached_version(mapping.object_version_id)
            row = self.store.entry_by_key(version.id, mapping.object_key)
            found.append(
                Counterpart(entry_view(row, version), mapping.relation, mapping.confidence, mapping.method)
            )
        return found


def reference_data(store: Store) -> ReferenceData:
    """ReferenceData from the current versions, read as the importers produced them."""
    documents = []
    for version in store.current_versions().values():
        documents.append(
            SimpleNamespace(
                version_date=version.version_date,
                descriptor=SimpleNamespace(
                    jurisdiction=version.jurisdiction, list_id=version.list_id, title=version.list_title
                ),
                entries=[None] * version.entry_count,  # only "has entries" is read
                reference=[ReferenceRecord(t, k, d) for t, k, d in store.all_reference_rows(version.id)],
                texts=[ListText(title, text) for title, text in store.list_texts(version.id)]
                if version.jurisdiction == "uk"
                else [],
            )
        )
    return ReferenceData.from_parsed(documents)


class ObligationQueries:
    def __init__(self, store: Store, crosswalk: CrosswalkStore, control_lists: ControlListQueries):
        self.store = store
        self.lookup = StoreLookup(store, crosswalk, control_lists)
        self.control_lists = control_lists
        self._data: tuple[tuple, ReferenceData] | None = None

    def data(self) -> ReferenceData:
        marker = tuple(sorted(v.id for v in self.store.current_versions().values()))
        if self._data is None or self._data[0] != marker:
            self._data = (marker, reference_data(self.store))
        return self._data[1]

    def check(
        self, request: ob.CheckObligationsRequest, field_prefix: str = ""
    ) -> ob.CheckObligationsResponse:
        if not request.items:
            raise invalid_argument(field_prefix + "items", "give at least one item classification")
        if len(request.items) > MAX_ITEMS:
            raise invalid_argument(field_prefix + "items", f"at most {MAX_ITEMS} classifications of one item")
        for n, item in enumerate(request.items):
            if not item.jurisdiction or not item.code:
                raise invalid_argument(f"{field_prefix}items[{n}]", "each item needs jurisdiction and code")
        for name in ("export_from", "destination"):
            value = getattr(request, name)
            if len(value) != 2 or not value.isalpha():
                raise invalid_argument(
                    field_prefix + name, f"{name} must be an ISO 3166 alpha-2 code, not {value!r}"
                )
        end_use = EndUse(
            military=request.end_use.military_end_use,
            wmd=request.end_use.wmd_end_use,
            end_user_of_concern=request.end_use.end_user_of_concern,
        )
        try:
            results = check(
                [ItemRef(i.jurisdiction, i.code) for i in request.items],
                request.export_from.upper(),
                request.destination.upper(),
                end_use,
                self.data(),
                self.lookup,
            )
        except ValueError as error:
            raise invalid_argument(field_prefix + _field_of(str(error)), str(error)) from None
        return ob.CheckObligationsResponse(
            results=[self._result(r) for r in results], summary=summarise(results)
        )

    def batch(self, request: ob.BatchCheckObligationsRequest) -> ob.BatchCheckObligationsResponse:
        if len(request.requests) > MAX_BATCH:
            raise invalid_argument("requests", f"at most {MAX_BATCH} checks in one batch")
        results = []
        for n, item in enumerate(request.requests):
            try:
                results.append(ob.BatchCheckObligationsResult(response=self.check(item, f"requests[{n}].")))
            except RequestError as error:
                results.append(
                    ob.BatchCheckObligationsResult(
                        error=xw.ItemError(code=error.code.name, message=error.message, field=error.field)
                    )
                )
        return ob.BatchCheckObligationsResponse(results=results)

    def _result(self, result: JurisdictionResult) -> ob.JurisdictionObligation:
        entries = []
        for counterpart in result.entries:
            entry = counterpart.entry
            version = (
                self.store.cached_version(entry.version_id) if isinstance(entry, StoredEntryView) else None
            )
            entries.append(
                xw.Match(
                    entry=self.control_lists.entry_response(version, entry.key).entry if version else None,
                    jurisdiction=entry.jurisdiction,
                    relation=RELATIONS.get(counterpart.relation, xw.RELATION_UNSPECIFIED),
                    confidence=counterpart.confidence,
                    method=counterpart.method,
                )
            )
        return ob.JurisdictionObligation(
            jurisdiction=result.jurisdiction,
            licence=LICENCES[str(result.licence)],
            entries=entries,
            reasons=result.reasons,
            authorisations=result.authorisations,
            citations=[ob.ObligationCitation(text=c.text, source=c.source) for c in result.citations],
            summary=result.summary,
            needs_review=result.needs_review,
            notes=result.notes,
        )


def _field_of(message: str) -> str:
    for name in ("export_from", "destination", "items"):
        if name in message:
            return name
    return "items"

"""The ControlListService's answers, independent of transport: requests in, messages out.

The gRPC servicer and the CLI both call these; validation errors are raised as RequestError.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from harmonize.v1 import control_list_pb2 as pb
from server import names, page_tokens
from server.convert import EntryMessages, version_message
from server.errors import invalid_argument, not_found
from server.store import Store, VersionInfo

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_CODE_LENGTH = 200
MAX_QUERY_LENGTH = 500


def page_size(value: int) -> int:
    if value < 0:
        raise invalid_argument("page_size", "page_size must not be negative")
    return min(value or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def parse_as_of(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid_argument("as_of", f"as_of must be a date YYYY-MM-DD, not {value!r}") from None


def jurisdiction_id(value: str, field: str = "jurisdiction") -> str:
    found = names.normalize_jurisdiction(value)
    if found is None:
        raise invalid_argument(
            field, f"unknown jurisdiction {value!r}; expected one of {', '.join(names.JURISDICTION_IDS)}"
        )
    return found


class ControlListQueries:
    def __init__(self, store: Store, page_token_secret: str):
        self.store = store
        self.secret = page_token_secret
        self.messages = EntryMessages()
        self.entry_response = lru_cache(maxsize=100_000)(self._build_entry_response)

    # -- paging
    def _offset(self, token: str, parts: tuple) -> int:
        try:
            return page_tokens.decode(self.secret, token, parts)
        except page_tokens.BadPageToken as error:
            raise invalid_argument("page_token", str(error)) from None

    def _next_token(self, offset: int, size: int, returned: int, total: int | None, parts: tuple) -> str:
        more = (offset + returned < total) if total is not None else returned == size
        return page_tokens.encode(self.secret, offset + returned, parts) if more and returned else ""

    # -- jurisdictions and lists
    def list_jurisdictions(self, request: pb.ListJurisdictionsRequest) -> pb.ListJurisdictionsResponse:
        size = page_size(request.page_size)
        parts = ("jurisdictions",)
        offset = self._offset(request.page_token, parts)
        rows = self.store.jurisdictions()
        page = rows[offset : offset + size]
        return pb.ListJurisdictionsResponse(
            jurisdictions=[
                pb.Jurisdiction(name=names.jurisdiction_name(i), id=i, display_name=n) for i, n in page
            ],
            next_page_token=self._next_token(offset, size, len(page), len(rows), parts),
        )

    def list_control_lists(self, request: pb.ListControlListsRequest) -> pb.ListControlListsResponse:
        jurisdiction = None
        if request.parent:
            parsed = names.parse_jurisdiction_name(request.parent.lower())
            if parsed is None:
                raise invalid_argument("parent", "parent must be 'jurisdictions/{id}' or 'jurisdictions/-'")
            jurisdiction = None if parsed == "-" else jurisdiction_id(parsed, "parent")
        size = page_size(request.page_size)
        parts = ("lists", jurisdiction)
        offset = self._offset(request.page_token, parts)
        versions: dict[tuple[str, str], list[VersionInfo]] = {}
        for version in self.store.all_versions():
            versions.setdefault((version.jurisdiction, version.list_id), []).append(version)
        lists = self.store.control_lists(jurisdiction)
        page = lists[offset : offset + size]
        messages = []
        for control_list in page:
            history = versions.get((control_list.jurisdiction_id, control_list.list_id), [])
            messages.append(
                pb.ControlList(
                    name=names.list_name(control_list.jurisdiction_id, control_list.list_id),
                    jurisdiction=control_list.jurisdiction_id,
                    list_id=control_list.list_id,
                    title=control_list.title,
                    publisher=control_list.publisher,
                    url=control_list.url,
                    format=control_list.format,
                    licence=control_list.licence,
                    kind=control_list.kind,
                    current_version=version_message(history[-1]) if history else None,
                    versions=[version_message(v) for v in history],
                )
            )
        return pb.ListControlListsResponse(
            control_lists=messages,
            next_page_token=self._next_token(offset, size, len(page), len(lists), parts),
        )

    # -- entries
    def _versions_for(self, jurisdiction: str, as_of: date | None, list_id: str = "") -> list[VersionInfo]:
        return [
            v
            for (j, lid), v in self.store.versions_in_force(as_of).items()
            if j == jurisdiction and (not list_id or lid == list_id)
        ]

    def resolve_entry(
        self,
        *,
        name: str = "",
        jurisdiction: str = "",
        code: str = "",
        as_of: date | None = None,
        list_id: str = "",
        field_prefix: str = "",
    ) -> tuple[VersionInfo, str]:
        """The version and key an entry reference names: a resource name, or jurisdiction + printed code.
        Raises INVALID_ARGUMENT (with the field, prefixed for nested messages) or NOT_FOUND."""
        if name:
            entry_ref = names.parse_entry_name(name)
            if entry_ref is None:
                raise invalid_argument(
                    field_prefix + "name",
                    "name must look like 'jurisdictions/us/lists/ccl/entries/3a001.a.1'",
                )
            versions = self._versions_for(entry_ref.jurisdiction, as_of, entry_ref.list_id)
            if not versions:
                when = f" in force on {as_of}" if as_of else ""
                raise not_found(
                    f"no list {names.list_name(entry_ref.jurisdiction, entry_ref.list_id)}{when}",
                    "LIST_NOT_FOUND",
                )
            if self.store.entry_by_key(versions[0].id, entry_ref.key) is None:
                raise not_found(
                    f"no entry {name} in the version of {versions[0].version_date}", "ENTRY_NOT_FOUND"
                )
            return versions[0], entry_ref.key
        if not jurisdiction or not code:
            missing = (
                "name" if not jurisdiction and not code else ("code" if jurisdiction else "jurisdiction")
            )
            raise invalid_argument(field_prefix + missing, "give either name, or jurisdiction and code")
        jurisdiction = jurisdiction_id(jurisdiction, field_prefix + "jurisdiction")
        code = code.strip()
        if len(code) > MAX_CODE_LENGTH:
            raise invalid_argument(field_prefix + "code", f"code is longer than {MAX_CODE_LENGTH} characters")
        versions = self._versions_for(jurisdiction, as_of, list_id)
        by_id = {v.id: v for v in versions}
        matches = self.store.find_by_code(versions, code)
        if not matches:
            where = f"{jurisdiction.upper()}" + (f" list {list_id}" if list_id else "")
            when = f" in force on {as_of}" if as_of else ""
            raise not_found(f"no entry with code {code!r} in {where}{when}", "ENTRY_NOT_FOUND")
        lists = {by_id[m.version_id].list_id for m in matches}
        if len(lists) > 1:
            raise invalid_argument(
                field_prefix + "list_id",
                f"code {code!r} is in several {jurisdiction.upper()} lists ({', '.join(sorted(lists))}): set list_id",
            )
        exact = [m for m in matches if m.code == code] or matches
        return by_id[exact[0].version_id], exact[0].key

    def get_entry(self, request: pb.GetEntryRequest) -> pb.GetEntryResponse:
        version, key = self.resolve_entry(
            name=request.name,
            jurisdiction=request.jurisdiction,
            code=request.code,
            as_of=parse_as_of(request.as_of),
            list_id=request.list_id,
        )
        return self.entry_response(version, key)

    def _build_entry_response(self, version: VersionInfo, key: str) -> pb.GetEntryResponse:
        entry = self.store.entry_by_key(version.id, key)
        ancestors = []
        parent_key = entry.parent_key
        while parent_key is not None:
            parent = self.store.entry_by_key(version.id, parent_key)
            ancestors.append(self.messages.get(parent, version))
            parent_key = parent.parent_key
        return pb.GetEntryResponse(entry=self.messages.get(entry, version), ancestors=reversed(ancestors))

    def list_entries(self, request: pb.ListEntriesRequest) -> pb.ListEntriesResponse:
        as_of = parse_as_of(request.as_of)
        size = page_size(request.page_size)
        entry_ref = names.parse_entry_name(request.parent)
        list_ref = names.parse_list_name(request.parent)
        if entry_ref is None and list_ref is None:
            raise invalid_argument("parent", "parent must be a list or entry resource name")
        jurisdiction, list_id = (entry_ref.jurisdiction, entry_ref.list_id) if entry_ref else list_ref
        versions = self._versions_for(jurisdiction, as_of, list_id)
        if not versions:
            raise not_found(f"no list {names.list_name(jurisdiction, list_id)}", "LIST_NOT_FOUND")
        version = versions[0]
        parent_key = entry_ref.key if entry_ref else None
        if parent_key is not None and self.store.entry_by_key(version.id, parent_key) is None:
            raise not_found(f"no entry {request.parent}", "ENTRY_NOT_FOUND")
        parts = ("entries", request.parent, version.id)
        offset = self._offset(request.page_token, parts)
        rows, total = self.store.children(version.id, parent_key, offset, size)
        return pb.ListEntriesResponse(
            entries=[self.messages.get(r, version) for r in rows],
            next_page_token=self._next_token(offset, size, len(rows), total, parts),
            total_size=total,
        )

    def search_entries(self, request: pb.SearchEntriesRequest) -> pb.SearchEntriesResponse:
        query = request.query.strip()
        if not query:
            raise invalid_argument("query", "query must not be empty")
        if len(query) > MAX_QUERY_LENGTH:
            raise invalid_argument("query", f"query is longer than {MAX_QUERY_LENGTH} characters")
        wanted = {jurisdiction_id(j, "jurisdictions") for j in request.jurisdictions}
        size = page_size(request.page_size)
        parts = ("search", query, tuple(sorted(wanted)))
        offset = self._offset(request.page_token, parts)
        versions = {
            v.id: v
            for (j, _), v in self.store.current_versions().items()
            if (not wanted or j in wanted) and v.list_kind == "control_list"
        }
        hits = self.store.search(query, versions.values(), offset, size + 1)
        page = hits[:size]
        return pb.SearchEntriesResponse(
            results=[
                pb.SearchResult(
                    entry=self.messages.get(h.entry, versions[h.entry.version_id]),
                    snippet=h.snippet,
                    score=h.score,
                )
                for h in page
            ],
            next_page_token=page_tokens.encode(self.secret, offset + size, parts) if len(hits) > size else "",
        )

    def loaded(self) -> bool:
        return self.store.has_data()

"""The CrosswalkService's answers, independent of transport. Everything here reads the crosswalk
computed at import time; only CompareEntries compares two texts per request (two entries, cheap)."""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache

from google.protobuf import struct_pb2

from harmonize.v1 import control_list_pb2 as pb
from harmonize.v1 import crosswalk_pb2 as xw
from mappings.compare import compare_entries
from mappings.divergence import Divergence, divergences
from server import names, page_tokens
from server.control_lists import ControlListQueries, jurisdiction_id, page_size
from server.crosswalk_store import CrosswalkStore, StoredMapping, view_of
from server.errors import RequestError, invalid_argument
from server.store import Store

RELATIONS = {
    "exact": xw.RELATION_EXACT,
    "close": xw.RELATION_CLOSE,
    "broad": xw.RELATION_BROAD,
    "narrow": xw.RELATION_NARROW,
    "related": xw.RELATION_RELATED,
    "no_counterpart": xw.RELATION_NO_COUNTERPART,
}
PARAMETER_STATUS = {
    "equal": "same",
    "different": "different",
    "only_in_a": "only_left",
    "only_in_b": "only_right",
}
DIVERGENCE_KINDS = {
    "no_counterpart": xw.DIVERGENCE_KIND_NO_COUNTERPART,
    "threshold_differs": xw.DIVERGENCE_KIND_THRESHOLD_DIFFERS,
    "text_differs": xw.DIVERGENCE_KIND_TEXT_DIFFERS,
}
MAX_BATCH = 100_000
BATCH_CHUNK = 250


class CrosswalkQueries:
    def __init__(self, store: Store, crosswalk: CrosswalkStore, control_lists: ControlListQueries):
        self.store = store
        self.crosswalk = crosswalk
        self.control_lists = control_lists
        self._translated = lru_cache(maxsize=50_000)(self._translate)
        self._matches: dict[tuple[int, bool], tuple[StoredMapping, xw.Match]] = {}

    # -- TranslateEntry / BatchTranslate
    def translate_entry(
        self, request: xw.TranslateEntryRequest, field_prefix: str = "", *, basic: bool = False
    ) -> xw.TranslateEntryResponse:
        version, key = self.control_lists.resolve_entry(
            name=request.name, jurisdiction=request.jurisdiction, code=request.code, field_prefix=field_prefix
        )
        targets = tuple(
            sorted(
                {
                    jurisdiction_id(j, field_prefix + "target_jurisdictions")
                    for j in request.target_jurisdictions
                }
            )
        )
        self.crosswalk.index()  # reloads if the stored crosswalk changed; the cache key names its generation
        return self._translated(self.crosswalk.generation, version, key, targets, basic)

    def _translate(
        self, _generation: int, version, key: str, targets: tuple[str, ...], basic: bool
    ) -> xw.TranslateEntryResponse:
        # a list's own jurisdiction is not a target: the crosswalk maps between jurisdictions
        wanted = (set(targets) or set(names.JURISDICTION_IDS)) - {version.jurisdiction}
        matches = []
        for mapping in self.crosswalk.mappings_of(version.id, key):
            if mapping.object_jurisdiction in wanted:
                matches.append(self._match(mapping, basic))
        loaded = {j for j, _ in self.store.current_versions()}
        mapped = {m.jurisdiction for m in matches}
        subject = (
            self.control_lists.messages.get(self.store.entry_by_key(version.id, key), version, basic=True)
            if basic
            else self.control_lists.entry_response(version, key).entry
        )
        return xw.TranslateEntryResponse(
            entry=subject,
            matches=matches,
            unmapped_jurisdictions=sorted(j for j in wanted - mapped if j in loaded or targets),
        )

    def _match(self, mapping: StoredMapping, basic: bool = False) -> xw.Match:
        # StoredMapping objects live as long as the index that holds them, so their id is a safe key
        cached = self._matches.get((id(mapping), basic))
        if cached is None or cached[0] is not mapping:
            cached = self._matches[(id(mapping), basic)] = (mapping, self._build_match(mapping, basic))
        return cached[1]

    def _build_match(self, mapping: StoredMapping, basic: bool) -> xw.Match:
        entry = None
        if mapping.object_key is not None and mapping.object_version_id is not None:
            target = self.store.cached_version(mapping.object_version_id)
            entry = self.control_lists.messages.get(
                self.store.entry_by_key(target.id, mapping.object_key), target, basic=basic
            )
        return xw.Match(
            entry=entry,
            jurisdiction=mapping.object_jurisdiction,
            relation=RELATIONS.get(mapping.relation, xw.RELATION_UNSPECIFIED),
            confidence=mapping.confidence,
            method=mapping.method,
            evidence=struct_pb2.Struct.FromString(mapping.evidence_struct),
            author=mapping.author or "",
            mapping_date=mapping.mapping_date or "",
            justification=mapping.justification or "",
        )

    def batch_translate(self, request: xw.BatchTranslateRequest):
        """Yields the results in request order, BATCH_CHUNK to a message (one message per item would
        cost more in stream writes than the answers themselves); an item's error is its own."""
        if len(request.requests) > MAX_BATCH:
            raise invalid_argument("requests", f"at most {MAX_BATCH} requests in one batch")
        basic = request.view != pb.ENTRY_VIEW_FULL
        chunk = xw.BatchTranslateResponse()
        for index, item in enumerate(request.requests):
            try:
                response = self.translate_entry(item, field_prefix=f"requests[{index}].", basic=basic)
                chunk.results.append(xw.BatchTranslateResult(index=index, response=response))
            except RequestError as error:
                error_message = xw.ItemError(code=error.code.name, message=error.message, field=error.field)
                chunk.results.append(xw.BatchTranslateResult(index=index, error=error_message))
            if len(chunk.results) == BATCH_CHUNK:
                yield chunk
                chunk = xw.BatchTranslateResponse()
        if chunk.results:
            yield chunk

    # -- CompareEntries
    def compare(self, request: xw.CompareEntriesRequest) -> xw.CompareEntriesResponse:
        sides = []
        for side, reference in (("left", request.left), ("right", request.right)):
            version, key = self.control_lists.resolve_entry(
                name=reference.name,
                jurisdiction=reference.jurisdiction,
                code=reference.code,
                field_prefix=f"{side}.",
            )
            sides.append((version, self.store.entry_by_key(version.id, key)))
        (left_version, left), (right_version, right) = sides
        comparison = compare_entries(view_of(left, left_version), view_of(right, right_version))
        relation = next(
            (
                RELATIONS.get(m.relation, xw.RELATION_UNSPECIFIED)
                for m in self.crosswalk.mappings_of(left_version.id, left.key)
                if m.object_version_id == right_version.id and m.object_key == right.key
            ),
            xw.RELATION_UNSPECIFIED,
        )
        return xw.CompareEntriesResponse(
            left=self.control_lists.messages.get(left, left_version),
            right=self.control_lists.messages.get(right, right_version),
            parameters=[parameter_comparison(asdict(p)) for p in comparison.parameters],
            text_similarity=comparison.text_similarity,
            text_differences=[describe_difference(d) for d in comparison.text_diff],
            relation=relation,
        )

    # -- ListDivergences
    def list_divergences(self, request: xw.ListDivergencesRequest) -> xw.ListDivergencesResponse:
        if not request.jurisdiction:
            raise invalid_argument("jurisdiction", "jurisdiction is required")
        subject = jurisdiction_id(request.jurisdiction)
        against = sorted({jurisdiction_id(j, "against") for j in request.against} - {subject})
        size = page_size(request.page_size)
        parts = ("divergences", subject, tuple(against))
        try:
            offset = page_tokens.decode(self.control_lists.secret, request.page_token, parts)
        except page_tokens.BadPageToken as error:
            raise invalid_argument("page_token", str(error)) from None
        self.crosswalk.index()
        found = self._divergences(self.crosswalk.generation, subject, tuple(against))
        page = found[offset : offset + size]
        more = offset + len(page) < len(found)
        return xw.ListDivergencesResponse(
            divergences=[self._divergence_message(d) for d in page],
            next_page_token=page_tokens.encode(self.control_lists.secret, offset + len(page), parts)
            if more
            else "",
            total_size=len(found),
        )

    @lru_cache(maxsize=256)  # noqa: B019  (one instance per server; keyed by the crosswalk in force)
    def _divergences(self, _generation: int, subject: str, against: tuple[str, ...]) -> list[Divergence]:
        wanted = list(against) or [j for j in names.JURISDICTION_IDS if j != subject]
        return divergences(self.crosswalk.as_mappings(), subject, wanted)

    def _divergence_message(self, divergence: Divergence) -> xw.Divergence:
        versions = self.store.current_versions()
        version = versions[(divergence.jurisdiction, divergence.list_id)]
        counterpart = None
        target = versions.get((divergence.other_jurisdiction, divergence.other_list))
        if divergence.other_key and target:
            counterpart = self.control_lists.messages.get(
                self.store.entry_by_key(target.id, divergence.other_key), target
            )
        detail = divergence.detail
        summary = detail.get("reason") or detail.get("note") or ""
        if divergence.kind == "text_differs":
            summary = "; ".join(describe_difference(d) for d in detail.get("text_diff", [])[:5])
        return xw.Divergence(
            entry=self.control_lists.messages.get(
                self.store.entry_by_key(version.id, divergence.entry_key), version
            ),
            against_jurisdiction=divergence.other_jurisdiction,
            kind=DIVERGENCE_KINDS[divergence.kind],
            counterpart=counterpart,
            parameters=[parameter_comparison(p) for p in detail.get("parameters", []) if isinstance(p, dict)],
            detail=summary or divergence.kind.replace("_", " "),
        )


def _parameters(values: list[dict]) -> list[xw.Parameter]:
    return [
        xw.Parameter(
            quantity=str(value.get("quantity", "")),
            value=float(value.get("value", 0.0)),
            unit=str(value.get("unit", "")),
            operator=str(value.get("operator", "")),
            printed=str(value.get("printed", "")),
        )
        for value in values
    ]


def parameter_comparison(pair: dict) -> xw.ParameterComparison:
    """From a ParameterPair of mappings.compare (as a dict: stored evidence, or asdict of a live one)."""
    return xw.ParameterComparison(
        left=_parameters(pair.get("a") or []),
        right=_parameters(pair.get("b") or []),
        status=PARAMETER_STATUS.get(pair.get("status", ""), pair.get("status", "")),
        quantity=str(pair.get("quantity", "")),
        unit=str(pair.get("unit", "")),
    )


def describe_difference(difference: dict) -> str:
    op, a, b = difference.get("op"), difference.get("a") or "", difference.get("b") or ""
    if op == "insert":
        return f"added: {b}"
    if op == "delete":
        return f"removed: {a}"
    return f"changed: {a} → {b}"

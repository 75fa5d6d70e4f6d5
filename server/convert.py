"""Store rows → API messages, in one place."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from harmonize.v1 import control_list_pb2 as pb
from server import names
from server.store import EntryRow, VersionInfo

ENTRY_KINDS = {
    "category": pb.ENTRY_KIND_CATEGORY,
    "product_group": pb.ENTRY_KIND_PRODUCT_GROUP,
    "entry": pb.ENTRY_KIND_ENTRY,
    "item": pb.ENTRY_KIND_ITEM,
    "note": pb.ENTRY_KIND_NOTE,
    "technical_note": pb.ENTRY_KIND_TECHNICAL_NOTE,
    "nb": pb.ENTRY_KIND_NB,
    "section": pb.ENTRY_KIND_SECTION,
}


def version_message(version: VersionInfo) -> pb.ListVersion:
    imported = timestamp_pb2.Timestamp()
    imported.FromDatetime(version.imported_at)
    return pb.ListVersion(
        name=names.version_name(version.jurisdiction, version.list_id, version.version_date.isoformat()),
        version_date=version.version_date.isoformat(),
        source_uri=version.source_uri,
        source_file=version.source_file,
        source_sha256=version.source_sha256,
        importer_version=version.importer_version,
        import_time=imported,
        entry_count=version.entry_count,
    )


def citation(entry: EntryRow, version: VersionInfo) -> pb.Citation:
    date = version.version_date.isoformat()
    return pb.Citation(
        text=f"{version.list_title}, {entry.code}, version of {date} ({version.source_file}"
        + (f", {entry.location})" if entry.location else ")"),
        list=names.list_name(version.jurisdiction, version.list_id),
        list_title=version.list_title,
        version=names.version_name(version.jurisdiction, version.list_id, date),
        version_date=date,
        source_uri=version.source_uri,
        source_file=version.source_file,
        source_sha256=version.source_sha256,
        location=entry.location,
    )


BASIC_OMITS = ("text", "reasons", "attributes")


class EntryMessages:
    """API messages for the entries of one store, FULL or BASIC (without text, reasons and
    attributes); cached, since a stored version never changes (callers copy them into responses)."""

    MAX_CACHED = 300_000

    def __init__(self) -> None:
        self._cache: dict[tuple[int, int, bool], pb.Entry] = {}

    def get(self, entry: EntryRow, version: VersionInfo, *, basic: bool = False) -> pb.Entry:
        cache_key = (version.id, entry.id, basic)
        message = self._cache.get(cache_key)
        if message is None:
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.clear()
            message = entry_message(entry, version)
            for name in BASIC_OMITS if basic else ():
                message.ClearField(name)
            self._cache[cache_key] = message
        return message


def entry_message(entry: EntryRow, version: VersionInfo) -> pb.Entry:
    message = pb.Entry(
        name=names.entry_name(version.jurisdiction, version.list_id, entry.key),
        jurisdiction=version.jurisdiction,
        list=names.list_name(version.jurisdiction, version.list_id),
        code=entry.code,
        key=entry.key,
        kind=ENTRY_KINDS.get(entry.kind, pb.ENTRY_KIND_UNSPECIFIED),
        title=entry.title,
        text=entry.text,
        parent=names.entry_name(version.jurisdiction, version.list_id, entry.parent_key)
        if entry.parent_key
        else "",
        depth=entry.depth,
        reserved=entry.reserved,
        regime=entry.regime or "",
        reasons=[
            pb.ReasonForControl(
                reason=r.get("reason", ""),
                applies_to=r.get("applies_to", ""),
                country_chart_column=r.get("country_chart_column") or "",
                paragraphs=r.get("paragraphs", []),
                country_chart_text=r.get("country_chart_text", ""),
            )
            for r in entry.reasons
        ],
        version_date=version.version_date.isoformat(),
        citation=citation(entry, version),
        has_children=entry.has_children,
        position=entry.position,
    )
    if entry.attributes:
        message.attributes.update(entry.attributes)  # in place: passing a Struct would copy it
    return message

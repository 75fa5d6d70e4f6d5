"""Store rows → API messages, in one place."""

from __future__ import annotations

from google.protobuf import struct_pb2, timestamp_pb2

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


def entry_message(entry: EntryRow, version: VersionInfo) -> pb.Entry:
    attributes = struct_pb2.Struct()
    if entry.attributes:
        attributes.update(entry.attributes)
    return pb.Entry(
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
        attributes=attributes,
        position=entry.position,
    )

"""Which importer reads which document: every source descriptor, and format recognition.

Importing a folder imports the documents some descriptor recognises and reports the others as
skipped with the reason; importing a named file that nothing recognises is refused.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from importers.errors import DocumentRefused
from importers.records import ParsedList, SourceDescriptor, check_parsed

# One module per source format; each exposes DESCRIPTORS: list[SourceDescriptor].
IMPORTER_MODULES = [
    "importers.ecfr",
    "importers.eu_annex",
    "importers.canada_xml",
    "importers.uk_pdf",
    "importers.dsgl_docx",
    "importers.egov_xml",
    "importers.wassenaar_pdf",
]

# Steps that need several parsed documents of one run at once (e.g. Japan's 別表第一 ↔ 貨物等省令 links);
# each takes every ParsedList of the run and annotates them in place before any is written.
CROSS_DOCUMENT_STEPS = [
    "importers.egov_links:link_parsed",
]

_HEAD_BYTES = 64 * 1024


@dataclass
class Skipped:
    path: Path
    reason: str


@cache
def all_descriptors() -> tuple[SourceDescriptor, ...]:
    descriptors: list[SourceDescriptor] = []
    for module_name in IMPORTER_MODULES:
        descriptors.extend(importlib.import_module(module_name).DESCRIPTORS)
    return tuple(descriptors)


def recognise(path: Path) -> SourceDescriptor | None:
    with open(path, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    for descriptor in all_descriptors():
        if descriptor.recognise(path, head):
            return descriptor
    return None


def find_documents(paths: list[Path]) -> tuple[list[tuple[Path, SourceDescriptor]], list[Skipped]]:
    """Documents to import under `paths` (files or folders), in a stable order, and what was skipped.

    A named file that no importer recognises is refused; inside a folder it is skipped and reported.
    """
    found: list[tuple[Path, SourceDescriptor]] = []
    skipped: list[Skipped] = []
    for path in paths:
        if not path.exists():
            raise DocumentRefused(path, "no such file or folder")
        if path.is_file():
            descriptor = recognise(path)
            if descriptor is None:
                raise DocumentRefused(path, "no importer recognises this document's format")
            found.append((path, descriptor))
            continue
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if file.name.endswith(".md") or file.name.startswith("."):
                continue
            descriptor = recognise(file)
            if descriptor is None:
                skipped.append(Skipped(file, "not a source document any importer reads"))
            else:
                found.append((file, descriptor))
    return found, skipped


def run_cross_document_steps(parsed_lists: list[ParsedList]) -> None:
    for step in CROSS_DOCUMENT_STEPS:
        module_name, function = step.split(":")
        getattr(importlib.import_module(module_name), function)(parsed_lists)


def parse_document(path: Path, descriptor: SourceDescriptor) -> ParsedList:
    """Parse and check one document; raises DocumentRefused with the file and the reason."""
    try:
        parsed = descriptor.parse(path)
    except DocumentRefused:
        raise
    except (ValueError, KeyError, IndexError, OSError) as error:
        raise DocumentRefused(path, f"{descriptor.format} parse failed: {error}") from error
    check_parsed(parsed)
    return parsed

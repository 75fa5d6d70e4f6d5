"""The crosswalk's input straight from documents: parse a corpus folder with the importers.

The service computes the crosswalk from the store; this reads the documents directly, for the truth
builder and the real-document tests. Reference lists (country charts, groups) are left out; when one
list comes in several documents, the newest version wins, and excerpts of the same version (the
Japanese 省令 comes in two) are joined.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from mappings.model import Entry, views_from_parsed

IMPORTER_MODULES = [
    "importers.ecfr",
    "importers.eu_annex",
    "importers.uk_pdf",
    "importers.wassenaar_pdf",
    "importers.dsgl_docx",
    "importers.egov_xml",
]


def _descriptors() -> list[Any]:
    out = []
    for name in IMPORTER_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # an importer not written yet
            continue
        out.extend(getattr(module, "DESCRIPTORS", []))
    return out


class CorpusError(RuntimeError):
    """An importer failed on a document (the importers are developed alongside)."""


def parse_corpus(corpus: Path, jurisdictions: set[str] | None = None, *, strict: bool = True) -> list[Any]:
    """Every control list document under `corpus` parsed (ParsedList), in a stable order.

    With strict=False a document whose importer fails is left out instead of raising CorpusError.
    """
    descriptors = _descriptors()
    parsed = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith(".md")):
        if jurisdictions is not None and path.parent.name not in jurisdictions:
            continue
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
        for descriptor in descriptors:
            if getattr(descriptor, "kind", "control_list") != "control_list":
                continue
            try:
                recognised = descriptor.recognise(path, head)
            except Exception:  # noqa: BLE001 - a recogniser must not stop the others
                recognised = False
            if recognised:
                try:
                    parsed.append(descriptor.parse(path))
                except Exception as error:
                    if strict:
                        raise CorpusError(
                            f"{path}: {descriptor.format} importer failed: {error!r}"
                        ) from error
                break
    return parsed


def lists_from_parsed(
    parsed: list[Any],
) -> tuple[dict[tuple[str, str], list[Entry]], dict[tuple[str, str], str]]:
    """(lists, versions) for compute_crosswalk: newest version per list, same-version excerpts joined."""
    newest: dict[tuple[str, str], Any] = {}
    chosen: dict[tuple[str, str], list[Any]] = {}
    for p in parsed:
        if not p.entries:
            continue
        ref = (p.descriptor.jurisdiction, p.descriptor.list_id)
        if ref not in newest or p.version_date > newest[ref]:
            newest[ref] = p.version_date
            chosen[ref] = [p]
        elif p.version_date == newest[ref]:
            chosen[ref].append(p)
    lists: dict[tuple[str, str], list[Entry]] = {}
    versions: dict[tuple[str, str], str] = {}
    for ref, documents in sorted(chosen.items()):
        seen: set[str] = set()
        views: list[Entry] = []
        for document in documents:
            for view in views_from_parsed(document):
                if view.key not in seen:
                    seen.add(view.key)
                    views.append(view)
        lists[ref] = views
        versions[ref] = newest[ref].isoformat()
    return lists, versions


def load_corpus_lists(corpus: Path, jurisdictions: set[str] | None = None, *, strict: bool = True
                      ) -> tuple[dict[tuple[str, str], list[Entry]], dict[tuple[str, str], str]]:  # fmt: skip
    return lists_from_parsed(parse_corpus(corpus, jurisdictions, strict=strict))

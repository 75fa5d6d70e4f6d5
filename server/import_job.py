"""The import job: find the documents under the given paths, parse each, write each as one version.

Each document is its own transaction: a refused or failed document leaves every list as it was,
and the others still import. Re-importing an unchanged document is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from importers.errors import DocumentRefused
from importers.records import ParsedList
from importers.registry import Skipped, find_documents, parse_document, run_cross_document_steps
from server.store import Store


@dataclass
class ImportOutcome:
    path: str
    list: str  # "us/ccl"
    status: str  # "imported" | "unchanged" | "refused"
    version_date: str = ""
    entries: int = 0
    reason: str = ""


def run_import(
    store: Store, paths: list[Path], *, show_progress: bool = True
) -> tuple[list[ImportOutcome], list[Skipped]]:
    """Parse every document first (cross-document steps need them together), then write each."""
    documents, skipped = find_documents(paths)
    outcomes: list[ImportOutcome] = []
    parsed_lists: list[ParsedList] = []
    for path, descriptor in tqdm(documents, unit="doc", disable=not show_progress, desc="parse"):
        try:
            parsed_lists.append(parse_document(path, descriptor))
        except DocumentRefused as refused:
            label = f"{descriptor.jurisdiction}/{descriptor.list_id}"
            outcomes.append(ImportOutcome(str(path), label, "refused", reason=refused.reason))
    run_cross_document_steps(parsed_lists)
    bar = tqdm(parsed_lists, unit="doc", disable=not show_progress, desc="write")
    for parsed in bar:
        label = f"{parsed.descriptor.jurisdiction}/{parsed.descriptor.list_id}"
        bar.set_postfix_str(label)
        with tqdm(
            total=len(parsed.entries),
            unit="entry",
            leave=False,
            disable=not show_progress,
            desc=f"write {label}",
        ) as rows:
            result = store.import_parsed(parsed, progress=rows.update)
        outcomes.append(
            ImportOutcome(
                str(parsed.source_path),
                label,
                result.status,
                result.version.version_date.isoformat(),
                result.version.entry_count,
            )
        )
    return outcomes, skipped

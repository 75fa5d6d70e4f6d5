"""Golden outputs for real documents: a test diffs what an importer produces against a file that
changes only on purpose. Regenerate deliberately with HARMONIZE_REGENERATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

GOLDEN_DIR = Path(__file__).with_name("golden")


def _jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def entry_snapshot(entry) -> dict[str, Any]:
    """The fields of an EntryRecord a golden file pins down."""
    return {
        "code": entry.code,
        "key": entry.key,
        "kind": str(entry.kind),
        "parent_key": entry.parent_key,
        "title": entry.title,
        "text": entry.text,
        "reserved": entry.reserved,
        "regime": str(entry.regime) if entry.regime else None,
        "reasons": _jsonable(entry.reasons),
        "attributes": _jsonable(entry.attributes),
    }


def assert_golden(name: str, data: Any) -> None:
    path = GOLDEN_DIR / f"{name}.json"
    rendered = json.dumps(_jsonable(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("HARMONIZE_REGENERATE_GOLDEN") == "1":
        path.write_text(rendered, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; create it with HARMONIZE_REGENERATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if rendered != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), rendered.splitlines(True), "golden", "now", n=2)
        )
        raise AssertionError(
            f"{path.name} differs from the import (first 6000 chars of diff):\n{diff[:6000]}"
        )

"""AIP-122 resource names: lower-case stable ids, the printed code in its own field."""

from __future__ import annotations

import re
from dataclasses import dataclass

JURISDICTION_IDS = ("us", "eu", "uk", "jp", "au", "ca", "wa")
_ENTRY_NAME = re.compile(r"^jurisdictions/([a-z]{2})/lists/([a-z0-9][a-z0-9-]*)/entries/([^/\s]+)$")
_LIST_NAME = re.compile(r"^jurisdictions/([a-z]{2})/lists/([a-z0-9][a-z0-9-]*)$")
_JURISDICTION_NAME = re.compile(r"^jurisdictions/([a-z]{2}|-)$")


@dataclass(frozen=True)
class EntryName:
    jurisdiction: str
    list_id: str
    key: str


def jurisdiction_name(jurisdiction: str) -> str:
    return f"jurisdictions/{jurisdiction}"


def list_name(jurisdiction: str, list_id: str) -> str:
    return f"jurisdictions/{jurisdiction}/lists/{list_id}"


def version_name(jurisdiction: str, list_id: str, version_date: str) -> str:
    return f"{list_name(jurisdiction, list_id)}/versions/{version_date}"


def entry_name(jurisdiction: str, list_id: str, key: str) -> str:
    return f"{list_name(jurisdiction, list_id)}/entries/{key}"


def parse_entry_name(name: str) -> EntryName | None:
    match = _ENTRY_NAME.match(name)
    return EntryName(*match.groups()) if match else None


def parse_list_name(name: str) -> tuple[str, str] | None:
    match = _LIST_NAME.match(name)
    return (match.group(1), match.group(2)) if match else None


def parse_jurisdiction_name(name: str) -> str | None:
    match = _JURISDICTION_NAME.match(name)
    return match.group(1) if match else None


def normalize_jurisdiction(value: str) -> str | None:
    """A jurisdiction id in any case ("US", "us", " Us ") → "us"; None if unknown."""
    folded = value.strip().lower()
    return folded if folded in JURISDICTION_IDS else None

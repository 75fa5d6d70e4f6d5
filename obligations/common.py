"""What every jurisdiction's rules share: the lookup protocol, key arithmetic, a decision record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from obligations.model import Citation, Counterpart, EntryView, Licence

NOTE_KINDS = ("note", "technical_note", "nb")


class Lookup(Protocol):
    """What the engine needs from the store and the crosswalk."""

    def entry(self, jurisdiction: str, code: str) -> EntryView | None:
        """The current entry printed as `code` in `jurisdiction` (any of its lists), or None."""

    def counterparts(self, entry: EntryView, target_jurisdiction: str) -> list[Counterpart]:
        """The crosswalk's matches for `entry` in `target_jurisdiction` (empty: no counterpart)."""

    def parent(self, entry: EntryView) -> EntryView | None:
        """The entry named by `entry.parent_key` in the same list version, or None at the top."""


def within(key: str, ancestor: str) -> bool:
    """Is `key` the node `ancestor` or inside it ("3a001.a.1" is within "3a001" and "3a001.a")?"""
    return key == ancestor or key.startswith(ancestor + ".")


def show(key: str) -> str:
    """A key as a practitioner writes it: "3a001.a.2" → "3A001.a.2" (other keys unchanged)."""
    if re.match(r"^\d[a-e]\d{3}", key):
        return key[:5].upper() + key[5:]
    return key


def chain(entry: EntryView, lookup: Lookup, limit: int = 40) -> list[EntryView]:
    """The entry and its ancestors, nearest first (notes start from the node they belong to)."""
    out = [entry]
    current = entry
    while current.parent_key and len(out) < limit:
        parent = lookup.parent(current)
        if parent is None:
            break
        out.append(parent)
        current = parent
    return out


def item_node(entries: list[EntryView]) -> EntryView:
    """The node a check is about: a note's parent rather than the note."""
    for entry in entries:
        if entry.kind not in NOTE_KINDS:
            return entry
    return entries[0]


def country_label(alpha2: str) -> str:
    try:
        from importers.countries import country_name

        return f"{country_name(alpha2)} ({alpha2})"
    except Exception:  # noqa: BLE001 - an unknown code is shown as given
        return alpha2


@dataclass
class Decision:
    """One entry's answer in one jurisdiction, before results are merged."""

    licence: Licence
    reasons: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    authorisations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    needs_review: bool = False
    summary: str = ""

    def cite(self, text: str, source: str) -> None:
        citation = Citation(text, source)
        if citation not in self.citations:
            self.citations.append(citation)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def reason(self, text: str) -> None:
        if text not in self.reasons:
            self.reasons.append(text)

    def authorise(self, text: str) -> None:
        if text not in self.authorisations:
            self.authorisations.append(text)

"""Divergences between jurisdictions, read off the crosswalk.

For a subject jurisdiction against others: the entries it controls that have no counterpart there
(national-only entries, e.g. UK PL9xxx or US 600-series against the EU list), and the corresponding
entries whose thresholds differ (the same converter at 1.3 GSPS in one list and removed in another;
advanced-computing ICs at different performance levels). Counterparts under different numbers (EU
3A501 ↔ US 3A901) are mapped, so they are not divergences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from mappings.model import Mapping, Relation


@dataclass
class Divergence:
    kind: str  # "no_counterpart" | "threshold_differs" | "text_differs"
    jurisdiction: str
    list_id: str
    entry_key: str
    entry_code: str
    other_jurisdiction: str
    other_list: str
    other_key: str | None
    other_code: str | None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _threshold_detail(mapping: Mapping) -> dict[str, Any] | None:
    evidence = mapping.evidence or {}
    changes = [p for p in evidence.get("parameters", []) or [] if p.get("status") != "equal"]
    reserved = evidence.get("reserved") or {}
    removed = bool(reserved) and bool(reserved.get("a")) != bool(reserved.get("b"))
    if not changes and not removed:
        return None
    detail: dict[str, Any] = {"relation": str(mapping.relation), "method": mapping.method}
    if changes:
        detail["parameters"] = changes
    if removed:
        detail["reserved"] = reserved
        detail["note"] = "reserved (not used) in one list, controlled in the other"
    return detail


def divergences(
    mappings: Iterable[Mapping],
    subject_jurisdiction: str,
    against: list[str],
    *,
    include_removed: bool = True,
) -> list[Divergence]:
    """Entries of `subject_jurisdiction` with no counterpart in, or different thresholds from, `against`.

    An entry counts as having no counterpart in a jurisdiction when the crosswalk decided so
    (`no_counterpart`) and no other mapping of it to that jurisdiction exists (curated or computed).
    Threshold differences come from mappings whose evidence shows parameters that differ or a side
    that is reserved ("Not used since 2025" against a live entry).
    """
    subject_jurisdiction = subject_jurisdiction.lower()
    others = {j.lower() for j in against}
    rows = [
        m
        for m in mappings
        if m.subject_jurisdiction == subject_jurisdiction and m.object_jurisdiction in others
    ]
    has_counterpart: dict[tuple[str, str, str], bool] = defaultdict(bool)
    for m in rows:
        if m.relation != Relation.NO_COUNTERPART:
            has_counterpart[(m.subject_list, m.subject_key, m.object_jurisdiction)] = True
    out: list[Divergence] = []
    for m in rows:
        if m.relation == Relation.NO_COUNTERPART:
            if has_counterpart[(m.subject_list, m.subject_key, m.object_jurisdiction)]:
                continue
            out.append(
                Divergence(
                    kind="no_counterpart",
                    jurisdiction=m.subject_jurisdiction,
                    list_id=m.subject_list,
                    entry_key=m.subject_key,
                    entry_code=m.subject_code,
                    other_jurisdiction=m.object_jurisdiction,
                    other_list=m.object_list,
                    other_key=None,
                    other_code=None,
                    detail={"confidence": m.confidence, "method": m.method, **(m.evidence or {})},
                )
            )
            continue
        if m.relation == Relation.EXACT:
            continue
        detail = _threshold_detail(m)
        kind = "threshold_differs"
        if detail is None and m.relation == Relation.CLOSE and (m.evidence or {}).get("text_diff"):
            # same thresholds, different words: an edition lag or a national edit worth showing
            kind, detail = "text_differs", {"relation": str(m.relation), "text_diff": m.evidence["text_diff"]}
        if detail is None or (
            kind == "threshold_differs" and not include_removed and "parameters" not in detail
        ):
            continue
        out.append(
            Divergence(
                kind=kind,
                jurisdiction=m.subject_jurisdiction,
                list_id=m.subject_list,
                entry_key=m.subject_key,
                entry_code=m.subject_code,
                other_jurisdiction=m.object_jurisdiction,
                other_list=m.object_list,
                other_key=m.object_key,
                other_code=m.object_code,
                detail=detail,
            )
        )
    return out

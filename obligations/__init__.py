"""The obligation check engine: which jurisdictions' rules apply to an item on a route, and whether a
licence is required there (REQUIRED / NOT_REQUIRED / INDETERMINATE), each answer citing its rule.

Pure logic over reference data (obligations.data.ReferenceData) and a Lookup (store + crosswalk)."""

from obligations.common import Lookup
from obligations.data import ReferenceData
from obligations.engine import CheckRequest, check, check_batch, summarise
from obligations.model import (
    Citation,
    Counterpart,
    EndUse,
    EntryView,
    ItemRef,
    JurisdictionResult,
    Licence,
)

__all__ = [
    "CheckRequest",
    "Citation",
    "Counterpart",
    "EndUse",
    "EntryView",
    "ItemRef",
    "JurisdictionResult",
    "Licence",
    "Lookup",
    "ReferenceData",
    "check",
    "check_batch",
    "summarise",
]

"""Regimes whose lists are imported but whose licensing rules per destination are not in the corpus:
the UK (open general licences), Australia (DSGL permits) and Canada (ECL permits). The check names the
entry that applies and says what would decide, and answers INDETERMINATE: never a guess."""

from __future__ import annotations

from obligations.common import Decision, country_label
from obligations.data import ReferenceData
from obligations.model import EntryView, Licence

REGIMES = {
    "uk": (
        "UK Strategic Export Control List",
        ("a licence is needed to export it from the UK — an individual licence unless an open general export "
        "licence (OGEL) or general authorisation covers the item and destination; those are not in the "
        "imported data, so which applies to {dest} cannot be decided"),
        "Export Control Order 2008 (Schedules 2 and 3) and assimilated Regulation (EC) No 428/2009 Annex I",
    ),
    "au": (
        "Defence and Strategic Goods List",
        ("its export from Australia needs a permit unless an exemption applies; the permit rules per destination "
        "are not in the imported data"),
        "Customs (Prohibited Exports) Regulations 1958, regulation 13E",
    ),
    "ca": (
        "Export Control List",
        ("its export from Canada needs a permit unless the ECL or a general export permit exempts it for {dest}; "
        "those rules are not in the imported data"),
        "Export and Import Permits Act, section 7; Export Control List (SOR/89-202)",
    ),
}


def decide(jurisdiction: str, chain: list[EntryView], destination: str, data: ReferenceData) -> Decision:
    node = chain[0]
    name, rule, law = REGIMES[jurisdiction]
    decision = Decision(Licence.INDETERMINATE, needs_review=True)
    tags = node.attributes.get("regime_tags") or []
    regime = f" ({node.regime})" if node.regime else ""
    decision.reason(f"{name} {node.code}{regime}" + (f" [{', '.join(tags)}]" if tags else ""))
    decision.cite(f"{node.code} is on the {name}", f"{data.list_source(node.jurisdiction, node.list_id)}, {node.code}")
    decision.cite(f"Listed items need an export licence or permit ({law})", law)
    decision.summary = f"{node.code} is on the {name}: " + rule.format(dest=country_label(destination)) + "."
    return decision

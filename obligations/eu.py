"""European Union (Regulation (EU) 2021/821): an Annex I item needs an authorisation to leave the customs
territory of the Union (Article 3(1)) unless a Union general export authorisation of Annex II covers both
the item and the destination; inside the Union only Annex IV items need one (Article 11(1)).

Each general authorisation is read from the imported Annex II rows (importers/eu_annex.py): its items
("all_except" with Section I and its own exclusions, or a "listed" set), its destinations ("listed", or
"all_except" with excluded countries, other authorisations' destinations and conditions). Annex II,
Section I excludes "all items specified in Annex IV"; Annex IV comes from the eu_annex_iv table.

Kinds of authorisation, read from their titles:
- general (EU001, EU002, EU005, EU006): usable for any export of a covered item to a covered destination,
  subject to registration/notification and the end-use conditions of their Part 3 → decides NOT_REQUIRED;
- transaction (EU003 after repair/replacement, EU004 exhibition or fair, EU007 intra-group software and
  technology): only for that kind of transaction → listed as "may apply if ...", never decides;
- conditional (EU008 encryption): only for items meeting technical conditions the data cannot check →
  INDETERMINATE when it is the only way out.
"""

from __future__ import annotations

import re
from typing import Any

from obligations.annex_iv import status_of
from obligations.common import Decision, country_label, show, within
from obligations.data import EU_ANNEX_IV, EU_GEA, ReferenceData
from obligations.model import EndUse, EntryView, Licence

REGULATION = "Regulation (EU) 2021/821"
TRANSACTION_KINDS = {
    "REPAIR": "the items are re-exported after maintenance, repair or replacement in the Union (its Part 1)",
    "EXHIBITION": "the export is a temporary export for an exhibition or fair (its Part 1)",
    "INTRA-GROUP": "the software or technology goes to a company of the same group (its Part 1 and 3)",
}
CONDITIONAL_KINDS = {
    "ENCRYPTION": "the items meet the cryptographic conditions of its Part 1 point 2",
}


def gea_kind(gea: dict[str, Any]) -> tuple[str, str]:
    title = str(gea.get("title", "")).upper()
    for word, condition in TRANSACTION_KINDS.items():
        if word in title:
            return "transaction", condition
    for word, condition in CONDITIONAL_KINDS.items():
        if word in title:
            return "conditional", condition
    return "general", ""


def item_match(gea_id: str, gea: dict[str, Any], key: str, data: ReferenceData) -> tuple[str, str]:
    """("yes" | "no" | "partial", why) — does the authorisation's Part 1 cover the item?"""
    code = show(key)
    group = key[1] if len(key) > 1 else ""
    printed = str(gea.get("items_as_printed", ""))
    if gea.get("items_scope") == "listed":
        covered = [str(c) for c in gea.get("covered_item_keys") or []]
        if any(within(key, c) for c in covered):
            return "yes", f"{gea_id} Part 1 lists {show(next(c for c in covered if within(key, c)))}"
        inside = [c for c in covered if within(c, key)]
        if inside:
            return "partial", f"{gea_id} Part 1 lists only {', '.join(show(c) for c in inside)} within {code}"
        return "no", f"{gea_id} Part 1 does not list {code}"
    if re.search(r"covers all technology and software", printed) and group not in ("d", "e"):
        return "no", f"{gea_id} covers only technology and software (Sections D and E)"
    sections = re.search(r"all items listed in Sections? ([DE])(?: and ([DE]))? of each [Cc]ategory", printed)
    excluded_letters = {s.lower() for s in (sections.groups() if sections else ()) if s}
    if re.search(r"all items listed in Section E of each category", printed):
        excluded_letters.add("e")
    if group in excluded_letters:
        return "no", f"{gea_id} excludes Section {group.upper()} items of every category"
    excluded = [str(x) for x in gea.get("excluded_item_keys") or []]
    hit = next((x for x in excluded if within(key, x)), None)
    if hit is not None:
        where = "Annex II Section I" if hit in _section_i(data) else f"{gea_id} Part 1"
        return "no", f"{show(hit)} is excluded by {where}"
    inside = [x for x in excluded if within(x, key) and x != key]
    if inside:
        return "partial", f"{gea_id} excludes {', '.join(show(x) for x in inside)} within {code}"
    if any("Annex IV" in str(r) for r in gea.get("excluded_items_by_reference") or []):
        if data.eu_annex_iv is None:
            return "partial", "Annex II Section I excludes Annex IV items, and Annex IV is not loaded"
        status, why = status_of(key, data.eu_annex_iv)
        if status == "yes":
            return "no", f"Annex II Section I excludes all items specified in Annex IV; {why}"
        if status == "partial":
            return "partial", f"Annex II Section I excludes all items specified in Annex IV; {why}"
    return "yes", f"{gea_id} Part 1 covers all Annex I items except those excluded; {code} is not excluded"


def _section_i(data: ReferenceData) -> set[str]:
    gea = data.eu_geas.get("EU001") or {}
    return {str(x) for x in gea.get("excluded_item_keys") or []}


def destination_match(gea_id: str, gea: dict[str, Any], destination: str, data: ReferenceData) -> tuple[str, str]:
    label = country_label(destination)
    if gea.get("destinations_scope") == "listed":
        if destination in (gea.get("destinations") or []):
            return "yes", f"{gea_id} Part 2 lists {label}"
        return "no", f"{gea_id} Part 2 does not list {label}"
    if destination in (gea.get("excluded_destinations") or []):
        return "no", f"{gea_id} Part 2 excludes {label}"
    for reference in gea.get("excluded_destinations_by_reference") or []:
        other = data.eu_geas.get(str(reference)) or {}
        if destination in (other.get("destinations") or []):
            return "no", f"{gea_id} Part 2 excludes destinations of {reference}, which include {label}"
    conditions = gea.get("excluded_destination_conditions") or []
    if conditions:
        return "partial", f"{gea_id} Part 2 also excludes {'; '.join(conditions)}"
    return "yes", f"{gea_id} Part 2 covers all destinations but those it excludes; {label} is not excluded"


def _part3_blocks(gea: dict[str, Any], end_use: EndUse) -> tuple[str, str]:
    """("blocked" | "uncertain" | "ok", why): can the authorisation be used with these end-use facts?"""
    text = str(gea.get("text", ""))
    part3 = text.split("Part 3", 1)[1] if "Part 3" in text else text
    if end_use.wmd and re.search(r"chemical, biological or nuclear weapons", part3):
        return "blocked", "its Part 3 excludes items the exporter knows are intended for WMD uses"
    if end_use.military:
        clause = re.search(r"\(ii\) for a military[^;]*;", part3)
        if clause and "arms embargo" not in clause.group(0):
            return "blocked", f"its Part 3 excludes {clause.group(0).strip(' ;')}"
        if clause:
            return "uncertain", ("its Part 3 excludes military end use in a country subject to an arms embargo, "
                                 "and arms embargoes are not in the imported data")
        return "uncertain", "military end use: check its Part 3 conditions"
    if end_use.end_user_of_concern:
        return "uncertain", "end user of concern: check its Part 3 conditions and Article 4"
    return "ok", ""


def decide(chain: list[EntryView], export_from: str, destination: str, end_use: EndUse,
           data: ReferenceData) -> Decision:
    node = chain[0]
    key = node.key.split("~")[0]
    list_source = data.list_source(node.jurisdiction, node.list_id)
    label = country_label(destination)
    decision = Decision(Licence.INDETERMINATE)
    regime = f" ({node.regime})" if node.regime else ""
    decision.reason(f"Annex I {node.code}{regime}")
    decision.cite(f"{node.code} is listed in Annex I", f"{list_source}, {node.code}")
    if node.reserved:
        decision.summary = f"{node.code} is not used in Annex I; nothing is controlled there."
        decision.needs_review = True
        return decision

    if destination in data.eu_members:
        if data.eu_annex_iv is None:
            decision.summary = "Transfer inside the Union: Annex IV is not loaded, so this cannot be decided."
            decision.needs_review = True
            return decision
        status, why = status_of(key, data.eu_annex_iv)
        decision.cite(why, data.source(EU_ANNEX_IV))
        if status == "yes":
            decision.licence = Licence.REQUIRED
            decision.summary = (f"Authorisation required for a transfer inside the Union: {node.code} is in Annex IV "
                                f"({REGULATION} Article 11(1)).")
            decision.cite("An authorisation is required for intra-Union transfers of Annex IV items",
                          f"{REGULATION}, Article 11(1)")
        elif status == "partial":
            decision.needs_review = True
            decision.summary = f"Transfer to {label} inside the Union: {why}; check Annex IV."
        else:
            decision.licence = Licence.NOT_REQUIRED
            decision.summary = (f"No authorisation needed for a transfer to {label} inside the Union: {node.code} is "
                                f"not in Annex IV ({REGULATION} Article 11(1)).")
            decision.cite("Only Annex IV items need an authorisation for intra-Union transfers",
                          f"{REGULATION}, Article 11(1)")
        return decision

    decision.cite("An authorisation is required for the export of dual-use items listed in Annex I",
                  f"{REGULATION}, Article 3(1)")
    if not data.eu_geas:
        decision.summary = (f"{node.code} needs an authorisation unless a Union general export authorisation covers "
                            f"it; Annex II is not loaded, so this cannot be decided.")
        decision.needs_review = True
        return decision

    gea_source = data.source(EU_GEA)
    covering: list[tuple[str, str]] = []  # general authorisations usable as they stand
    uncertain: list[str] = []
    blockers: list[str] = []
    for gea_id in sorted(data.eu_geas):
        gea = data.eu_geas[gea_id]
        kind, condition = gea_kind(gea)
        items, items_why = item_match(gea_id, gea, key, data)
        places, places_why = destination_match(gea_id, gea, destination, data)
        source = f"{gea_source}, {gea_id}"
        if items == "no" or places == "no":
            if kind == "general" and (gea_id == "EU001" or items != "no"):
                decision.cite(items_why if items == "no" else places_why, source)
            if kind == "general" and places == "yes":
                decision.cite(places_why, source)
                blockers.append(f"{gea_id} covers {label} but not this item ({items_why})")
            continue
        decision.cite(items_why, source)
        decision.cite(places_why, source)
        if kind == "transaction":
            decision.authorise(f"{gea_id} may apply if {condition}")
            continue
        if items == "partial" or places == "partial":
            uncertain.append(f"{gea_id} may cover it: {items_why if items == 'partial' else places_why}")
            decision.authorise(f"{gea_id} may apply: {items_why if items == 'partial' else places_why}")
            continue
        if kind == "conditional":
            uncertain.append(f"{gea_id} covers it only if {condition}")
            decision.authorise(f"{gea_id} may apply if {condition}")
            continue
        usable, why = _part3_blocks(gea, end_use)
        if usable == "blocked":
            decision.note(f"{gea_id} would cover {node.code} to {label}, but {why}.")
            decision.cite(f"{gea_id} Part 3: {why}", source)
            continue
        if usable == "uncertain":
            uncertain.append(f"{gea_id} covers {node.code} to {label}, but {why}")
            decision.authorise(f"{gea_id} may apply ({why})")
            continue
        covering.append((gea_id, str(gea.get("title", gea_id))))

    if covering:
        decision.licence = Licence.NOT_REQUIRED
        names = ", ".join(g for g, _ in covering)
        for gea_id, _title in covering:
            decision.authorise(f"{gea_id} (Union general export authorisation) covers {node.code} to {label}; "
                               "declare it in the customs declaration and register/notify as its Part 3 requires")
        decision.summary = (f"No individual licence needed: {node.code} to {label} is covered by {names} "
                            f"(Annex II), subject to its Part 3 conditions.")
        decision.note("A general authorisation cannot be used if the exporter knows or has been told of a WMD use "
                      "(Part 3 of each authorisation).")
        return decision
    if uncertain:
        decision.needs_review = True
        decision.summary = (f"An authorisation is required for {node.code} to {label} unless "
                            + "; ".join(uncertain) + ".")
        return decision
    decision.licence = Licence.REQUIRED
    decision.summary = (f"Licence required: {node.code} is an Annex I item and no Union general export "
                        f"authorisation covers {label} for it" + (": " + "; ".join(blockers) if blockers else "") + ".")
    return decision

"""The obligation check: "this item, from here to there — which countries' rules apply, and do I need a
licence?"

`check(items, export_from, destination, end_use, data, lookup)` returns one `JurisdictionResult` per
jurisdiction whose rules apply: the exporting country's regime (an EU Member State → "eu", GB → "uk",
JP → "jp", US → "us", AU → "au", CA → "ca"; any other country → an INDETERMINATE result saying its rules
are not imported), plus "us" when an item is US-classified or has a US counterpart (the EAR follows
US-origin items: re-export). In each jurisdiction the entries that apply are the item's own
classification there if given, else the crosswalk's counterparts. Only "given", "exact" and "close"
entries decide; any other relation, or no counterpart, gives INDETERMINATE (the catch-all may still
decide REQUIRED where it covers every possibility).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.countries import UnknownCountry, country_name
from obligations import eu, jp, other, us
from obligations.common import Decision, Lookup, chain, country_label, item_node
from obligations.data import ReferenceData
from obligations.model import Citation, Counterpart, EndUse, ItemRef, JurisdictionResult, Licence

__all__ = ["CheckRequest", "Lookup", "check", "check_batch", "regime_of", "summarise"]

SUPPORTED = ("us", "eu", "uk", "jp", "au", "ca")
REGIME_OF_COUNTRY = {"US": "us", "GB": "uk", "JP": "jp", "AU": "au", "CA": "ca"}
JURISDICTION_NAMES = {
    "us": "United States (EAR)",
    "eu": "European Union (Regulation 2021/821)",
    "uk": "United Kingdom",
    "jp": "Japan (外為法・輸出令)",
    "au": "Australia",
    "ca": "Canada",
}


def regime_of(country: str, data: ReferenceData) -> str | None:
    country = country.upper()
    if country in data.eu_members:
        return "eu"
    return REGIME_OF_COUNTRY.get(country)


def _country(value: str, field_name: str) -> str:
    code = (value or "").strip().upper()
    try:
        country_name(code)
    except UnknownCountry:
        raise ValueError(f"{field_name} must be an ISO 3166 alpha-2 country code, not {value!r}") from None
    return code


@dataclass
class _Found:
    ref: ItemRef
    entry: object | None  # EntryView


@dataclass
class CheckRequest:
    items: list[ItemRef]
    export_from: str
    destination: str
    end_use: EndUse = field(default_factory=EndUse)


def check(items: list[ItemRef], export_from: str, destination: str, end_use: EndUse | None,
          data: ReferenceData, lookup: Lookup) -> list[JurisdictionResult]:
    if not items:
        raise ValueError("at least one item classification is required")
    end_use = end_use or EndUse()
    origin = _country(export_from, "export_from")
    target = _country(destination, "destination")
    refs = [ItemRef(i.jurisdiction.strip().lower(), i.code.strip()) for i in items]
    for ref in refs:
        if not ref.jurisdiction or not ref.code:
            raise ValueError("every item needs a jurisdiction and a code")
    found = [_Found(ref, lookup.entry(ref.jurisdiction, ref.code)) for ref in refs]

    exporting = regime_of(origin, data)
    jurisdictions: list[str] = []
    results: list[JurisdictionResult] = []
    if exporting is None:
        results.append(JurisdictionResult(
            jurisdiction=origin.lower(),
            licence=Licence.INDETERMINATE,
            summary=f"The export control rules of {country_label(origin)} are not in the imported data; "
                    "whether a licence is needed there cannot be decided.",
            needs_review=True,
            citations=[Citation("No imported control list or country data for the exporting country",
                                "Harmonize reference data")],
        ))
    else:
        jurisdictions.append(exporting)
    us_classified = any(f.ref.jurisdiction == "us" for f in found)
    us_counterpart = (not us_classified) and any(
        f.entry is not None and lookup.counterparts(f.entry, "us") for f in found if f.ref.jurisdiction != "us"
    )
    into_us = False
    if (us_classified or us_counterpart) and "us" not in jurisdictions:
        if target == "US":
            into_us = True
        else:
            jurisdictions.append("us")

    for jurisdiction in jurisdictions:
        result = _check_jurisdiction(jurisdiction, found, origin, target, end_use, data, lookup)
        if jurisdiction == "us" and exporting != "us":
            if us_classified:
                result.notes.insert(0, f"Reexport from {country_label(origin)}: the EAR follows items subject to it "
                                       "(15 CFR 734.3); the Country Chart covers reexports as well as exports.")
            else:
                result.notes.insert(0, "The EAR applies here only if the item is subject to it (U.S.-origin, foreign-"
                                       "made with more than de minimis U.S. content, or a foreign direct product); "
                                       "this answer assumes it is.")
        if jurisdiction == "us" and target == "US":
            result.notes.append("Shipments into the United States are not exports or reexports under the EAR.")
        results.append(result)
    if into_us:
        for result in results:
            result.notes.append("No US result: shipments into the United States are not exports or reexports "
                                "under the EAR.")
    return results


def _entries_for(jurisdiction: str, found: list[_Found], lookup: Lookup) -> tuple[list[Counterpart], list[str]]:
    notes: list[str] = []
    given = [f for f in found if f.ref.jurisdiction == jurisdiction]
    if given:
        entries = []
        for f in given:
            if f.entry is None:
                notes.append(f"{jurisdiction.upper()} {f.ref.code} is not in the imported {jurisdiction.upper()} list.")
            else:
                entries.append(Counterpart(f.entry, "given", 1.0, "given"))  # type: ignore[arg-type]
        if entries:
            return entries, notes
    out: list[Counterpart] = []
    seen: set[tuple[str, str]] = set()
    for f in found:
        if f.ref.jurisdiction == jurisdiction:
            continue
        if f.entry is None:
            notes.append(f"{f.ref.jurisdiction.upper()} {f.ref.code} is not in the imported lists.")
            continue
        for counterpart in lookup.counterparts(f.entry, jurisdiction):  # type: ignore[arg-type]
            ident = (counterpart.entry.list_id, counterpart.entry.key)
            if ident not in seen:
                seen.add(ident)
                out.append(counterpart)
    return out, notes


def _decide(jurisdiction: str, entries: list, origin: str, target: str, end_use: EndUse, data: ReferenceData,
            lookup: Lookup) -> Decision:
    node_chain = chain(entries[0], lookup)
    start = node_chain.index(item_node(node_chain))
    node_chain = node_chain[start:]
    if jurisdiction == "us":
        return us.decide(node_chain, target, end_use, data)
    if jurisdiction == "eu":
        return eu.decide(node_chain, origin, target, end_use, data)
    if jurisdiction == "jp":
        return jp.decide(node_chain, target, end_use, data, lookup)
    return other.decide(jurisdiction, node_chain, target, data)


def _check_jurisdiction(jurisdiction: str, found: list[_Found], origin: str, target: str, end_use: EndUse,
                        data: ReferenceData, lookup: Lookup) -> JurisdictionResult:
    entries, notes = _entries_for(jurisdiction, found, lookup)
    result = JurisdictionResult(jurisdiction=jurisdiction, licence=Licence.INDETERMINATE, entries=entries)
    result.notes.extend(notes)
    if origin == target:
        result.summary = f"{country_label(origin)} is both the origin and the destination: this is not an export."
        result.needs_review = True
        return result
    if not entries:
        decision = _no_counterpart(jurisdiction, target, end_use, data)
        _apply(result, decision)
        return result

    decisive: list[tuple[Counterpart, Decision]] = []
    others: list[tuple[Counterpart, Decision]] = []
    for counterpart in entries:
        decision = _decide(jurisdiction, [counterpart.entry], origin, target, end_use, data, lookup)
        (decisive if counterpart.decisive else others).append((counterpart, decision))

    if decisive:
        licences = {d.licence for _, d in decisive}
        for counterpart, decision in decisive:
            _merge(result, decision)
        if len(licences) == 1:
            result.licence = licences.pop()
            result.summary = " ".join(dict.fromkeys(d.summary for _, d in decisive))
        else:
            result.licence = Licence.INDETERMINATE
            result.needs_review = True
            result.summary = ("The entries that apply disagree: "
                              + " ".join(f"{c.entry.code}: {d.summary}" for c, d in decisive))
        for counterpart, decision in others:
            result.notes.append(f"Also {counterpart.relation} match {counterpart.entry.code} "
                                f"(not used to decide): {decision.summary}")
        if result.licence == Licence.INDETERMINATE and jurisdiction == "jp":
            _jp_catch_all_override(result, target, end_use, data)
        return result

    # only non-decisive counterparts: INDETERMINATE, saying what each would mean
    for counterpart, decision in others:
        result.reasons.extend(r for r in decision.reasons if r not in result.reasons)
        for citation in decision.citations:
            if citation not in result.citations:
                result.citations.append(citation)
        result.notes.append(f"If the item falls within {counterpart.entry.code} ({counterpart.relation} match, "
                            f"confidence {counterpart.confidence:.2f}): {decision.summary}")
    result.licence = Licence.INDETERMINATE
    result.needs_review = True
    relations = ", ".join(sorted({c.relation for c, _ in others}))
    result.summary = (f"No exact or close counterpart in {jurisdiction.upper()} (only {relations} matches): "
                      "which entry applies, and so whether a licence is needed, cannot be decided.")
    if jurisdiction == "jp":
        _jp_catch_all_override(result, target, end_use, data)
    return result


def _jp_catch_all_override(result: JurisdictionResult, target: str, end_use: EndUse, data: ReferenceData) -> None:
    decision = jp.no_counterpart(target, end_use, data)
    if decision.licence == Licence.REQUIRED:
        result.notes.append(result.summary)
        _merge(result, decision)
        result.licence = Licence.REQUIRED
        result.summary = decision.summary
        result.needs_review = decision.needs_review


def _no_counterpart(jurisdiction: str, target: str, end_use: EndUse, data: ReferenceData) -> Decision:
    if jurisdiction == "jp":
        return jp.no_counterpart(target, end_use, data)
    decision = Decision(Licence.INDETERMINATE, needs_review=True)
    decision.summary = (f"No counterpart of the item in the {jurisdiction.upper()} list: whether it is listed there "
                        "cannot be decided from the crosswalk.")
    if jurisdiction == "eu":
        decision.cite("Catch-all for items not listed in Annex I (WMD; military end use under an arms embargo)",
                      "Regulation (EU) 2021/821, Article 4")
        if end_use.any():
            decision.note("If the item is not listed, Article 4 applies: an exporter aware of such an end use must "
                          "notify the competent authority, which decides whether an authorisation is required.")
    elif jurisdiction == "us" and end_use.any():
        decision.cite("End-use and end-user based controls", "15 CFR part 744")
    return decision


def _merge(result: JurisdictionResult, decision: Decision) -> None:
    for reason in decision.reasons:
        if reason not in result.reasons:
            result.reasons.append(reason)
    for authorisation in decision.authorisations:
        if authorisation not in result.authorisations:
            result.authorisations.append(authorisation)
    for citation in decision.citations:
        if citation not in result.citations:
            result.citations.append(citation)
    for note in decision.notes:
        if note not in result.notes:
            result.notes.append(note)
    result.needs_review = result.needs_review or decision.needs_review


def _apply(result: JurisdictionResult, decision: Decision) -> None:
    _merge(result, decision)
    result.licence = decision.licence
    result.summary = decision.summary


def summarise(results: list[JurisdictionResult]) -> str:
    """One plain-language paragraph over all results."""
    words = {
        Licence.REQUIRED: "licence required",
        Licence.NOT_REQUIRED: "no licence required",
        Licence.INDETERMINATE: "cannot be decided from the data",
    }
    parts = [f"{JURISDICTION_NAMES.get(r.jurisdiction, r.jurisdiction.upper())}: {words[r.licence]}"
             + (" (needs review)" if r.needs_review and r.licence != Licence.INDETERMINATE else "")
             for r in results]
    if not parts:
        return "No jurisdiction's rules could be checked."
    if any(r.licence == Licence.REQUIRED for r in results):
        lead = "A licence is needed."
    elif all(r.licence == Licence.NOT_REQUIRED for r in results):
        lead = "No licence is needed under the rules checked."
    else:
        lead = "Not decided: at least one jurisdiction's answer depends on facts the data does not hold."
    return lead + " " + "; ".join(parts) + "."


def check_batch(requests: list[CheckRequest], data: ReferenceData,
                lookup: Lookup) -> list[list[JurisdictionResult] | ValueError]:
    """Many checks; a bad request yields its ValueError in its place instead of failing the batch."""
    out: list[list[JurisdictionResult] | ValueError] = []
    for request in requests:
        try:
            out.append(check(request.items, request.export_from, request.destination, request.end_use, data, lookup))
        except ValueError as error:
            out.append(error)
    return out

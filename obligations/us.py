"""United States (EAR): an ECCN's reasons for control against the Commerce Country Chart (15 CFR 738
Supp. 1), with its footnotes, the embargoed rows (part 746) and the Country Groups (15 CFR 740 Supp. 1).

For each reason in the ECCN's "Reason for Control" table the scope is read against the item:

- definite: the reason's paragraphs cover the item (or "entire entry"), nothing in the scope is prose;
- conditional: it covers the item but the scope is prose ("when usable in missiles", "except those ...
  for use in civil telecommunications") — the data cannot say whether it applies: needs review;
- partial: it covers only some paragraphs inside the item (the item is broader than the scope);
- excluded: the scope's own exception names the item ("entire entry, except .e, .x, and .y");
- unknown: the scope resolves to no paragraph at all.

Each reason maps to its Country Chart column ("NS2"). Where the ECCN names no column, the chart cannot be
read for that reason (the CCL's cell may say "A license is required for ALL destinations, except Canada"
or "The Commerce Country Chart is not designed to determine AT license requirements for this entry"):
such a reason, and the reasons the chart does not cover (EI, CW, SS, SL, ...), leave the answer
INDETERMINATE unless another reason already requires a licence.
"""

from __future__ import annotations

import re
from typing import Any

from importers.countries import UnknownCountry, iso_code
from obligations.common import Decision, country_label, show, within
from obligations.data import US_CHART, US_FOOTNOTE, US_GROUP, ReferenceData
from obligations.model import EndUse, EntryView, Licence

CODE_RE = re.compile(r"(?<![\w.])(\d[A-Ea-e]\d{3})((?:\.[a-z0-9]{1,3})*)\.?")
SHORT_RE = re.compile(r"(?<![\w.])(\.[a-z]{1,2}(?:\.[a-z0-9]{1,3})*|[a-z]{1,2}(?:\.[a-z0-9]{1,3})+)(?!\w)")
ECCN_KEY = re.compile(r"^\d[a-e]\d{3}$")
COLUMN_IN_TEXT = r"\b{reason}\s+Column\s+(\d)\b"
EMBARGO_PART = "15 CFR part 746"

# words a scope may hold without being prose
_PLAIN = {
    "entire", "entry", "items", "item", "controlled", "control", "by", "in", "and", "or", "to", "the",
    "applies", "apply", "paragraph", "paragraphs", "eccn", "eccns", "all", "of", "only", "this", "a",
    "commodities", "column",
}


def _keys_in(text: str, eccn_key: str) -> list[str]:
    """Item keys named in a scope text: full codes, and short references ("b.3", ".e") under the ECCN."""
    keys: list[str] = []
    last_eccn = eccn_key
    position = 0
    while position < len(text):
        full = CODE_RE.search(text, position)
        short = SHORT_RE.search(text, position)
        if full is None and short is None:
            break
        if full is not None and (short is None or full.start() <= short.start()):
            key = (full.group(1) + full.group(2)).lower()
            last_eccn = full.group(1).lower()
            position = full.end()
        else:
            assert short is not None
            position = short.end()
            if short.group(1).lower() in ("e.g", "i.e", "e.g.", "i.e."):
                continue
            key = f"{last_eccn}.{short.group(1).lstrip('.')}"
        if key not in keys:
            keys.append(key)
    return keys


def _is_prose(text: str, reason_code: str) -> bool:
    stripped = CODE_RE.sub(" ", text)
    stripped = SHORT_RE.sub(" ", stripped)
    stripped = re.sub(r"\b[A-Z]{2}\s+Column\s+\d\b", " ", stripped)
    words = re.findall(r"[A-Za-z]+", stripped)
    return any(w.lower() not in _PLAIN and w != reason_code for w in words)


def reason_scope(reason: dict[str, Any], item_key: str, eccn_key: str) -> tuple[str, str]:
    """(scope, why) of one Reason for Control row for an item; see the module docstring."""
    applies = str(reason.get("applies_to") or "")
    code = str(reason.get("reason") or "")
    lower = applies.lower()
    split = re.search(r"\bexcept\b", applies, re.IGNORECASE)
    main, exception = (applies[: split.start()], applies[split.end():]) if split else (applies, "")
    # the importer's resolved paragraphs, plus full codes printed before any exception
    paragraphs = [str(p).lower() for p in reason.get("paragraphs") or []]
    for key in _keys_in(main, eccn_key):
        if ECCN_KEY.match(key.split(".")[0]) and key not in paragraphs:
            paragraphs.append(key)
    if "entire entry" in lower and eccn_key not in paragraphs:
        paragraphs.append(eccn_key)
    if not paragraphs:
        return "unknown", f"the scope {applies!r} names no paragraph"
    covering = [p for p in paragraphs if within(item_key, p)]
    inside = [p for p in paragraphs if within(p, item_key) and p != item_key]
    if covering:
        if exception:
            excepted = _keys_in(exception, eccn_key)
            if _is_prose(exception, code) or not excepted:
                return "conditional", f"applies to {show(item_key)} except as the scope says: {applies!r}"
            if any(within(item_key, x) for x in excepted):
                return "excluded", f"the scope {applies!r} excepts {show(item_key)}"
            if any(within(x, item_key) for x in excepted):
                return "partial", f"the scope {applies!r} excepts part of {show(item_key)}"
        if _is_prose(main, code):
            return "conditional", f"the scope is prose: {applies!r}"
        return "definite", f"{code} applies to {applies}"
    if inside:
        return "partial", f"{code} applies only to {', '.join(show(i) for i in inside)} within {show(item_key)}"
    return "unrelated", ""


def _cell_mark(cell: str, row: dict[str, Any], data: ReferenceData | None) -> str:
    """A chart cell that names no column, when the CCL row carries its text (reason["country_chart_text"])."""
    destination = str(row.get("iso") or "")
    if re.search(r"\bWorldwide control\b", cell, re.IGNORECASE):
        return "x"
    everywhere = re.search(r"license is required for ALL destinations(?:,? except ([A-Z][\w ]+?))?[,.]", cell,
                           re.IGNORECASE)
    if everywhere:
        if everywhere.group(1):
            try:
                if iso_code(everywhere.group(1).strip()) == destination:
                    return "no"
            except UnknownCountry:
                return "unknown"
        return "x"
    within_groups = re.match(r"To or within (.+?) of supplement no\. 1 to part 740", cell, re.IGNORECASE)
    if within_groups and data is not None:
        places = within_groups.group(1)
        groups = re.findall(r"Country Groups? ([A-E](?::\d)?)", places)
        names = [n.strip() for n in re.split(r",|\bor\b", re.sub(r"a destination specified in.*$", "", places))
                 if n.strip()]
        try:
            countries = {iso_code(n) for n in names}
        except UnknownCountry:
            return "unknown"
        if any(data.group_members(g) is None for g in groups):
            return "unknown"
        members = set().union(*(data.group_members(g) or set() for g in groups)) if groups else set()
        return "x" if destination in countries | members else "no"
    return "unknown"


def _column_mark(reason: dict[str, Any], row: dict[str, Any],
                 data: ReferenceData | None = None) -> tuple[str, str | None]:
    """("x" | "no" | "unknown" | "not_in_chart", column label) for a reason on a chart row."""
    code = str(reason.get("reason") or "")
    columns: dict[str, bool] = row.get("columns") or {}
    column = reason.get("country_chart_column")
    if not column:
        found = re.search(COLUMN_IN_TEXT.format(reason=re.escape(code)), str(reason.get("applies_to") or ""))
        if found:
            column = f"{code}{found.group(1)}"
    if column and column in columns:
        return ("x" if columns[column] else "no"), column
    cell = str(reason.get("country_chart_text") or "")
    if cell:
        return _cell_mark(cell, row, data), None
    # No column named: the CCL's chart cell may say anything ("A license is required for ALL destinations,
    # except Canada ..."; "The Commerce Country Chart is not designed to determine AT license requirements
    # for this entry"), so the chart cannot be read for this reason.
    return "not_in_chart", column


def split_reasons(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows the source ran together ("NP applies to entire entry AT applies to entire entry") as separate
    reasons; the added ones carry no chart column (the cell that named it was merged too)."""
    out: list[dict[str, Any]] = []
    for reason in reasons:
        applies = str(reason.get("applies_to") or "")
        parts = re.split(r"\s+(?=[A-Z]{2,3} applies to\b)", applies)
        if len(parts) == 1:
            out.append(reason)
            continue
        out.append({**reason, "applies_to": parts[0].strip()})
        for part in parts[1:]:
            match = re.match(r"([A-Z]{2,3}) applies to\s+(.*)$", part.strip())
            if match:
                out.append({"reason": match.group(1), "applies_to": match.group(2), "country_chart_column": None,
                            "paragraphs": []})
    return out


# ------------------------------------------------------------------------------------- footnotes


def _segments(text: str) -> list[str]:
    """The comma-separated parts of a footnote's list, parentheses kept together."""
    body = text.split(":", 1)[1] if ":" in text else text
    parts, depth, current = [], 0, []
    for char in body:
        depth += char == "("
        depth -= char == ")"
        if char in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def footnote_effect(
    number: str, text: str, item_key: str, eccn_key: str, chain_text: str, country_name: str
) -> tuple[str, str]:
    """What a row footnote means for an item: ("redirect", alpha2) / ("required", why) / ("review", why) /
    ("info", why)."""
    redirect = re.search(r"Refer to (.+?) for licensing requirements for", text)
    if redirect:
        try:
            return "redirect", iso_code(redirect.group(1).strip())
        except UnknownCountry:
            return "review", f"footnote {number} refers to {redirect.group(1)!r}, which is not a known country"
    if re.search(r"any ECCN on the CCL", text):
        return "required", f"footnote {number}: additional license requirements for items listed in any ECCN on the CCL"
    codes = [m for m in CODE_RE.finditer(text)]
    if re.search(r"\blicen[cs]e is (?:still )?required\b", text, re.IGNORECASE) and codes:
        for segment in _segments(text[codes[0].start():] if ":" not in text else text):
            keys = _keys_in(re.split(r"\bexcept\b", segment)[0], eccn_key)
            keys = [k for k in keys if ECCN_KEY.match(k.split(".")[0])]
            if not any(within(item_key, k) or within(k, item_key) for k in keys):
                continue
            qualifier = segment
            qualifier = re.sub(r"\bfor [A-Z]{2} column \d reasons\b", " ", qualifier, flags=re.IGNORECASE)
            qualifier = re.sub(r"\bwhen destined to [A-Z][\w ]*", " ", qualifier)
            excepted: list[str] = []
            if re.search(r"\bexcept\b", qualifier):
                head, _, tail = re.split(r"\b(except)\b", qualifier, maxsplit=1)
                tail = re.sub(r"^\s*for\b", " ", tail.strip(" ()"))
                excepted = _keys_in(tail, eccn_key)
                if _is_prose(tail, "") or not excepted:
                    return "review", f"footnote {number} names {show(item_key)} with a condition: {segment!r}"
                qualifier = head
            if any(within(item_key, x) for x in excepted):
                continue
            exact = any(within(item_key, k) for k in keys)
            if exact and not _is_prose(qualifier.replace("ECCNs", ""), "") and not any(
                within(x, item_key) for x in excepted
            ):
                return "required", f"footnote {number}: a license is required for {segment.strip(' .')}"
            return "review", f"footnote {number} names {show(item_key)} with a condition: {segment!r}"
        return "info", f"Footnote {number} names other ECCNs, not {show(item_key)}"
    general = re.search(
        r"all items subject to the EAR|not included in the Country Chart|Sanctions", text, re.IGNORECASE
    )
    if general:
        return "review", f"footnote {number}: {text}"
    if codes:
        if any(within(item_key, m.group(1).lower()) or m.group(1).lower() == eccn_key for m in codes):
            return "review", f"footnote {number}: {text}"
        return "info", f"Footnote {number} ({text[:70]}...) does not concern {show(eccn_key)}"
    topic = re.search(r"(?:of|for) certain ([a-z][a-z ]+?)(?: to these countries|\.|$)", text)
    if topic:
        head = topic.group(1).split()[-1].rstrip("s")
        if head and head in chain_text:
            return "review", f"footnote {number}: {text}"
        return "info", f"Footnote {number} concerns {topic.group(1)}, which {show(eccn_key)} does not name"
    return "review", f"footnote {number}: {text}"


# ------------------------------------------------------------------------------------- decision


def _exceptions(eccn: EntryView, item_key: str, destination: str, data: ReferenceData) -> list[str]:
    """License exceptions the ECCN lists that may serve this item and destination (never decisive)."""
    found: list[str] = []
    listed = eccn.attributes.get("license_exceptions") or {}
    if not isinstance(listed, dict):
        return found
    groups = set(data.us_groups_of(destination))
    for name, text in listed.items():
        text = str(text).strip()
        if not text or text.upper().startswith("N/A"):
            continue
        if text.lower().startswith("yes"):
            named = [k for k in _keys_in(text, eccn.key) if ECCN_KEY.match(k.split(".")[0])]
            if named and not any(within(item_key, k) or within(k, item_key) for k in named):
                continue  # granted only for other paragraphs
        short = text if len(text) <= 160 else text[:157] + "..."
        if name in ("LVS", "GBS"):
            if "B" in groups:
                found.append(f"License Exception {name} may apply ({short}); {destination} is in Country Group B")
        elif name == "STA":
            if "A:5" in groups or "A:6" in groups:
                group = "A:5" if "A:5" in groups else "A:6"
                found.append(f"License Exception STA may apply ({short}); {destination} is in Country Group {group}")
        else:
            found.append(f"License Exception {name} may apply, subject to part 740: {short}")
    return found


def decide(
    chain: list[EntryView], destination: str, end_use: EndUse, data: ReferenceData
) -> Decision:
    node = chain[0]
    item_key = node.key.split("~")[0]
    eccn = next((e for e in chain if ECCN_KEY.match(e.key)), None)
    ccl_source = data.list_source(node.jurisdiction, node.list_id)
    if eccn is None:
        return Decision(
            Licence.INDETERMINATE,
            summary=f"{node.code} is not inside an ECCN, so no reasons for control can be read.",
            needs_review=True,
        )
    eccn_key = eccn.key
    decision = Decision(Licence.INDETERMINATE)
    if node.reserved:
        decision.summary = f"{node.code} is a reserved slot: the CCL controls nothing there."
        decision.needs_review = True
        decision.cite(f"{node.code} [Reserved]", f"{ccl_source}, ECCN {eccn.code}")
        return decision
    if not data.us_chart:
        decision.summary = "The Commerce Country Chart is not loaded, so the US answer cannot be decided."
        decision.needs_review = True
        return decision

    row = data.us_chart.get(destination)
    chart_source = data.source(US_CHART)
    footnote_source = data.source(US_FOOTNOTE)
    redirected_from = None
    chain_text = " ".join(f"{e.title} {e.text}" for e in chain).lower()
    if row is not None:
        for number in row.get("footnotes") or []:
            text = data.us_footnotes.get(str(number), "")
            kind, value = footnote_effect(str(number), text, item_key, eccn_key, chain_text, "")
            if kind == "redirect" and value in data.us_chart and value != destination:
                redirected_from = row
                decision.cite(
                    f"Footnote {number} to {row.get('name_as_printed', destination)}: {text}",
                    f"{footnote_source}, footnote {number}",
                )
                row = data.us_chart[value]
                break
    if row is None:
        decision.summary = f"The Commerce Country Chart has no row for {country_label(destination)}."
        decision.needs_review = True
        return decision
    name = row.get("name_as_printed") or destination
    row_source = f"{chart_source}, country-chart row {name}"
    if redirected_from is not None:
        decision.note(f"{redirected_from.get('name_as_printed')} follows the row for {name} (footnote).")

    # reasons for control, from the ECCN (and any node of the chain that carries its own)
    reasons: list[dict[str, Any]] = []
    for entry in chain:
        reasons.extend(split_reasons(list(entry.reasons or [])))
    if not reasons:
        decision.summary = f"{eccn.code} has no Reason for Control in the imported CCL."
        decision.needs_review = True
        decision.cite(f"{eccn.code}: no Reason for Control table", f"{ccl_source}, ECCN {eccn.code}")
        return decision

    if row.get("embargoed"):
        decision.licence = Licence.REQUIRED
        decision.reason(f"{name} is an embargoed destination (Country Chart row points to part 746)")
        decision.cite(f"Country Chart row {name}: {row.get('text', '')}", row_source)
        groups = [g for g in data.us_groups_of(destination) if g.startswith("E")]
        for group in groups:
            decision.cite(
                f"{name} is in Country Group {group} ({data.us_groups[group].get('title', '')})",
                f"{data.source(US_GROUP)}, Country Group {group}",
            )
        decision.summary = (
            f"Licence required: {name} is an embargoed destination; the Country Chart sends every export or "
            f"reexport there to {EMBARGO_PART}, under which items on the CCL ({node.code}) need a licence."
        )
        decision.note("License exceptions are largely unavailable for embargoed destinations (part 746, § 740.2).")
        return decision

    required: list[str] = []
    open_questions: list[str] = []
    cleared: list[str] = []
    for reason in reasons:
        code = str(reason.get("reason") or "?")
        scope, why = reason_scope(reason, item_key, eccn_key)
        if scope in ("unrelated", "excluded"):
            if scope == "excluded":
                decision.note(f"{code}: {why}")
            continue
        mark, column = _column_mark(reason, row, data)
        label = column or code
        applies = str(reason.get("applies_to") or "")
        reason_cite = (f"{eccn.code} Reason for Control: {code} applies to {applies}"
                       + (f" ({column})" if column else ""))
        if mark == "not_in_chart":
            row_notes = " ".join(data.us_footnotes.get(str(n), "") for n in row.get("footnotes") or [])
            if code == "UN" and "United Nations" not in row_notes:
                decision.note(f"UN applies only to destinations under United Nations sanctions (§ 746.1(b)); "
                              f"the row for {name} has no such footnote.")
                continue
            if code.lower().startswith("russian industry sector") and "Russian Industry Sector" not in row_notes:
                decision.note(f"{code} applies only to the destinations of § 746.5; the row for {name} has no "
                              "such footnote.")
                continue
            open_questions.append(f"{code} ({applies}) is not decided by the Country Chart")
            decision.cite(reason_cite, f"{ccl_source}, ECCN {eccn.code}")
            decision.reason(f"{code} ({applies}; not a Country Chart column)")
            continue
        decision.reason(f"{label} ({applies})" if scope == "definite" else f"{label} ({scope}: {applies})")
        decision.cite(reason_cite, f"{ccl_source}, ECCN {eccn.code}")
        if column is None and mark in ("x", "no"):  # decided by the CCL's own chart cell, not a column
            cell = str(reason.get("country_chart_text"))
            verdict = "covers" if mark == "x" else "does not cover"
            decision.cite(f"{eccn.code} {code}: “{cell}” — {verdict} {name}", f"{ccl_source}, ECCN {eccn.code}")
            if re.search(r"Country Group", cell):
                decision.cite(f"Country Group membership of {name}", data.source(US_GROUP))
            if mark == "x" and scope == "definite":
                required.append(f"{code} ({cell})")
            elif mark == "x":
                open_questions.append(f"{code} ({cell}) but {why}")
            elif scope == "definite":
                cleared.append(code)
            continue
        if mark == "x":
            text = f"{label} ✕ for {name} ({row.get('iso', destination)}) in the Commerce Country Chart"
            decision.cite(text, row_source)
            if scope == "definite":
                required.append(label)
            else:
                open_questions.append(f"{label} has ✕ for {name} but {why}")
        elif mark == "no":
            decision.cite(f"{label}: no ✕ for {name} ({row.get('iso', destination)}) in the Commerce Country Chart",
                          row_source)
            if scope == "definite":
                cleared.append(label)
        else:
            open_questions.append(f"{label}: the chart cell ({reason.get('country_chart_text')!r}) cannot be read "
                                  f"for {name}")

    # footnotes of the row
    footnote_required: list[str] = []
    for number in row.get("footnotes") or []:
        text = data.us_footnotes.get(str(number), "")
        kind, value = footnote_effect(str(number), text, item_key, eccn_key, chain_text, name)
        if kind == "redirect":
            continue
        source = f"{footnote_source}, footnote {number}"
        if kind == "required":
            footnote_required.append(value)
            decision.cite(f"Footnote {number} to {name}: {text}", source)
        elif kind == "review":
            open_questions.append(value)
            decision.cite(f"Footnote {number} to {name}: {text}", source)
        else:
            decision.note(value)

    if required or footnote_required:
        decision.licence = Licence.REQUIRED
        why = []
        if required:
            why.append(f"{node.code} is controlled for {', '.join(required)} and {name} has an ✕ there")
        if footnote_required:
            why.extend(footnote_required)
        decision.summary = "Licence required: " + "; ".join(why) + "."
        for exception in _exceptions(eccn, item_key, row.get("iso", destination), data):
            decision.authorise(exception)
        if open_questions:
            decision.notes.extend(q for q in open_questions if q not in decision.notes)
        return decision
    if open_questions:
        decision.licence = Licence.INDETERMINATE
        decision.needs_review = True
        decision.summary = (f"Cannot decide from the Country Chart for {node.code} to {name}: "
                            + "; ".join(open_questions) + ".")
        return decision
    if end_use.any():
        decision.licence = Licence.INDETERMINATE
        decision.needs_review = True
        decision.summary = (
            f"No Country Chart ✕ for {node.code} to {name}, but with {', '.join(end_use.named())} the end-use and "
            "end-user controls of 15 CFR part 744 (not in the imported data) may require a licence."
        )
        decision.cite("End-use and end-user based controls (WMD, military end use, Entity List)",
                      "15 CFR part 744")
        return decision
    if not cleared:
        decision.summary = f"No reason for control of {eccn.code} could be placed on the Country Chart for {node.code}."
        decision.needs_review = True
        return decision
    decision.licence = Licence.NOT_REQUIRED
    decision.summary = (
        f"No licence required under the Country Chart: {node.code} is controlled for {', '.join(cleared)}, "
        f"and {name} has no ✕ in {'that column' if len(cleared) == 1 else 'those columns'}."
    )
    return decision

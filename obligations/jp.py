"""Japan (外為法 / 輸出貿易管理令): each row (項) of 別表第一 names its goods (中欄) and the regions (下欄)
for which their export needs a licence. Rows 1–15 read "全地域" (every destination); row 16, the catch-all,
reads "全地域（別表第三に掲げる地域を除く。）" (everywhere but the 別表第三 "Group A" countries) and needs a
licence only when the exporter knows or is told of a WMD or military use (輸出令第4条第1項第三号).

A 貨物等省令 entry belongs to the row its article answers for (attributes["answers_for"], e.g. 第6条 →
別表第一の七の項). The regions are read from the row entry's attributes["regions"].
"""

from __future__ import annotations

import re

from obligations.common import Decision, Lookup, country_label
from obligations.data import JP_ARMS_EMBARGO, JP_GROUP_A, ReferenceData
from obligations.model import EndUse, EntryView, Licence

ALL_REGIONS = "全地域"
EXCEPT_TABLE = re.compile(r"^全地域[（(](別表第[一二三四五六七八九十]+(?:の[一二三四五六七八九十]+)?)に掲げる地域を除く。?[）)]$")
TABLE_TO_SET = {"別表第三": JP_GROUP_A}
LAW = "輸出貿易管理令 (Export Trade Control Order)"


def row_code(row: str) -> str:
    """"7" → "7の項", "3-2" → "3の2の項"."""
    return row.replace("-", "の") + "の項"


def table1_row(chain: list[EntryView], lookup: Lookup) -> tuple[str | None, EntryView | None]:
    """(row key such as "7" or "16", the 別表第一 row entry if found) for a JP entry."""
    top = chain[-1]
    if top.list_id == "export-order-table-1" or re.fullmatch(r"\d+(?:-\d+)?", top.key):
        return top.key, top
    for entry in reversed(chain):
        for answer in entry.attributes.get("answers_for") or []:
            if answer.get("table") == "別表第一" and answer.get("row"):
                row = str(answer["row"])
                return row, lookup.entry("jp", row_code(row))
    return None, None


def catch_all(destination: str, end_use: EndUse, data: ReferenceData, decision: Decision, source: str) -> None:
    """Fill `decision` for the row-16 catch-all (everywhere but 別表第三)."""
    label = country_label(destination)
    group_a_source = data.source(JP_GROUP_A)
    if data.jp_group_a is None:
        decision.summary = "別表第三 (Group A) is not loaded, so the catch-all cannot be decided."
        decision.needs_review = True
        return
    if destination in data.jp_group_a:
        decision.licence = Licence.NOT_REQUIRED
        decision.cite(f"{label} is listed in 別表第三 (Group A): the catch-all of 別表第一 16の項 does not apply",
                      group_a_source)
        decision.summary = (f"No licence required: the catch-all (別表第一 16の項) excludes the 別表第三 (Group A) "
                            f"countries, and {label} is one of them.")
        return
    decision.cite(f"{label} is not listed in 別表第三 (Group A), so the catch-all of 別表第一 16の項 applies there",
                  group_a_source)
    if not end_use.any():
        decision.licence = Licence.NOT_REQUIRED
        decision.summary = (f"No licence required unless you know or are informed by METI of a WMD or military use: "
                            f"the catch-all (別表第一 16の項) applies to {label} only on such knowledge or notice.")
        decision.note("Catch-all: a licence is needed once METI informs the exporter (インフォーム要件) or the exporter "
                      "learns of a WMD or military end use (客観要件).")
        return
    decision.licence = Licence.REQUIRED
    flags = ", ".join(end_use.named())
    embargo = data.jp_arms_embargo or frozenset()
    if end_use.military and not end_use.wmd and not end_use.end_user_of_concern:
        if destination in embargo:
            decision.cite(f"{label} is listed in 別表第三の二 (UN arms embargo): the conventional-arms catch-all "
                          "applies on knowledge of a military end use", data.source(JP_ARMS_EMBARGO))
        else:
            decision.needs_review = True
            decision.note(f"{label} is neither Group A nor in 別表第三の二: for a military end use there, the "
                          "catch-all covers the goods METI designates or tells the exporter about; confirm.")
    decision.summary = (f"Licence required: the catch-all (別表第一 16の項) applies to {label} (not Group A) "
                        f"with {flags}.")


def decide(chain: list[EntryView], destination: str, end_use: EndUse, data: ReferenceData,
           lookup: Lookup) -> Decision:
    node = chain[0]
    label = country_label(destination)
    decision = Decision(Licence.INDETERMINATE)
    list_source = data.list_source(node.jurisdiction, node.list_id)
    row, row_entry = table1_row(chain, lookup)
    if row is None:
        decision.summary = f"{node.code}: the 別表第一 row it belongs to cannot be found."
        decision.needs_review = True
        return decision
    table_source = data.list_source("jp", "export-order-table-1")
    regime = f" ({node.regime})" if node.regime else ""
    decision.reason(f"別表第一 {row_code(row)}: {node.code}{regime}")
    if node.list_id != "export-order-table-1":
        decision.cite(f"{node.code} specifies goods of 別表第一 {row_code(row)}", f"{list_source}, {node.code}")
    elif node.key != row:
        decision.cite(f"{node.code} {node.title or node.text[:40]} is listed in 別表第一 {row_code(row)}",
                      f"{list_source}, {node.code}")
    regions = str((row_entry.attributes if row_entry else {}).get("regions") or "")
    if not regions:
        decision.summary = f"The regions column of 別表第一 {row_code(row)} is not in the imported data."
        decision.needs_review = True
        return decision
    where = f"{table_source}, {row_code(row)}"
    decision.cite(f"別表第一 {row_code(row)}: 地域 {regions}", where)
    if node.reserved:
        decision.summary = f"{node.code} is deleted or not used."
        decision.needs_review = True
        return decision
    if regions == ALL_REGIONS:
        decision.licence = Licence.REQUIRED
        decision.summary = (f"Licence required: {node.code} is a 別表第一 {row_code(row)} item, which needs a licence "
                            f"for every destination ({regions}), {label} included.")
        decision.note("METI's bulk licences (包括許可) may be available to registered exporters; they are licences too.")
        return decision
    excepted = EXCEPT_TABLE.match(regions)
    if excepted and TABLE_TO_SET.get(excepted.group(1)) == JP_GROUP_A:
        catch_all(destination, end_use, data, decision, where)
        return decision
    decision.summary = f"The regions of 別表第一 {row_code(row)} ({regions}) are not understood."
    decision.needs_review = True
    return decision


def no_counterpart(destination: str, end_use: EndUse, data: ReferenceData) -> Decision:
    """No decisive JP entry: only the catch-all can decide (and only towards REQUIRED)."""
    decision = Decision(Licence.INDETERMINATE)
    label = country_label(destination)
    if end_use.any() and data.jp_group_a is not None and destination not in data.jp_group_a:
        catch_all(destination, end_use, data, decision, "")
        decision.summary = (f"Licence required whatever its JP classification: a 別表第一 1–15 item needs a licence "
                            f"everywhere, and any other goods fall under the catch-all (16の項) for {label} with "
                            f"{', '.join(end_use.named())}.")
        decision.note("The catch-all covers goods of 関税定率法 chapters 25–40, 54–59, 63, 68–93 and 95 (16の項); "
                      "technology falls under the 外国為替令 catch-all.")
        return decision
    decision.needs_review = True
    decision.summary = ("No decisive counterpart in 別表第一: whether Japan lists the item cannot be decided from the "
                        "crosswalk.")
    if data.jp_group_a is not None and destination in data.jp_group_a:
        decision.note(f"{label} is in 別表第三 (Group A): the catch-all does not apply there.")
    return decision

"""The reference data the obligation check reads, built from reference rows exactly as the importers
produce them (`ReferenceRecord.table` / `.key` / `.data`), with where each table came from for citations.

Tables read (all optional; a missing table makes the answers that need it INDETERMINATE, never a guess):

- "us_country_chart"          importers/ecfr.py   key ISO alpha-2; {name_as_printed, footnotes, embargoed,
                                                   columns {"NS1": bool, ...}, text, location}
- "us_country_chart_footnote" importers/ecfr.py   key footnote number; {text}
- "us_country_group"          importers/ecfr.py   key "A:1", "B", ...; {title, members, notes, reserved}
- "eu_general_authorisation"  importers/eu_annex.py key "EU001".."EU008"; see eu_annex.parse_gea
- "eu_annex_iv"               obligations/annex_iv.py (from the printed Annex IV text); when absent, the
                              copy in obligations/data/eu_annex_iv.tsv (made from the same text) is used
- "jp_group_a"                importers/egov_xml.py key ISO alpha-2 (別表第三)
- "jp_arms_embargo"           importers/egov_xml.py key ISO alpha-2 (別表第三の二)
- "jp_table_4"                importers/egov_xml.py key ISO alpha-2 (別表第四)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from obligations.annex_iv import ANNEX_IV_TITLE, annex_iv_rows

DATA_DIR = Path(__file__).with_name("data")

US_CHART = "us_country_chart"
US_FOOTNOTE = "us_country_chart_footnote"
US_GROUP = "us_country_group"
EU_GEA = "eu_general_authorisation"
EU_ANNEX_IV = "eu_annex_iv"
JP_GROUP_A = "jp_group_a"
JP_ARMS_EMBARGO = "jp_arms_embargo"
JP_TABLE_4 = "jp_table_4"

# What each table is, for citations when the caller gives no source (no version date then).
DEFAULT_SOURCES = {
    US_CHART: "15 CFR 738 Supp. 1 (Commerce Country Chart)",
    US_FOOTNOTE: "15 CFR 738 Supp. 1 (Commerce Country Chart), footnotes",
    US_GROUP: "15 CFR 740 Supp. 1 (Country Groups)",
    EU_GEA: "Regulation (EU) 2021/821 Annex II (Union general export authorisations)",
    EU_ANNEX_IV: "Annex IV to Regulation (EC) No 428/2009 as printed in the UK Strategic Export Control List "
    "(the EU dataset has no Annex IV)",
    JP_GROUP_A: "輸出貿易管理令 別表第三",
    JP_ARMS_EMBARGO: "輸出貿易管理令 別表第三の二",
    JP_TABLE_4: "輸出貿易管理令 別表第四",
    "eu_member_states": "obligations/data/eu_member_states.tsv (the 27 EU Member States)",
    # control lists, keyed "list:<jurisdiction>/<list_id>"
    "list:us/ccl": "15 CFR 774 Supp. 1 (Commerce Control List)",
    "list:eu/annex-i": "Regulation (EU) 2021/821 Annex I",
    "list:uk/secl": "UK Strategic Export Control List",
    "list:jp/export-order-table-1": "輸出貿易管理令 別表第一",
    "list:jp/goods-order": "貨物等省令",
    "list:au/dsgl": "Australian Defence and Strategic Goods List",
    "list:ca/ecl": "Canada Export Control List (SOR/89-202)",
}


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def eu_member_states() -> frozenset[str]:
    return frozenset(row["alpha2"] for row in _read_tsv(DATA_DIR / "eu_member_states.tsv"))


ANNEX_IV_FALLBACK = DATA_DIR / "eu_annex_iv.tsv"


@cache
def annex_iv_fallback() -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    if ANNEX_IV_FALLBACK.exists():
        for row in _read_tsv(ANNEX_IV_FALLBACK):
            data: dict[str, Any] = {"status": row["status"]}
            if row.get("printed"):
                data["printed"] = row["printed"]
            if row["status"] == "category":
                data["category"] = row["key"].removeprefix("category-")
            rows[row["key"]] = data
    return rows


def write_annex_iv_fallback(rows: dict[str, dict[str, Any]], path: Path = ANNEX_IV_FALLBACK) -> None:
    lines = [
        "# Annex IV as printed in the UK Strategic Export Control List (16 Dec 2025), read by",
        "# obligations/annex_iv.py; regenerate with `python -m obligations.annex_iv <uk list pdf>`.",
        "key\tstatus\tprinted",
    ]
    for key in sorted(rows):
        row = rows[key]
        printed = str(row.get("printed", "")).replace("\t", " ").replace("\n", " ")
        lines.append(f"{key}\t{row['status']}\t{printed}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class ReferenceData:
    us_chart: dict[str, dict[str, Any]] = field(default_factory=dict)
    us_footnotes: dict[str, str] = field(default_factory=dict)
    us_groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    eu_geas: dict[str, dict[str, Any]] = field(default_factory=dict)
    eu_annex_iv: dict[str, dict[str, Any]] | None = None
    jp_group_a: frozenset[str] | None = None
    jp_arms_embargo: frozenset[str] | None = None
    jp_table_4: frozenset[str] | None = None
    sources: dict[str, str] = field(default_factory=dict)
    eu_members: frozenset[str] = field(default_factory=eu_member_states)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_tables(
        cls, tables: dict[str, dict[str, dict[str, Any]]], sources: dict[str, str] | None = None
    ) -> ReferenceData:
        """tables: table name → {row key → row data}; sources: table name → "title (version date)"."""
        sources = dict(sources or {})

        def countries(name: str) -> frozenset[str] | None:
            rows = tables.get(name)
            return frozenset(k.upper() for k in rows) if rows else None

        annex_iv = tables.get(EU_ANNEX_IV) or None
        if annex_iv is None:
            fallback = annex_iv_fallback()
            if fallback:
                annex_iv = fallback
                sources.setdefault(EU_ANNEX_IV, DEFAULT_SOURCES[EU_ANNEX_IV] + ", copy in obligations/data/eu_annex_iv.tsv")
        return cls(
            us_chart={k.upper(): v for k, v in (tables.get(US_CHART) or {}).items()},
            us_footnotes={str(k): str(v.get("text", "")) for k, v in (tables.get(US_FOOTNOTE) or {}).items()},
            us_groups=dict(tables.get(US_GROUP) or {}),
            eu_geas=dict(tables.get(EU_GEA) or {}),
            eu_annex_iv=annex_iv,
            jp_group_a=countries(JP_GROUP_A),
            jp_arms_embargo=countries(JP_ARMS_EMBARGO),
            jp_table_4=countries(JP_TABLE_4),
            sources=sources,
        )

    @classmethod
    def from_parsed(cls, parsed_lists: Iterable[Any]) -> ReferenceData:
        """From importer `ParsedList`s (reference rows, plus Annex IV from the UK list's texts)."""
        tables: dict[str, dict[str, dict[str, Any]]] = {}
        sources: dict[str, str] = {}
        for parsed in parsed_lists:
            version = parsed.version_date.isoformat()
            descriptor = parsed.descriptor
            list_key = f"list:{descriptor.jurisdiction}/{descriptor.list_id}"
            if parsed.entries:
                sources.setdefault(list_key, f"{DEFAULT_SOURCES.get(list_key, descriptor.title)}, version {version}")
            for record in parsed.reference:
                tables.setdefault(record.table, {})[record.key] = record.data
                sources.setdefault(record.table, f"{DEFAULT_SOURCES.get(record.table, descriptor.title)}, "
                                                 f"version {version}")
            for text in parsed.texts:
                if ANNEX_IV_TITLE in text.title and parsed.descriptor.jurisdiction == "uk":
                    tables[EU_ANNEX_IV] = annex_iv_rows(text.text)
                    sources[EU_ANNEX_IV] = (
                        f"Annex IV as printed in {parsed.descriptor.title} ({parsed.version_date.isoformat()}); "
                        "the EU dataset has no Annex IV"
                    )
        return cls.from_tables(tables, sources)

    # ------------------------------------------------------------------ reading

    def source(self, table: str) -> str:
        return self.sources.get(table) or DEFAULT_SOURCES.get(table, table)

    def list_source(self, jurisdiction: str, list_id: str) -> str:
        key = f"list:{jurisdiction}/{list_id}"
        return self.sources.get(key) or DEFAULT_SOURCES.get(key) or f"{jurisdiction.upper()} list {list_id}"

    def group_members(self, code: str) -> set[str] | None:
        group = self.us_groups.get(code)
        if group is None:
            return None
        return set(group.get("members") or [])

    def us_groups_of(self, country: str) -> list[str]:
        return [code for code, group in self.us_groups.items() if country in (group.get("members") or [])]

"""Annex IV (the dual-use items whose transfer inside the Union needs an authorisation, and which no Union
general export authorisation covers) as reference rows.

The EU dataset in the corpus has no Annex IV. The only printed Annex IV in the corpus is the one in the UK
Strategic Export Control List ("Dual-Use List (Annex IV to Regulation (EC) No 428/2009)"), a text the
uk_pdf importer keeps as a list-level text. It is read here into table "eu_annex_iv":

- key "category-<n>", status "category": "All Category <n> of Annex I is included in Annex IV";
- key "<entry code>", status "not_included": an exception to that rule ("0C001: this item is not included");
- key "<entry code>", status "conditional": included only in part or on a condition ("0C003 only if ...");
- key "<entry code>", status "mentioned": any other entry the Annex IV text names. Annex IV often lists
  only part of an entry (e.g. "6A001 Acoustics, limited to the following: 6A001.a.1.b ..."), and the
  text names entries by reference too, so a mention means "may be in Annex IV", never "is".

An entry the text does not name at all is not in Annex IV (Annex IV is a subset of Annex I and names every
entry it takes). `status_of()` answers that question for an Annex I key.
"""

from __future__ import annotations

import re
from typing import Any

ENTRY_CODE = re.compile(r"(?<![\w.])(\d[A-E]\d{3})(?!\d)")
CATEGORY_RULE = re.compile(r"All Category (\d) of Annex I is included in Annex IV(?:, subject to the following:)?")
ANNEX_IV_TITLE = "Annex IV"


def annex_iv_rows(text: str) -> dict[str, dict[str, Any]]:
    """Rows of table "eu_annex_iv" from the printed Annex IV text."""
    rows: dict[str, dict[str, Any]] = {}
    for match in ENTRY_CODE.finditer(text):
        rows.setdefault(match.group(1), {"status": "mentioned"})
    for rule in CATEGORY_RULE.finditer(text):
        category = rule.group(1)
        rows[f"category-{category}"] = {"status": "category", "category": category, "printed": rule.group(0)}
        # the "— <code>: ..." clauses that follow, up to the first code of another category
        for clause in re.finditer(r"—\s*(\d[A-E]\d{3})\b([^—]*)", text[rule.end():]):
            code, body = clause.group(1), clause.group(2)
            if not code.startswith(category):
                break
            body = re.split(r"(?<=\.)\s+\d[A-E]\d{3}\s", body)[0].strip()
            plain_exclusion = re.search(r"is not included in Annex IV\.?$", body) is not None
            rows[code] = {
                "status": "not_included" if plain_exclusion else "conditional",
                "printed": (code + ("" if body.startswith(":") else " ") + body).strip(),
            }
    return rows


def status_of(key: str, rows: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """("yes" | "partial" | "no", why) for an Annex I key such as "3a001.a.2" or "0b001"."""
    entry = key.split(".")[0].upper()
    if not re.fullmatch(r"\d[A-E]\d{3}", entry):
        return "partial", f"{key} is not an Annex I item code"
    row = rows.get(entry)
    category_row = rows.get(f"category-{entry[0]}")
    if row is not None and row["status"] == "not_included":
        return "no", f"Annex IV: {row.get('printed', entry + ' is not included')}"
    if row is not None and row["status"] == "conditional":
        return "partial", f"Annex IV includes {entry} only in part or on a condition: {row.get('printed', '')}"
    if category_row is not None:
        return "yes", f"Annex IV: {category_row.get('printed', 'All Category ' + entry[0] + ' is included')}"
    if row is not None:
        return "partial", f"Annex IV names {entry} (it may list only part of the entry)"
    return "no", f"Annex IV does not name {entry}"


if __name__ == "__main__":  # regenerate obligations/data/eu_annex_iv.tsv from the UK list PDF
    import sys
    from pathlib import Path

    from importers import uk_pdf
    from obligations.data import write_annex_iv_fallback

    parsed = uk_pdf.DESCRIPTORS[0].parse(Path(sys.argv[1]))
    texts = [t.text for t in parsed.texts if ANNEX_IV_TITLE in t.title]
    if len(texts) != 1:
        raise SystemExit(f"expected one Annex IV text in {sys.argv[1]}, found {len(texts)}")
    write_annex_iv_fallback(annex_iv_rows(texts[0]))

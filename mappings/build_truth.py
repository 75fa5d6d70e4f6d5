"""Build the ground-truth files in mappings/truth/ from the documents themselves.

    python -m mappings.build_truth /path/to/corpus

Two kinds of truth, each written as SSSOM TSV:

- `shared-codes.tsv` — where two lists share the Wassenaar numbering, the documents prove the pair:
  the same code in both lists corresponds (`exact`), unless one list reserves it ("Not used since
  2025", "[Reserved]") while the other controls it, or the two texts print different numbers
  (`close`: same code, different content). Entries whose code is national (third digit 5–9, UK PL)
  and absent from the other list are `no counterpart`, except those a curated file maps to a
  counterpart and those whose opening words the other list prints as another entry of the same
  product group (a plurilateral control under another number: EU 3A504 ↔ US 3A904). Sampled deterministically:
  the five-character entries of SAMPLE_CATEGORIES, every national entry, and every item of the entries
  in SAMPLE_ENTRIES.
- `jp.tsv` — Japanese pairs checked by hand against the XML (JP_PAIRS below: the 別表 row, the 省令
  item, the list item, and why). Japan's numbering is not shared, so these are the only JP truth.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mappings.engine import canonical_code, view_canonical_code
from mappings.model import Mapping, Method, Relation
from mappings.sssom import load_curated, write_sssom

TRUTH_DIR = Path(__file__).with_name("truth")
TRUTH_COLUMNS = [
    "subject_id",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "object_source",
    "comment",
]
CODED = ("au", "eu", "uk", "us", "wa")
SAMPLE_CATEGORIES = ("0", "3", "5", "ml", "pl")
SAMPLE_ENTRIES = {"1a002", "2b001", "3a001", "3a002", "4a003", "5a002", "6a003", "7a003", "9a004", "ml8"}

# (subject list, subject key, object jurisdiction, object code, relation, what was checked)
JP_PAIRS: list[tuple[str, str, str, str, Relation, str]] = [
    ("export-order-table-1", "7.5", "eu", "3A001.e.3", Relation.EXACT,
     "7の項(5) 超電導電磁石, specified by 第6条第7号: 10 kJ, 250 mm, 8 T / 300 A/mm2"),
    ("export-order-table-1", "7.7", "eu", "3A001.e.2", Relation.EXACT,
     "7の項(7) 高電圧用コンデンサ, specified by 第6条第6号: 5 kV, 250 J/kg, 25 kJ ..."),
    ("export-order-table-1", "7.8", "eu", "3A001.f", Relation.EXACT,
     "7の項(8) エンコーダ, specified by 第6条第8号: rotary absolute encoders, 1 second of arc"),
    ("goods-order", "art6.1.i", "eu", "3A001.a.1", Relation.EXACT, "radiation hardened: 5000 Gy(Si), 5e6 Gy(Si)/s, 5e13 n/cm2"),
    ("goods-order", "art6.1.i.1", "eu", "3A001.a.1.a", Relation.EXACT, "total dose 5000 Gy (Si) or more"),
    ("goods-order", "art6.1.ha", "eu", "3A001.a.3", Relation.EXACT, "compound-semiconductor microprocessors above 40 MHz"),
    ("goods-order", "art6.1.ri", "eu", "3A001.a.10", Relation.EXACT, "custom ICs: 1500 terminals, 0.02 ns, 3 GHz"),
    ("goods-order", "art6.1.nu", "eu", "3A001.a.11", Relation.EXACT, "compound-semiconductor digital ICs: 3000 gates, 1.2 GHz"),
    ("goods-order", "art6.1.ru", "eu", "3A001.a.12", Relation.EXACT, "FFT processors, (N log2 N)/20480 ms"),
    ("goods-order", "art6.1.wo", "eu", "3A001.a.13", Relation.EXACT, "DDS: 3.5 GHz / 10-12 bit, 1.25 GHz / 12 bit"),
    ("goods-order", "art6.1.wa", "eu", "3A001.a.14", Relation.EXACT, "ADC with storage or processing of digitised data"),
    ("goods-order", "art6.1.wa.1.1", "eu", "3A001.a.14.a.1", Relation.EXACT, "8-10 bit, 1.3 GSPS"),
    ("goods-order", "art6.1.ka", "eu", "3A501.a.15", Relation.EXACT, "cryogenic CMOS, -268.65 °C (4.5 K)"),
    ("goods-order", "art6.1.ka", "us", "3A901.a", Relation.EXACT, "cryogenic CMOS, -268.65 °C (4.5 K)"),
    ("goods-order", "art6.1.yo", "eu", "3A501.a.16", Relation.EXACT, "TPP of 6000 or more"),
    ("goods-order", "art6.5", "eu", "3A001.e.1", Relation.EXACT, "cells: 550 Wh/kg, 50 W/kg, 350 Wh/kg at 20 °C"),
    ("goods-order", "art6.6", "eu", "3A001.e.2", Relation.EXACT, "high-voltage capacitors"),
    ("goods-order", "art6.7", "eu", "3A001.e.3", Relation.EXACT, "superconducting electromagnets"),
    ("goods-order", "art6.7.i", "eu", "3A001.e.3.a", Relation.EXACT, "10 kJ in the first second"),
    ("goods-order", "art6.7-2", "eu", "3A001.e.4", Relation.EXACT, "space-qualified solar cells, 1367 W/m2, 301 K"),
    ("goods-order", "art6.8", "eu", "3A001.f", Relation.EXACT, "rotary absolute encoders, 1 second of arc"),
    ("goods-order", "art6.1.ri", "wa", "3A001.a.10", Relation.EXACT, "custom ICs (Wassenaar 3.A.1.a.10)"),
    ("goods-order", "art6.8", "uk", "3A001.f", Relation.EXACT, "rotary absolute encoders"),
]  # fmt: skip


_CODE_LIKE = re.compile(r"\b\d\s?\.?\s?[A-Z]\s?\.?\s?\d{1,3}(?:\.[a-z0-9]+)*\.?")
_LABEL = re.compile(r"^\s*(?:[a-z]{1,2}|\d{1,2})\.(?:[a-z0-9]{1,3}\.)*\s")
_SCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")


def printed_numbers(text: str) -> list[str]:
    """The numbers a text prints, codes and labels removed, separators and decimal commas unified."""
    text = _CODE_LIKE.sub(" ", _LABEL.sub(" ", (text or "").translate(_SCRIPTS)))
    numbers = re.findall(r"\d{1,3}(?:[ ,\u2009\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?", text)
    out = []
    for number in numbers:
        number = re.sub(r"[ \u2009\u00a0]", "", number)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number) and not number.startswith("0,"):
            number = number.replace(",", "")
        number = number.replace(",", ".")
        out.append(str(float(number)))
    return sorted(out)


def _opening(text: str, words: int = 10) -> tuple[str, ...]:
    text = _CODE_LIKE.sub(" ", _LABEL.sub(" ", text or ""))
    return tuple(
        w
        for w in re.findall(r"[a-z]+", text.lower())
        if w not in ("see", "list", "of", "items", "controlled")
    )[:words]


def _mapping(subject, obj, relation: Relation, note: str) -> Mapping:
    return Mapping(
        subject_jurisdiction=subject.jurisdiction, subject_list=subject.list_id, subject_key=subject.key,
        subject_code=subject.code, object_jurisdiction=obj.jurisdiction, object_list=obj.list_id,
        object_key=obj.key, object_code=obj.code, relation=relation, confidence=1.0, method=Method.CURATED,
        justification=note, author="harmonize:truth-builder",
    )  # fmt: skip


def shared_code_truth(lists: dict[tuple[str, str], list]) -> list[Mapping]:
    curated = load_curated()
    curated_subjects = {(m.subject_jurisdiction, canonical_code(m.subject_key), m.object_jurisdiction)
                        for m in curated if m.relation != Relation.NO_COUNTERPART}  # fmt: skip
    mapped = {ref: [v for v in views if v.kind in ("entry", "item")] for ref, views in lists.items()
              if ref[0] in CODED}  # fmt: skip
    by_canon: dict[tuple[str, str], dict[str, object]] = {}
    for ref, views in mapped.items():
        index: dict[str, object] = {}
        for view in views:
            canon = view_canonical_code(view)
            if canon and canon not in index:  # the first occurrence; later ones repeat it by reference
                index[canon] = view
        by_canon[ref] = index
    tops = {ref: {c.split(".")[0] for c in index} for ref, index in by_canon.items()}
    out: list[Mapping] = []
    for ref_a, index_a in sorted(by_canon.items()):
        for ref_b, index_b in sorted(by_canon.items()):
            if ref_a[0] == ref_b[0]:
                continue
            for canon, a in sorted(index_a.items(), key=lambda item: item[0]):
                top = canon.split(".")[0]
                national = top.startswith("pl") or (top[:1].isdigit() and top[2:3] in "56789")
                if canon != top and top not in SAMPLE_ENTRIES:
                    continue
                if canon == top and not national and not top.startswith(SAMPLE_CATEGORIES):
                    continue
                b = index_b.get(canon)
                if b is not None:
                    if bool(a.reserved) and bool(b.reserved):
                        continue  # nothing controlled on either side: not judged
                    if bool(a.reserved) != bool(b.reserved):
                        relation, note = (
                            Relation.CLOSE,
                            "same code; reserved in one list, controlled in the other",
                        )
                    elif printed_numbers(_text(a)) != printed_numbers(_text(b)):
                        relation, note = Relation.CLOSE, "same code; the texts print different numbers"
                    else:
                        relation, note = Relation.EXACT, "same code"
                    out.append(_mapping(a, b, relation, note))
                    continue
                if canon == top and national and top not in tops[ref_b] and not a.reserved:
                    if (ref_a[0], canon, ref_b[0]) in curated_subjects:
                        continue
                    opening = _opening(_text(a))
                    if len(opening) >= 4 and any(
                        other[:2] == top[:2]
                        and other.split(".")[0] != other[:2] + "0" + other[3:5]
                        and _opening(_text(v)) == opening
                        for other, v in index_b.items()
                        if other == other.split(".")[0]
                    ):
                        continue  # the same control printed under another national number (EU 3A504 = US 3A904)
                    out.append(Mapping(
                        subject_jurisdiction=a.jurisdiction, subject_list=a.list_id, subject_key=a.key,
                        subject_code=a.code, object_jurisdiction=ref_b[0], object_list=ref_b[1],
                        object_key=None, object_code=None, relation=Relation.NO_COUNTERPART, confidence=1.0,
                        method=Method.CURATED, justification="national entry; the other list has no such code",
                        author="harmonize:truth-builder"))  # fmt: skip
    return out


def _text(view) -> str:
    return (view.attributes or {}).get("repaired_text") or view.text


def jp_truth(lists: dict[tuple[str, str], list]) -> list[Mapping]:
    out = []
    for subject_list, subject_key, object_jurisdiction, object_code, relation, note in JP_PAIRS:
        subjects = [v for v in lists.get(("jp", subject_list), []) if v.key == subject_key]
        objects = [v for ref, views in lists.items() if ref[0] == object_jurisdiction for v in views
                   if view_canonical_code(v) == canonical_code(object_code)]  # fmt: skip
        if not subjects or not objects:
            raise SystemExit(f"truth pair not in the documents: {subject_list} {subject_key} → {object_code}")
        out.append(_mapping(subjects[0], objects[0], relation, note))
        out.append(_mapping(objects[0], subjects[0], relation.inverse(), note))
    return out


def main(argv: list[str]) -> int:
    from mappings.corpus import load_corpus_lists

    if len(argv) != 1:
        print(__doc__)
        return 2
    lists, versions = load_corpus_lists(Path(argv[0]))
    TRUTH_DIR.mkdir(exist_ok=True)
    for name, rows in (("shared-codes.tsv", shared_code_truth(lists)), ("jp.tsv", jp_truth(lists))):
        for row in rows:
            row.subject_list_version = versions.get((row.subject_jurisdiction, row.subject_list))
            row.object_list_version = versions.get((row.object_jurisdiction, row.object_list))
        write_sssom(rows, TRUTH_DIR / name, mapping_set_id=f"https://w3id.org/harmonize/truth/{name[:-4]}",
                    version="1", include_evidence=False, columns=TRUTH_COLUMNS,
                    description="Ground truth derived from the documents (see mappings/build_truth.py).")  # fmt: skip
        print(f"{name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

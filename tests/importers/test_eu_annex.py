"""EU Annex I importer: tiny built documents, hostile input, and the real 02021R0821-20251115 dataset."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from importers import eu_annex
from importers.errors import DocumentRefused
from importers.records import EntryKind, Regime, check_parsed
from tests.golden_files import assert_golden, entry_snapshot

REAL_NAME = "rikiosso-exports-watch_annex_02021R0821-20251115.json"


# --------------------------------------------------------------------------------------------------
# builders


def _doc(entries: dict[str, str], *, geas=None, docs=None, common="", **overrides) -> dict:
    data = {
        "corpus_version": "02021R0821-20251115",
        "celex": "02021R0821",
        "valid_from": "2025-11-15",
        "entry_count": len(entries),
        "index": [{"code": c, "first_line": t.split("\n")[0]} for c, t in entries.items()],
        "entries": [
            {
                "entry_code": c,
                "category": c[0],
                "verbatim_text": t,
                "parameters": ["ignored"],
                "applicable_notes": [],
            }
            for c, t in entries.items()
        ],
        "docs": docs
        if docs is not None
        else [
            {
                "doc_type": "general_notes",
                "title": "GENERAL NOTES TO ANNEX I",
                "verbatim_text": "1 For control ...\n2 The object",
            },
            {
                "doc_type": "section_note",
                "title": "Category 3 — 3A Systems, Equipment and Components — notes",
                "verbatim_text": "Note 1: The control status ...",
            },
        ],
        "geas": geas if geas is not None else [],
        "gea_common_list": common,
    }
    data.update(overrides)
    return data


def _write(tmp_path: Path, data, name: str = "annex.json") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8"
    )
    return path


_LINES_3A001 = (
    "3A001 Electronic items as follows:",
    "3A001.a General purpose integrated circuits, as follows:",
    "3A001.a.1 Rated for operation at 4,5 K or less; and",
    "3A001.a.1 Note: 3A001.a.1. does not control 1, 2 and 3 of anything.",
    "3A001.a.2 Not used;",
    "3A001.a Note 1: first note.",
    "3A001.a Note 2: second note with 5 × 103 Gy (silicon).",
    "3A001.a Technical Note: The only things are the following:",
    "3A001.a.a Things one;",
    "3A001.a.b Things two.",
    "3A001.b Microwave items:",
    "3A001.b.1 Tables | 5× 106 Gy (silicon)/s; or",
    "3A001.b.1 continued row | 1× 10-8 Error/bit/day;",
    "3A001 N.B.1. SEE ALSO 3A501.",
)
ENTRY_3A001 = "\n".join(_LINES_3A001)
_LINES_1C010 = (
    "1C010 Fibrous materials, as follows:",
    "1C010.a Organic materials having a specific modulus exceeding 12,7 × 106 m;",
    "1C010.e Prepregs as follows:",
    "1C010.1 Having any of the following:",
    "1C010.1.a Inorganic materials;",
    "1C010.1.2 Having all of the following:",
    "1C010.1.2.a Resin;",
    "1C010.1 Note 1: 1C010.e. does not control patches.",
)
ENTRY_1C010 = "\n".join(_LINES_1C010)


@pytest.fixture
def small(tmp_path):
    gea = {
        "id": "EU001",
        "title": "EU001 — A. EXPORTS TO SOMEWHERE",
        "verbatim_text": (
            "UNION GENERAL EXPORT AUTHORISATION No EU001 Part 1 – Items This authorisation covers all dual-use "
            "items specified in any entry in Annex I, except those listed in Section I of this Annex. "
            "Part 2 – Destinations This authorisation is valid for exports to the following destinations: "
            "Australia, Switzerland, including Liechtenstein, China (including Hong Kong and Macao), French "
            "overseas territories. Part 3 – Conditions and requirements for use\n1. Nothing."
        ),
    }
    gea8 = {
        "id": "EU008",
        "title": "EU008 — H. ENCRYPTION",
        "verbatim_text": (
            "Part 1 — Items\n1. This authorisation covers dual-use items specified in Annex I, as follows: "
            "5A002.a.2, 5A002.b., into an item specified in 5A002.a. as above (Note 3 in Category 5, Part 2), "
            "5D002.c.1. Part 2 — Destinations valid for exports to all destinations, excluding: (a) destinations "
            "eligible for export under Union general export authorisation No EU001; (b) Iran, Myanmar/Burma, "
            "Russia; (c) any destination, other than those listed in point (b), subject to an arms embargo. "
            "Part 3 — Conditions and requirements for use"
        ),
    }
    common = (
        "Section I text.\n— all items specified in Annex IV,\n0C001 Natural uranium,\n— 1C450.a.1. Amiton,"
    )
    data = _doc({"1C010": ENTRY_1C010, "3A001": ENTRY_3A001}, geas=[gea, gea8], common=common)
    parsed = eu_annex.parse(_write(tmp_path, data))
    return parsed, {e.key: e for e in parsed.entries}


# --------------------------------------------------------------------------------------------------
# unit tests on built documents


def test_small_tree_and_order(small):
    parsed, by = small
    keys = [e.key for e in parsed.entries]
    assert keys[:3] == ["category-1", "1c", "1c010"]
    assert by["3a"].title == "Systems, Equipment and Components"
    assert by["1c"].title == ""  # no heading for 1C in this document
    assert by["3a001.a.1"].parent_key == "3a001.a"
    assert by["3a001.a.1"].text == "Rated for operation at 4,5 K or less; and"
    assert by["3a001.a.1"].attributes["printed_label"] == "1."
    assert by["3a001.a.1"].attributes["numbers"] == [{"printed": "4,5", "value": 4.5}]
    assert by["3a001"].kind is EntryKind.ENTRY and by["3a001"].title == "Electronic items as follows:"
    assert by["3a001"].regime is Regime.WASSENAAR
    seen = set()
    for entry in parsed.entries:  # parents precede children
        assert entry.parent_key is None or entry.parent_key in seen
        seen.add(entry.key)


def test_small_notes(small):
    _, by = small
    note = by["3a001.a.1~note-1"]
    assert note.kind is EntryKind.NOTE and note.parent_key == "3a001.a.1"
    assert note.code == "3A001.a.1 Note"
    assert "numbers" not in note.attributes  # "1, 2 and 3" is a list, not decimals
    assert by["3a001.a~note-2"].code == "3A001.a Note 2"
    assert by["3a001.a~note-2"].attributes["repaired_text"].endswith("5 × 10³ Gy (silicon).")
    assert by["3a001~nb-1"].kind is EntryKind.NB and by["3a001~nb-1"].code == "3A001 N.B.1"
    assert by["3a001.a.2"].reserved


def test_small_note_list_folded_and_continuations(small):
    _, by = small
    tn = by["3a001.a~tn-1"]
    assert tn.text == "Technical Note: The only things are the following: a. Things one; b. Things two."
    assert "3a001.a.a" not in by and "3a001.a.b" not in by
    row = by["3a001.b.1"]
    assert row.text == "Tables | 5× 106 Gy (silicon)/s; or continued row | 1× 10-8 Error/bit/day;"
    assert (
        row.attributes["repaired_text"]
        == "Tables | 5× 10⁶ Gy (silicon)/s; or continued row | 1× 10⁻⁸ Error/bit/day;"
    )
    assert any("continuation" in f for f in row.attributes["flags"])


def test_small_lost_letter_level_repaired(small):
    _, by = small
    assert by["1c010.e.1"].parent_key == "1c010.e"
    assert by["1c010.e.1"].attributes["dataset_path"] == "1C010.1"
    assert by["1c010.e.1.a"].parent_key == "1c010.e.1"
    assert by["1c010.e.2"].parent_key == "1c010.e"
    assert by["1c010.e.2.a"].attributes["dataset_path"] == "1C010.1.2.a"
    assert by["1c010.e~note-1"].text == "Note 1: 1C010.e. does not control patches."
    assert by["1c010.a"].attributes["repaired_text"].endswith("12,7 × 10⁶ m;")


def test_small_texts_and_geas(small):
    parsed, _ = small
    assert parsed.texts[0].title == "GENERAL NOTES TO ANNEX I"
    assert parsed.version_date == date(2025, 11, 15)
    geas = {r.key: r.data for r in parsed.reference}
    eu1 = geas["EU001"]
    assert eu1["destinations"] == ["AU", "CH", "LI", "CN", "HK", "MO"]
    assert eu1["unresolved_destinations"] == ["French overseas territories"]
    assert eu1["excluded_items"] == ["0C001", "1C450.a.1."]
    assert eu1["excluded_item_keys"] == ["0c001", "1c450.a.1"]
    assert eu1["excluded_items_by_reference"] == ["all items specified in Annex IV"]
    eu8 = geas["EU008"]
    assert eu8["covered_items"] == ["5A002.a.2", "5A002.b.", "5D002.c.1."]
    assert eu8["destinations_scope"] == "all_except"
    assert eu8["excluded_destinations"] == ["IR", "MM", "RU"]
    assert eu8["excluded_destinations_by_reference"] == ["EU001"]
    assert eu8["excluded_destination_conditions"][0].startswith("(c) any destination, other than those")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 4,5 K", [("4,5", 4.5)]),
        ("(-263,3 °C) and ±0,05 %", [("-263,3", -263.3), ("0,05", 0.05)]),
        ("items 1, 2 and 3", []),
        ("1,1,3,3,3-Pentafluoro and 1,4-dioxane and 1,1'-ferrocene", []),
        ("exceeding 3,3, in", [("3,3", 3.3)]),
        ("10000 hours at 923 K", []),
    ],
)
def test_decimal_comma_numbers(text, expected):
    assert [(n["printed"], n["value"]) for n in eu_annex.decimal_comma_numbers(text)] == expected


def test_repair_superscripts_flags_ambiguous():
    repaired, flags = eu_annex.repair_superscripts("K = 1,7 × 103V2,65Q V is")
    assert repaired.startswith("K = 1,7 × 10³V")
    assert flags and "ambiguous" in flags[0]
    assert (
        eu_annex.repair_superscripts("0,15 kg N-1 h-1 and 2 m2 and Al2O3")[0]
        == "0,15 kg N⁻¹ h⁻¹ and 2 m² and Al2O3"
    )


# --------------------------------------------------------------------------------------------------
# hostile / wrong input


def test_refuses_truncated(tmp_path):
    text = json.dumps(_doc({"3A001": ENTRY_3A001}))
    with pytest.raises(DocumentRefused, match="not well-formed JSON"):
        eu_annex.parse(_write(tmp_path, text[: len(text) // 2]))


def test_refuses_other_celex_and_non_json(tmp_path):
    with pytest.raises(DocumentRefused, match="celex"):
        eu_annex.parse(_write(tmp_path, _doc({"3A001": ENTRY_3A001}, celex="02019R0001")))
    with pytest.raises(DocumentRefused):
        eu_annex.parse(_write(tmp_path, "<html>not json</html>", "x.json"))
    with pytest.raises(DocumentRefused, match="not an object"):
        eu_annex.parse(_write(tmp_path, "[1, 2]", "y.json"))
    bad = tmp_path / "bin.json"
    bad.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(DocumentRefused):
        eu_annex.parse(bad)


def test_refuses_inconsistent_dataset(tmp_path):
    data = _doc({"3A001": ENTRY_3A001})
    data["index"] = []
    with pytest.raises(DocumentRefused, match="index"):
        eu_annex.parse(_write(tmp_path, data))
    data = _doc({"3A001": "3A001.a item before its heading"})
    with pytest.raises(DocumentRefused, match="heading"):
        eu_annex.parse(_write(tmp_path, data))
    data = _doc({"3A001": "3A001 heading\n3B002.a stray line"})
    with pytest.raises(DocumentRefused, match="not under the entry"):
        eu_annex.parse(_write(tmp_path, data))
    data = _doc({"3A001": ENTRY_3A001}, valid_from="soon")
    with pytest.raises(DocumentRefused, match="not a date"):
        eu_annex.parse(_write(tmp_path, data))


def test_recognise(tmp_path):
    good = _write(tmp_path, _doc({"3A001": ENTRY_3A001}))
    assert eu_annex.recognise(good, good.read_bytes()[:65536])
    other = _write(tmp_path, _doc({"3A001": ENTRY_3A001}, celex="02019R0001"), "other.json")
    assert not eu_annex.recognise(other, other.read_bytes())
    md = _write(tmp_path, '{"celex": "02021R0821", "corpus_version": 1, "entries": []}', "PROVENANCE.md")
    assert not eu_annex.recognise(md, md.read_bytes())
    xml = _write(tmp_path, '<?xml version="1.0"?><Regulation/>', "x.json")
    assert not eu_annex.recognise(xml, xml.read_bytes())


# --------------------------------------------------------------------------------------------------
# the real document


@pytest.fixture(scope="module")
def real(corpus_dir):
    path = corpus_dir / "eu" / REAL_NAME
    parsed = eu_annex.parse(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    return parsed, {e.key: e for e in parsed.entries}, raw


@pytest.mark.corpus
def test_real_recognised_and_checked(real, corpus_dir):
    parsed, _, _ = real
    path = corpus_dir / "eu" / REAL_NAME
    assert eu_annex.recognise(path, path.read_bytes()[:65536])
    for other in sorted(corpus_dir.rglob("*")):
        if other.is_file() and other != path:
            with open(other, "rb") as handle:
                assert not eu_annex.recognise(other, handle.read(65536)), other
    check_parsed(parsed)
    assert parsed.version_date == date(2025, 11, 15)
    assert parsed.descriptor.jurisdiction == "eu" and parsed.descriptor.list_id == "annex-i"


@pytest.mark.corpus
def test_real_entries_per_category_match_index(real):
    parsed, by, raw = real
    from_index = Counter(row["code"][0] for row in raw["index"])
    ours: Counter[str] = Counter()
    for entry in parsed.entries:
        if entry.kind is EntryKind.ENTRY:
            group = by[entry.parent_key]
            assert group.kind is EntryKind.PRODUCT_GROUP
            ours[by[group.parent_key].code.removeprefix("Category ")] += 1
    assert ours == from_index
    assert sum(ours.values()) == raw["entry_count"] == 384
    counts = parsed.counts()
    assert counts["category"] == 10
    assert counts["reference:eu_general_authorisation"] == 8
    # every entry heading equals the index's first line after the code
    first_lines = {row["code"]: row["first_line"] for row in raw["index"]}
    for entry in parsed.entries:
        if entry.kind is EntryKind.ENTRY:
            assert entry.text == " ".join(first_lines[entry.code].split()[1:])


@pytest.mark.corpus
def test_real_line_counts_add_up(real):
    """Every dataset line becomes a record or is joined/folded into one, with a flag saying so."""
    parsed, _, raw = real
    lines = sum(len([x for x in e["verbatim_text"].split("\n") if x.strip()]) for e in raw["entries"])
    records = sum(1 for e in parsed.entries if e.kind not in (EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP))
    joined = sum(
        1
        for e in parsed.entries
        for flag in e.attributes.get("flags", [])
        if flag.startswith("continuation line") or "member of this note's list" in flag
    )
    assert records + joined == lines


@pytest.mark.corpus
def test_real_specific_entries(real):
    _, by, _ = real
    e = by["3a001.a.5.a.1"]
    assert e.parent_key == "3a001.a.5.a" and e.kind is EntryKind.ITEM
    assert e.text == (
        'A resolution of 8 bit or more, but less than 10 bit, with a "sample rate" greater than 1,3 Giga '
        "Samples Per Second (GSPS);"
    )
    assert e.attributes["numbers"] == [{"printed": "1,3", "value": 1.3}]
    e = by["1a002.b.1.a"]
    assert e.text == 'A "specific modulus" exceeding 10,15 × 106 m; and'
    assert e.attributes["repaired_text"] == 'A "specific modulus" exceeding 10,15 × 10⁶ m; and'
    assert by["0b001.i.4"].reserved and by["0b001.i.4"].text == "Not used;"
    assert by["1a001.c"].reserved
    note = by["0a001.i~note-1"]
    assert note.text.startswith("Note: 0A001.i. does not control heat exchangers")
    assert (
        by["0a001.f~nb-1"].text
        == "N.B. For zirconium pressure tubes see 0A001.e. and for calandria tubes see 0A001.h."
    )
    assert by["3a225~nb-2"].code == "3A225 N.B.2"
    assert by["1b228~tn-2"].code == "1B228 Technical Note 2"
    assert by["3a001.b.2~note-2"].code == "3A001.b.2 Note 2"
    assert by["6a008.l.1~tn-1"].text.endswith(
        "extrapolated value of the most probable position of the target in real time."
    )
    assert by["4a001.a.2"].text.endswith("c. Single Event Upset | 1× 10-8 Error/bit/day;")
    assert by["9a106.d~note-1"].text.endswith("at the maximum operating mode.")
    assert "9a106.d.a" not in by
    assert by["1c010.e.2.c"].attributes["dataset_path"] == "1C010.1.2.c"
    assert by["1c010.e~note-2"].text.startswith("Note 2: 1C010.e. does not control")
    assert by["0b004.b.10.1"].attributes["flags"] == [
        "label alternation broken at 0B004.b.10.1 (kept as printed)"
    ]
    assert by["3a201.c~tn-1"].attributes["flags"][0].startswith("ambiguous flattened superscript")
    # regimes from the third digit
    assert by["3a225"].regime is Regime.NSG
    assert by["1c350"].regime is Regime.AUSTRALIA_GROUP
    assert by["1c450"].regime is Regime.CWC
    assert by["9a101"].regime is Regime.MTCR
    assert by["3a501"].regime is Regime.NATIONAL
    assert by["4a506"].regime is Regime.NATIONAL
    assert by["category-4"].title == "COMPUTERS"
    assert by["3a"].title == "Systems, Equipment and Components"


@pytest.mark.corpus
def test_real_texts_and_geas(real):
    parsed, _, raw = real
    titles = [t.title for t in parsed.texts]
    assert "GENERAL NOTES TO ANNEX I" in titles and "NUCLEAR TECHNOLOGY NOTE (NTN)" in titles
    assert "DEFINITIONS OF TERMS USED IN THIS ANNEX" in titles
    assert len(parsed.texts) == len(raw["docs"]) + 1  # + Annex II Section I
    geas = {r.key: r.data for r in parsed.reference}
    assert sorted(geas) == [f"EU00{n}" for n in range(1, 9)]
    assert geas["EU001"]["destinations"] == ["AU", "CA", "IS", "JP", "NZ", "NO", "CH", "LI", "GB", "US"]
    assert geas["EU001"]["excluded_items"][:4] == ["0C001", "0C002", "0D001", "0E001"]
    assert "9A117" in geas["EU001"]["excluded_items"]
    assert geas["EU002"]["covered_items"][-1] == "3C006"
    assert geas["EU002"]["destinations"] == ["AR", "ZA", "KR", "TR"]
    assert "6A001" in geas["EU004"]["excluded_items"] and "1C010" in geas["EU004"]["excluded_items"]
    assert geas["EU006"]["covered_items"][:3] == ["1C350.1", "1C350.2", "1C350.3"]
    assert "1C350.4" not in geas["EU006"]["covered_items"]
    assert geas["EU007"]["excluded_items"][-5:] == ["4A005", "4D004", "4E001.c", "5A001.f", "5A001.j."]
    assert geas["EU008"]["covered_items"] == [
        "5A002.a.2",
        "5A002.a.3",
        "5A002.b.",
        "5D002.a.1.",
        "5D002.b.",
        "5D002.c.1.",
        "5E002.b.",
    ]
    assert len(geas["EU008"]["excluded_destinations"]) == 43
    assert {"MM", "CD", "CG", "KP"} <= set(geas["EU008"]["excluded_destinations"])
    for data in geas.values():
        assert data["text"].startswith("UNION GENERAL EXPORT AUTHORISATION")


@pytest.mark.corpus
def test_real_golden_sample(real):
    parsed, _, _ = real
    entries = parsed.entries
    step = max(1, len(entries) // 60)
    sample = [entries[i] for i in range(0, len(entries), step)]
    assert {e.key[0] for e in sample if e.key[0].isdigit()} == set("0123456789")  # every category
    assert_golden("eu-annex-i", [entry_snapshot(e) for e in sample])

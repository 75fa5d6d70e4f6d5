"""Australia DSGL 2024 DOCX importer: tiny hand-built documents, hostile input, and the real document."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from importers import dsgl_docx
from importers.errors import DocumentRefused
from importers.records import EntryKind, Regime, check_parsed
from tests.golden_files import assert_golden, entry_snapshot

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# ----------------------------------------------------------------------------------------------
# A tiny DOCX builder


def run(text: str = "", *, sup: bool = False, sub: bool = False, inner: str = "") -> str:
    props = ""
    if sup or sub:
        props = f'<w:rPr><w:vertAlign w:val="{"superscript" if sup else "subscript"}"/></w:rPr>'
    body = inner + (f'<w:t xml:space="preserve">{text}</w:t>' if text else "")
    return f"<w:r>{props}{body}</w:r>"


TAB = "<w:r><w:tab/></w:r>"
NBH = "<w:r><w:noBreakHyphen/></w:r>"


def para(*runs: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def tabbed(*parts: str, style: str = "") -> str:
    """A paragraph whose parts are separated by tabs (the way codes are printed)."""
    runs: list[str] = []
    for i, part in enumerate(parts):
        if i:
            runs.append(TAB)
        runs.append(run(part))
    return para(*runs, style=style)


def document(*paragraphs: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    ).encode()


def write_docx(path: Path, xml: bytes, *, member: str = "word/document.xml") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, xml)
    return path


FRONT = [
    para(run("Defence and Strategic Goods List 2024"), style="ShortT"),
    para(run("Dated 14 August 2024")),
]


def small_list(*extra_part2: str) -> list[str]:
    return [
        *FRONT,
        para(run("Part 1—Munitions list"), style="ActHead2"),
        tabbed("ML1.", "Smooth-bore weapons, as follows:", style="MLX"),
        tabbed("a.", "Rifles;", style="ZML1a"),
        para(run("Note:"), TAB, run("ML1.a. does not apply to the following:"), style="ML1aNote"),
        tabbed("a.", "Rifles manufactured earlier than 1938;", style="ML1aNotea"),
        tabbed("b.", "Reproductions;", style="ML1aNotea"),
        tabbed("ML1.", "b.", "Smooth-bore weapons as follows:", style="ZML1"),
        tabbed("1.", "Specially designed for military use;", style="ML1a1"),
        tabbed("2.", "Not used since 2019.", style="ML1a1"),
        tabbed("ML901.", "Firearms, other than those specified by ML1.", style="ML1"),
        para(run("Part 2—Dual-use list"), style="ActHead2"),
        para(run("Category 3—Electronics"), style="ActHead3"),
        tabbed("3.", "A.", "", "Systems, Equipment and Components", style="Cat0newstyle1"),
        tabbed("3.", "A.", "001.", "Electronic components, as follows:", style="Cat0newstyle31a1"),
        tabbed("a.", "General purpose integrated circuits, as follows:", style="DL0Aa"),
        tabbed("1.", "Radiation hardened to withstand any of the following:", style="DL0Aa1"),
        tabbed("a.", "A total dose of 5 x 10", style="DL0Aa1a")[:-6]  # reopen the paragraph…
        + run("3", sup=True)
        + run(" Gy (silicon) or higher;")
        + "</w:p>",
        tabbed("b.", "Rated below 218 K (", style="DL0Aa")[:-6] + NBH + run("55°C); or") + "</w:p>",
        # style says depth 1, the sequence says a.1.c: the sequence wins
        tabbed("c.", "Delay-power product less than 10", style="DL0Aa")[:-6]
        + run(inner="<w:noBreakHyphen/>", sup=True)
        + run("14", sup=True)
        + run(" J; or")
        + "</w:p>",
        tabbed("2.", "Silicon", style="DL0Aa1")[:-6]
        + NBH
        + run("on")
        + NBH
        + run("sapphire, CAS 2625")
        + NBH
        + run("76")
        + NBH
        + run("5, 100")
        + NBH
        + run("400 nm, rise 30 A/")
        + '<w:r><w:sym w:font="Symbol" w:char="F06D"/></w:r>'
        + run("s, CO")
        + run("2", sub=True)
        + "</w:p>",
        para(run("Technical Notes:"), style="DL0Aa1TechH"),
        para(run("For the purposes of 3A001.a.:"), style="DL0Aa1TechH"),
        tabbed("1.", "A resolution of n bit.", style="DL0Aa1TechText1"),
        tabbed("3.", "A.", "001.", "b.", "Microwave items;", style="Cat0newstyle41a1a"),
        para(run("Note 1:"), TAB, run("3A001.b. does not apply to toys."), style="DL0ANote"),
        para(run("N.B.:"), TAB, run("See also 3A101."), style="DL0aNB"),
        tabbed("3.", "A.", "901", "Quantum devices.", style="Cat0newstyle31a1"),
        *extra_part2,
    ]


def parse_xml(tmp_path: Path, paragraphs: list[str]):
    path = write_docx(tmp_path / "dsgl.docx", document(*paragraphs))
    return dsgl_docx.parse(path)


@pytest.fixture
def small(tmp_path):
    parsed = parse_xml(tmp_path, small_list())
    return parsed, {e.key: e for e in parsed.entries}


def test_small_structure_and_codes(small):
    parsed, by_key = small
    assert parsed.version_date == date(2024, 8, 14)
    assert [e.key for e in parsed.entries if e.kind in (EntryKind.ENTRY, EntryKind.ITEM)] == [
        "ml1", "ml1.a", "ml1.b", "ml1.b.1", "ml1.b.2", "ml901",
        "3a001", "3a001.a", "3a001.a.1", "3a001.a.1.a", "3a001.a.1.b", "3a001.a.1.c", "3a001.a.2",
        "3a001.b", "3a901",
    ]  # fmt: skip
    assert by_key["category-3"].code == "Category 3"
    assert by_key["3a"].kind == EntryKind.PRODUCT_GROUP and by_key["3a"].parent_key == "category-3"
    assert by_key["3a001"].parent_key == "3a"
    assert by_key["3a001.a.1.c"].parent_key == "3a001.a.1"
    assert by_key["3a001.b"].parent_key == "3a001"
    assert by_key["ml1.b.1"].code == "ML1.b.1" and by_key["ml1.b.1"].parent_key == "ml1.b"
    assert by_key["3a001"].title == "Electronic components, as follows:"
    assert by_key["3a001.a"].title == "General purpose integrated circuits"


def test_small_characters(small):
    _, by_key = small
    assert by_key["3a001.a.1.a"].text == "A total dose of 5 x 10³ Gy (silicon) or higher;"
    assert by_key["3a001.a.1.a"].attributes["markup"] == "A total dose of 5 x 10^{3} Gy (silicon) or higher;"
    assert by_key["3a001.a.1.b"].text == "Rated below 218 K (−55°C); or"
    assert by_key["3a001.a.1.c"].text == "Delay-power product less than 10⁻¹⁴ J; or"
    assert by_key["3a001.a.2"].text == ("Silicon-on-sapphire, CAS 2625-76-5, 100-400 nm, rise 30 A/µs, CO₂")


def test_small_notes_reserved_regimes(small):
    parsed, by_key = small
    note = by_key["ml1.a~note-1"]
    assert note.kind == EntryKind.NOTE and note.code == "ML1.a Note"
    assert note.text == (
        "ML1.a. does not apply to the following: a. Rifles manufactured earlier than 1938; b. Reproductions;"
    )
    tn = by_key["3a001.a~tn-1"]  # named by its text, although printed after 3A001.a.2
    assert tn.kind == EntryKind.TECHNICAL_NOTE and tn.code == "3A001.a Technical Note"
    assert tn.text == "For the purposes of 3A001.a.: 1. A resolution of n bit."
    assert by_key["3a001.b~note-1"].code == "3A001.b Note 1"
    assert by_key["3a001.b~nb-1"].text == "See also 3A101."
    assert by_key["ml1.b.2"].reserved and by_key["ml1.b.2"].attributes["not_used_since"] == 2019
    assert not by_key["ml1.b.1"].reserved
    assert by_key["ml1"].regime == Regime.WASSENAAR
    assert by_key["ml901"].regime == Regime.NATIONAL
    assert by_key["3a001.a.1"].regime == Regime.WASSENAAR
    assert by_key["3a901"].regime == Regime.NATIONAL
    seen: set[str] = set()
    for entry in parsed.entries:  # parents precede children, keys unique
        assert entry.parent_key is None or entry.parent_key in seen
        assert entry.key not in seen
        seen.add(entry.key)


def test_small_sequence_beats_style(tmp_path):
    # "b." styled as depth 1 after a.5.a.2 continues the deepest level whose last label is "a".
    parsed = parse_xml(
        tmp_path,
        small_list(
            tabbed("3.", "A.", "002.", "Other items:", style="Cat0newstyle31a1"),
            tabbed("a.", "First;", style="DL0Aa"),
            tabbed("1.", "One;", style="DL0Aa1"),
            tabbed("a.", "Deep a;", style="DL0Aa1a"),
            tabbed("b.", "Deep b;", style="DL0Aa"),
            tabbed("2.", "Two;", style="DL0Aa"),
            tabbed("b.", "Second;", style="DL0Aa1a"),
        ),
    )
    keys = [e.key for e in parsed.entries if e.key.startswith("3a002")]
    assert keys == ["3a002", "3a002.a", "3a002.a.1", "3a002.a.1.a", "3a002.a.1.b", "3a002.a.2", "3a002.b"]


def test_small_sensitive_list(tmp_path):
    cell = lambda *ps: "<w:tc>" + "".join(ps) + "</w:tc>"
    table = (
        "<w:tbl><w:tr>"
        + cell(para(run("Category 3"), style="TableHeading"))
        + cell(para(run("SENSITIVE LIST"), style="TableHeading"))
        + "</w:tr><w:tr>"
        + cell(para(run("3A001.a.1.")))
        + cell(para(run("Radiation hardened circuits")))
        + "</w:tr></w:tbl>"
    )
    parsed = parse_xml(
        tmp_path,
        small_list(para(run("Sensitive list of dual-use goods and technologies"), style="ActHead3"), table),
    )
    by_key = {e.key: e for e in parsed.entries}
    assert by_key["sensitive-list"].kind == EntryKind.SECTION
    row = by_key["sensitive-list~3a001.a.1"]
    assert row.parent_key == "sensitive-list" and row.text == "Radiation hardened circuits"
    assert by_key["3a001.a.1"].attributes["sensitive_lists"] == ["Sensitive List"]


# ----------------------------------------------------------------------------------------------
# Recognition and hostile input


def test_recognise_small_docx_only(tmp_path):
    path = write_docx(tmp_path / "dsgl.docx", document(*small_list()))
    assert dsgl_docx.recognise(path, path.read_bytes()[:65536])
    other = write_docx(tmp_path / "other.docx", document(para(run("Some other instrument"))))
    assert not dsgl_docx.recognise(other, other.read_bytes()[:65536])
    renamed = tmp_path / "dsgl.epub"
    renamed.write_bytes(path.read_bytes())
    assert not dsgl_docx.recognise(renamed, renamed.read_bytes()[:65536])
    text = tmp_path / "notes.docx"
    text.write_text("Defence and Strategic Goods List")
    assert not dsgl_docx.recognise(text, text.read_bytes())


def test_refuses_non_zip(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"%PDF-1.7 not a zip")
    with pytest.raises(DocumentRefused, match="not a DOCX"):
        dsgl_docx.parse(path)


def test_refuses_truncated_zip(tmp_path):
    full = write_docx(tmp_path / "full.docx", document(*small_list())).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(DocumentRefused):
        dsgl_docx.parse(path)


def test_refuses_zip_without_document(tmp_path):
    path = write_docx(tmp_path / "x.docx", document(*small_list()), member="word/other.xml")
    with pytest.raises(DocumentRefused, match="no word/document.xml"):
        dsgl_docx.parse(path)


def test_refuses_entities(tmp_path):
    xml = document(*small_list()).replace(
        b"<w:document", b'<!DOCTYPE w:document [<!ENTITY boom "boom">]><w:document', 1
    )
    xml = xml.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"", 1)
    path = write_docx(tmp_path / "x.docx", xml)
    with pytest.raises(DocumentRefused, match="entities"):
        dsgl_docx.parse(path)


def test_refuses_zip_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(dsgl_docx, "MAX_MEMBER_BYTES", 200_000)
    xml = document(*small_list(), para(run(" " * 400_000)))
    path = write_docx(tmp_path / "bomb.docx", xml)
    with pytest.raises(DocumentRefused, match="over the cap|inflates|ratio"):
        dsgl_docx.parse(path)


def test_refuses_high_compression_ratio(tmp_path):
    xml = document(*small_list(), para(run("x" * 3_000_000)))
    path = write_docx(tmp_path / "ratio.docx", xml)
    with pytest.raises(DocumentRefused, match="ratio"):
        dsgl_docx.parse(path)


def test_refuses_other_word_document(tmp_path):
    path = write_docx(tmp_path / "x.docx", document(para(run("A letter")), para(run("Dated 1 May 2020"))))
    with pytest.raises(DocumentRefused, match="not the Defence"):
        dsgl_docx.parse(path)


# ----------------------------------------------------------------------------------------------
# The real document


@pytest.fixture(scope="module")
def real(corpus_dir):
    path = corpus_dir / "au" / "F2024L01024.docx"
    if not path.exists():
        pytest.skip("the DSGL 2024 DOCX is not in the corpus")
    parsed = dsgl_docx.parse(path)
    return parsed, {e.key: e for e in parsed.entries}


def _independent_entry_codes(path: Path) -> Counter:
    """Entry headings counted straight from the XML text, without the importer: paragraphs whose
    runs start 'd.⇥L.⇥ddd.⇥' (Part 2) or 'MLn.⇥' followed by text (Part 1)."""
    from importers.safe_xml import parse_xml_bytes

    with zipfile.ZipFile(path) as archive:
        root = parse_xml_bytes(archive.read("word/document.xml"), path)
    w = f"{{{W_NS}}}"
    codes: set[str] = set()
    for p in root.iter(w + "p"):
        pieces = []
        for el in p.iter(w + "t", w + "tab"):
            pieces.append("\t" if el.tag == w + "tab" else (el.text or ""))
        text = "".join(pieces)
        m = re.match(r"^\s*(\d)\.\s*\t\s*([A-E])\.\s*\t\s*(\d{3})\.?\s*\t", text) or re.match(
            r"^\s*(\d)\.([A-E])\.\s*\t\s*(\d{3})\.?\s*\t", text
        )
        if m:
            codes.add("".join(m.groups()))
        m = re.match(r"^\s*(ML\d{1,3})\.\s*\t", text)
        if m and not (
            p.find(f"{w}pPr/{w}pStyle") is not None and "Note" in p.find(f"{w}pPr/{w}pStyle").get(w + "val")
        ):
            codes.add(m.group(1))
    by_category: Counter = Counter("ML" if c.startswith("ML") else c[0] for c in codes)
    return by_category


def test_real_counts_pass_descriptor_bounds(real):
    parsed, _ = real
    check_parsed(parsed)
    counts = parsed.counts()
    assert counts["category"] == 10
    assert counts["product_group"] == 55  # 10 categories × A–E, plus Category 5 Part 2's five
    assert counts["entry"] == 410
    groups = {e.key: e for e in parsed.entries if e.kind == EntryKind.PRODUCT_GROUP}
    assert groups["2c"].title == "Materials" and groups["2c"].text == "Materials None."


def test_real_entries_per_category(real, corpus_dir):
    parsed, _ = real
    got = Counter(
        "ML" if e.code.startswith("ML") else e.code[0] for e in parsed.entries if e.kind == EntryKind.ENTRY
    )
    assert got == {
        "ML": 30, "0": 13, "1": 95, "2": 53, "3": 47, "4": 15, "5": 13, "6": 37, "7": 36, "8": 8, "9": 63,
    }  # fmt: skip
    assert got == _independent_entry_codes(corpus_dir / "au" / "F2024L01024.docx")


def test_real_version_and_texts(real):
    parsed, _ = real
    assert parsed.version_date == date(2024, 8, 14)
    titles = [t.title for t in parsed.texts]
    assert "Division 4—Definitions" in titles
    commencement = next(t for t in parsed.texts if t.title == "Commencement date")
    assert commencement.text == "1 September 2024"


def test_real_exponents_minus_and_micro(real):
    _, by_key = real
    assert by_key["3a001.d.1"].text.endswith("power dissipation per gate (in watts) of less than 10⁻¹⁴ J; or")
    assert "10^{−14} J" in by_key["3a001.d.1"].attributes["markup"]
    assert (
        by_key["3a001.a.2.b"].text == "Rated for operation at an ambient temperature below 218 K (−55°C); or"
    )
    assert by_key["3a001.a.2.c"].text == (
        "Rated for operation over the entire ambient temperature range from 218 K (−55°C) to 398 K (125°C);"
    )
    assert by_key["3a001.a.1.a"].text == "A total dose of 5 x 10³ Gy (silicon) or higher;"
    assert "(−70 dBm)" in by_key["3a001.b.2.h"].text
    assert "greater than 30,000 A/µs and off-state" in by_key["3a001.g.1"].text  # w:sym Symbol F06D
    assert (
        by_key["6c004.c.2"].text
        == "Second order non-linear susceptibility (χ⁽²⁾, chi 2) of 3.3×10⁻¹¹ m/V or more;"
    )
    assert "silicon-on-sapphire" in by_key["3a001.a~note-1"].text
    assert "(CAS 2625-76-5)" in by_key["ml7.b.2.a.1"].text


def test_real_specific_entries(real):
    _, by_key = real
    ml1a = by_key["ml1.a"]
    assert (ml1a.kind, ml1a.parent_key, ml1a.regime) == (EntryKind.ITEM, "ml1", Regime.WASSENAAR)
    assert ml1a.text == "Rifles and combination guns, handguns, machine, sub-machine and volley guns;"
    assert by_key["ml2.d"].reserved and by_key["ml2.d"].attributes["not_used_since"] == 2019
    assert by_key["3a001.a.4"].reserved and by_key["3a001.a.8"].reserved
    assert by_key["3a001.b.1.a.5.c"].parent_key == "3a001.b.1.a.5"
    assert by_key["3a001.b.1.a.5.c"].text == "Multiple electron beams;"
    assert by_key["3a201.a.1.b"].text == "Energy storage greater than 10 J;"
    assert by_key["1c350.1"].parent_key == "1c350"  # a numbered first level
    assert by_key["1c350.1"].regime == Regime.AUSTRALIA_GROUP
    assert by_key["0a001"].regime == Regime.NSG
    assert by_key["1a102"].regime == Regime.MTCR
    assert by_key["3a901"].regime == Regime.NATIONAL and by_key["ml905"].regime == Regime.NATIONAL
    assert by_key["5a002"].parent_key == "5a2" and by_key["5a001"].parent_key == "5a1"
    assert by_key["8a002.o.3"].parent_key == "8a002.o"  # printed "A.⇥002.⇥o.⇥3." without its "8."
    note = by_key["3a001.b.2~note-3"]
    assert note.text.startswith("Notes 1 and 2 in 3A mean that 3A001.b.2. does not apply")
    assert by_key["3a001.b.2~note-1"].text == "Not used."  # grouped with Note 3, which names 3A001.b.2
    tn = by_key["3a001.a.5.a~tn-1"]
    assert tn.text.startswith(
        "For the purposes of 3A001.a.5.a.: 1. A resolution of n bit corresponds to a quantisation of 2ⁿ levels."
    )
    assert by_key["ml910~note-1"].text.startswith(
        "ML901 to ML910 do not include any of the following: a. nailing"
    )
    assert "e. tranquilliser guns;" in by_key["ml910~note-1"].text
    assert "ml910.e" not in by_key


def test_real_sensitive_lists(real):
    parsed, by_key = real
    rows = [e for e in parsed.entries if e.parent_key == "sensitive-list"]
    very = [e for e in parsed.entries if e.parent_key == "very-sensitive-list"]
    assert len(rows) > 100 and len(very) > 50
    assert by_key["sensitive-list~1b234"].text.startswith("High explosive containment vessels")
    assert set(by_key["1a002.a.1"].attributes["sensitive_lists"]) == {"Sensitive List", "Very Sensitive List"}
    assert by_key["1b234"].attributes["sensitive_lists"] == ["Sensitive List"]


def test_real_structure(real):
    parsed, _ = real
    seen: dict[str, object] = {}
    for e in parsed.entries:
        assert e.parent_key is None or e.parent_key in seen
        seen[e.key] = e
        assert e.key == e.key.lower() and e.key.isascii() and " " not in e.key
        assert "\t" not in e.text and "  " not in e.text and "\ue000" not in e.text
    for e in parsed.entries:
        if e.kind == EntryKind.ITEM:
            assert e.code.lower() == e.key.split("~")[0]
            parent = seen[e.parent_key]
            assert parent.kind in (EntryKind.ENTRY, EntryKind.ITEM)  # type: ignore[attr-defined]


def test_real_recognise(corpus_dir):
    from importers.registry import _HEAD_BYTES

    hits = []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        with open(path, "rb") as handle:
            if dsgl_docx.recognise(path, handle.read(_HEAD_BYTES)):
                hits.append(path.relative_to(corpus_dir).as_posix())
    assert hits == ["au/F2024L01024.docx"]


def test_real_golden(real):
    parsed, _ = real
    kinds = [EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP, EntryKind.ENTRY, EntryKind.ITEM, EntryKind.NOTE,
             EntryKind.TECHNICAL_NOTE, EntryKind.NB, EntryKind.SECTION]  # fmt: skip
    sample = []
    for kind in kinds:
        of_kind = [e for e in parsed.entries if e.kind == kind]
        step = max(1, len(of_kind) // 9)
        sample.extend(of_kind[::step][:9])
    sample.sort(key=lambda e: parsed.entries.index(e))
    assert 50 <= len(sample) <= 80
    assert_golden("au-dsgl", [entry_snapshot(e) for e in sample])

"""UK Strategic Export Control List (PDF) importer: tiny built PDFs, hostile input, the real document."""

from __future__ import annotations

import ctypes
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from importers import uk_pdf
from importers.errors import DocumentRefused
from importers.records import EntryKind, Regime, check_parsed
from tests.golden_files import assert_golden, entry_snapshot

UK_FILE = "uk/uk_export_control_list_2025-12-16.pdf"

# ---------------------------------------------------------------------------------------------
# A tiny PDF builder: each line is (x, y, text, font) with a PDF standard font.
# ---------------------------------------------------------------------------------------------

REGULAR, ITALIC, BOLD = "Helvetica", "Helvetica-Oblique", "Helvetica-Bold"


def build_pdf(path: Path, pages: list[list[tuple[float, float, str, str]]]) -> Path:
    document = pdfium.PdfDocument.new()
    for lines in pages:
        page = document.new_page(595, 842)
        for x, y, text, font in lines:
            obj = pdfium_c.FPDFPageObj_NewTextObj(document.raw, font.encode(), ctypes.c_float(10.0))
            encoded = (text + "\x00").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(encoded, len(encoded))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    document.save(str(path))
    document.close()
    return path


def footer(n: int, of: int, title: str = "UK Military List", name: str = "MLST_U22.docx") -> tuple:
    return (57, 38, f"{name} {title} (Page {n} of {of}) 16 Dec 2025", REGULAR)


def tiny_military(tmp_path: Path) -> Path:
    page1 = [
        footer(1, 2),
        (57, 780, "SCHEDULE 2", BOLD),
        (57, 760, "Definitions in this Schedule are not entries.", REGULAR),
        (57, 700, "ML1 Smooth-bore weapons with a calibre of less than 20 mm, other firearms", BOLD),
        (57, 686, "[WS]", REGULAR),
        (115, 686, "and accessories, as follows:", REGULAR),
        (115, 660, "N.B.: Weapons using rimfire ammunition are specified in PL9010.a.", ITALIC),
        (115, 630, "a. Rifles and combination guns;", REGULAR),
        (136, 610, "Note: ML1.a. does not control:", ITALIC),
        (180, 596, "a. Bayonets;", ITALIC),
        (180, 582, "b. Rifles manufactured earlier than 1938.", ITALIC),
        (115, 560, "b. Smooth-bore weapons as follows:", REGULAR),
        (136, 540, "1. Smooth-bore weapons specially designed for military use;", REGULAR),
    ]
    page2 = [
        footer(2, 2),
        (57, 780, "ML1 b.", REGULAR),  # the repeated context line: not an entry, not text
        (136, 760, "2. Fully automatic smooth-bore weapons with a range of 1.5 km;", REGULAR),
        (136, 740, "3. Not used;", REGULAR),
        (115, 720, "c. Weapons using caseless ammunition;", REGULAR),
        (57, 690, "ML2 Other armament, as follows:", BOLD),
        (57, 670, "[M2A1*]", REGULAR),
        (115, 670, "a. Guns and howitzers;", REGULAR),
        (136, 650, "Technical Note:", ITALIC),
        (136, 636, "For the purposes of ML2.a., a gun fires projectiles.", ITALIC),
    ]
    return build_pdf(tmp_path / "military.pdf", [page1, page2])


@pytest.fixture
def military(tmp_path):
    return uk_pdf.parse(tiny_military(tmp_path))


def by_code(parsed):
    return {e.code: e for e in parsed.entries}


def test_tiny_tree_codes_parents_and_order(military):
    codes = [e.code for e in military.entries]
    assert codes == [
        "UK Military List (Schedule 2 to the Export Control Order 2008)",
        "ML1",
        "ML1 N.B.",
        "ML1.a",
        "ML1.a Note",
        "ML1.b",
        "ML1.b.1",
        "ML1.b.2",
        "ML1.b.3",
        "ML1.c",
        "ML2",
        "ML2.a",
        "ML2.a Technical Note",
    ]
    entries = by_code(military)
    assert entries["ML1.b.2"].parent_key == "ml1.b"
    assert entries["ML1.c"].parent_key == "ml1"
    assert entries["ML1.a Note"].key == "ml1.a~note-1"
    assert entries["ML1.a Note"].kind == EntryKind.NOTE
    assert entries["ML2.a Technical Note"].kind == EntryKind.TECHNICAL_NOTE
    assert entries["ML1 N.B."].kind == EntryKind.NB


def test_tiny_texts_context_line_and_reserved(military):
    entries = by_code(military)
    assert entries["ML1"].text == (
        "Smooth-bore weapons with a calibre of less than 20 mm, other firearms and accessories, as follows:"
    )
    assert entries["ML1.b.2"].text == "Fully automatic smooth-bore weapons with a range of 1.5 km;"
    assert entries["ML1.a Note"].text == (
        "Note: ML1.a. does not control: a. Bayonets; b. Rifles manufactured earlier than 1938."
    )
    assert entries["ML1.b.3"].reserved is True
    assert entries["ML1.b.2"].reserved is False
    assert entries["ML1.b"].title == "Smooth-bore weapons"
    assert not any("ML1 b." in e.text for e in military.entries)
    assert not any("MLST_U22" in e.text or "Page 2 of 2" in e.text for e in military.entries)
    assert entries["ML1.b.2"].location == "page 2"
    # the definitions before ML1 are list text, not entries
    assert any("Definitions in this Schedule" in t.text for t in military.texts)
    assert military.version_date.isoformat() == "2025-12-16"


def test_tiny_regime_tags(military):
    entries = by_code(military)
    assert entries["ML1"].attributes["regime_tags"] == ["WS"]
    assert entries["ML1"].regime == Regime.WASSENAAR
    assert entries["ML2.a"].attributes["regime_tags"] == ["M2A1*"]
    assert entries["ML2.a"].regime == Regime.MTCR
    assert entries["ML2.a"].attributes["regime_see_source"] is True
    assert entries["ML2"].regime == Regime.WASSENAAR  # no tag: the Munitions List is Wassenaar's
    assert uk_pdf._regime_of_tag("N3A2a*") == Regime.NSG
    assert uk_pdf._regime_of_tag("T5.2.2") == Regime.NSG
    assert uk_pdf._regime_of_tag("A*") == Regime.AUSTRALIA_GROUP
    assert uk_pdf._regime_of_tag("C2B") == Regime.CWC
    assert uk_pdf._regime_of_tag("IV*") is None


def test_tiny_annex_category(tmp_path):
    title = "Dual-Use List - Category 3"
    page = [
        footer(1, 1, f"{title} [Page 1 of 1]".replace(" (", " "), "CAT3_R07.docx"),
        (57, 780, "CATEGORY 3 - ELECTRONICS", BOLD),
        (57, 760, "3A Systems, Equipment and Components", BOLD),
        (57, 730, "3A001 Electronic items as follows:", REGULAR),
        (57, 716, "[W]", REGULAR),
        (115, 700, "a. Devices rated for 5 x 103 Gy (Si);", REGULAR),
        (57, 670, "3A101 Other items;", REGULAR),
        (57, 656, "[M14A1]", REGULAR),
    ]
    # footer(...) above builds "(Page 1 of 1)"; the Annex I footers print "[Page 1 of 1]"
    page[0] = (57, 38, f"CAT3_R07.docx {title} [Page 1 of 1] 16 Dec 2025", REGULAR)
    parsed = uk_pdf.parse(build_pdf(tmp_path / "cat3.pdf", [page]))
    entries = by_code(parsed)
    assert entries["Category 3"].kind == EntryKind.CATEGORY and entries["Category 3"].key == "category-3"
    assert entries["3A"].kind == EntryKind.PRODUCT_GROUP and entries["3A"].parent_key == "category-3"
    assert entries["3A001"].parent_key == "3a" and entries["3A001"].regime == Regime.WASSENAAR
    assert entries["3A001.a"].text == "Devices rated for 5 x 103 Gy (Si);"
    assert entries["3A101"].regime == Regime.MTCR


# ---------------------------------------------------------------------------------------------
# Hostile input
# ---------------------------------------------------------------------------------------------


def test_refuses_non_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_text("<html>not a pdf</html>")
    with pytest.raises(DocumentRefused, match="not a PDF"):
        uk_pdf.parse(path)
    assert not uk_pdf.recognise(path, path.read_bytes())


def test_refuses_empty(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentRefused, match="empty"):
        uk_pdf.parse(path)


def test_refuses_truncated(tmp_path):
    good = tiny_military(tmp_path).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(DocumentRefused):
        uk_pdf.parse(path)


def test_refuses_garbage_after_header(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    with pytest.raises(DocumentRefused, match="PDFium"):
        uk_pdf.parse(path)


def test_refuses_zero_page_pdf(tmp_path):
    path = tmp_path / "nopages.pdf"
    document = pdfium.PdfDocument.new()
    document.save(str(path))
    document.close()
    with pytest.raises(DocumentRefused):
        uk_pdf.parse(path)


def test_refuses_other_pdf(tmp_path):
    path = build_pdf(
        tmp_path / "other.pdf", [[(57, 700, "Some other PDF without the list's footers", REGULAR)]]
    )
    with pytest.raises(DocumentRefused, match="footers"):
        uk_pdf.parse(path)
    assert not uk_pdf.recognise(path, path.read_bytes())


def test_refuses_oversized(tmp_path, monkeypatch):
    path = tiny_military(tmp_path)
    monkeypatch.setattr(uk_pdf, "MAX_BYTES", 100)
    with pytest.raises(DocumentRefused, match="cap"):
        uk_pdf.parse(path)


def encrypted_pdf(path: Path) -> Path:
    """A one-page PDF whose trailer names a Standard security handler: PDFium asks for a password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff>" % (
        len(objects) + 1
    )
    out += b" <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def test_refuses_encrypted(tmp_path):
    path = encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(DocumentRefused, match="encrypted"):
        uk_pdf.parse(path)
    assert not uk_pdf.recognise(path, path.read_bytes())


# ---------------------------------------------------------------------------------------------
# The real document
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(corpus_dir):
    path = corpus_dir / UK_FILE
    if not path.exists():
        pytest.skip(f"{path} missing")
    parsed = uk_pdf.parse(path)
    return parsed, {e.key: e for e in parsed.entries}, path


def test_real_recognised_and_checked(real, corpus_dir):
    parsed, _, path = real
    assert uk_pdf.recognise(path, path.read_bytes()[:65536])
    check_parsed(parsed)
    assert parsed.version_date.isoformat() == "2025-12-16"
    assert parsed.descriptor.jurisdiction == "uk" and parsed.descriptor.list_id == "secl"
    for other in corpus_dir.rglob("*"):
        if other.is_file() and other != path:
            assert not uk_pdf.recognise(other, other.read_bytes()[:65536]), other


def test_real_annex_i_entries_match_eu_index(real, corpus_dir):
    parsed, _, _ = real
    annex = [
        e.code for e in parsed.entries if e.kind == EntryKind.ENTRY and re.fullmatch(r"\d[A-E]\d{3}", e.code)
    ]
    assert len(annex) == 384 == len(set(annex))
    eu_file = next((corpus_dir / "eu").glob("*.json"))
    eu_codes = {row["code"] for row in json.loads(eu_file.read_text(encoding="utf-8"))["index"]}
    assert set(annex) == eu_codes


def test_real_counts_per_category(real, corpus_dir):
    parsed, _, _ = real
    per_category: dict[str, int] = {}
    for e in parsed.entries:
        if e.kind == EntryKind.ENTRY and re.fullmatch(r"\d[A-E]\d{3}", e.code):
            per_category[e.code[0]] = per_category.get(e.code[0], 0) + 1
    # the EU Annex I (a separate document and format) has the same entries category by category
    eu_file = next((corpus_dir / "eu").glob("*.json"))
    eu_per_category: dict[str, int] = {}
    for row in json.loads(eu_file.read_text(encoding="utf-8"))["index"]:
        eu_per_category[row["code"][0]] = eu_per_category.get(row["code"][0], 0) + 1
    assert per_category == eu_per_category
    assert sorted(per_category) == [str(n) for n in range(10)]
    military = [e.code for e in parsed.entries if e.kind == EntryKind.ENTRY and e.code.startswith("ML")]
    assert military == [f"ML{n}" for n in range(1, 23)]
    national = [e.code for e in parsed.entries if e.kind == EntryKind.ENTRY and e.code.startswith("PL")]
    assert national == [
        "PL5001",
        "PL8001",
        "PL9002",
        "PL9003",
        "PL9004",
        "PL9005",
        "PL9006",
        "PL9008",
        "PL9009",
        "PL9010",
        "PL9011",
        "PL9012",
    ]
    categories = [e.code for e in parsed.entries if e.kind == EntryKind.CATEGORY]
    assert categories == [f"Category {n}" for n in range(10)]


def test_real_structure_and_text(real):
    _, entries, _ = real
    e = entries["3a001"]
    assert e.text == "Electronic items as follows:" and e.parent_key == "3a"
    assert e.attributes["regime_tags"] == ["W"] and e.regime == Regime.WASSENAAR
    item = entries["3a001.a.1"]
    assert item.parent_key == "3a001.a"
    assert item.attributes["regime_tags"][0] == "M18A1*" and item.regime == Regime.MTCR
    assert item.location == "page 208"
    assert "3A001 a." not in entries["3a001.a"].text  # the page-top context line was dropped
    # the printed "5 x 103" stays in the text; the raised "3" is repaired in attributes
    assert entries["3a001.a.1.a"].text == "A total dose of 5 x 103 Gy (silicon) or higher;"
    assert (
        entries["3a001.a.1.a"].attributes["repaired_text"]
        == "A total dose of 5 x 10³ Gy (silicon) or higher;"
    )
    assert entries["ml1.a~note-1"].text.startswith("Note: ML1.a. does not control: a. Bayonets;")
    assert entries["ml4.a"].attributes["regime_tags"] == ["M-1"]
    assert "[M1A*]" in entries["ml4.a"].attributes["regime_tag_footnotes"]["M-1"]
    # a tag printed beside a note heading marks the entry, not the note
    assert entries["9e002"].attributes["regime_tags"] == ["W", "WS*", "WVS*", "M*", "IV*", "A*"]
    assert "regime_tags" not in entries["9e002~nb-1"].attributes
    assert entries["pl9002"].regime == Regime.NATIONAL
    assert entries["pl9002"].parent_key == "schedule-3~materials-chemicals-micro-organisms-and-toxins"
    assert entries["3b001.c"].reserved is True and entries["3b001.c"].text == "Not used;"
    assert entries["1c350"].regime == Regime.AUSTRALIA_GROUP
    assert entries["3a201.a.1.a"].text == "Voltage rating greater than 1.4 kV;"
    assert entries["3a201.a.1.d"].parent_key == "3a201.a.1"
    assert entries["6a001.a.1.a~tn-1"].text.startswith("Technical Note: For the purposes of 6A001.a.1.a.")
    assert entries["6a001.a.1.a.1"].parent_key == "6a001.a.1.a"
    assert entries["category-5-part-2"].parent_key == "category-5"
    assert entries["5a2"].parent_key == "category-5-part-2"


def test_real_decimal_points_units_and_no_page_furniture(real):
    parsed, entries, _ = real
    assert "4.5 K" in entries["3a001.b.10"].text or any("4.5 K" in e.text for e in parsed.entries)
    assert any("µ" in e.text for e in parsed.entries)
    furniture = re.compile(r"\.docx?\b|\[Page \d+ of \d+\]|\(Page \d+ of \d+\)")
    assert not [e.code for e in parsed.entries if furniture.search(e.text)]
    context = re.compile(r"(?:^|\s)(?:\d[A-E]\d{3}|ML\d+) (?:[a-z]|\d+)\. (?:[a-z]|\d+)\.\s*$")
    assert not [e.code for e in parsed.entries if context.search(e.text)]


def test_real_context_lines_agree_with_the_tree(real):
    _, _, path = real
    stats = uk_pdf.parse_stats(path)
    assert stats["context_lines"] > 150
    assert stats["context_mismatches"] == []


def test_real_golden(real):
    parsed, _, _ = real
    picked = []
    kinds: dict[str, int] = {}
    for index, e in enumerate(parsed.entries):
        # every 97th record, plus the first record of each kind: a deterministic spread
        if index % 97 == 0 or kinds.get(e.kind.value, 0) == 0:
            picked.append(entry_snapshot(e) | {"location": e.location})
        kinds[e.kind.value] = kinds.get(e.kind.value, 0) + 1
    assert 40 <= len(picked) <= 80
    assert_golden("uk-secl", picked)

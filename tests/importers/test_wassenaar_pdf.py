"""Wassenaar list PDF importer: tiny PDFs built here (text placed at the document's tab stops, with a
real raised superscript glyph), hostile input, and the real WA-LIST (25) 1 Corr. document."""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from importers import wassenaar_pdf
from importers.errors import DocumentRefused
from importers.records import EntryKind, check_parsed
from tests.golden_files import assert_golden, entry_snapshot

WA_NAME = "WA-LIST-25-1-Corr_List-of-Dual-Use-Goods-and-Technologies-and-ML-2025-Corr.pdf"

# --------------------------------------------------------------------------------------------------
# Builder for tiny PDFs: each page is a list of (x, y, size, text); text objects use a size-1 font
# scaled by the text matrix, as the real document does.


def _make_pdf(path: Path, pages: list[list[tuple[float | None, float, float, str]]]) -> Path:
    pdf = pdfium.PdfDocument.new()
    for items in pages:
        page = pdf.new_page(595, 842)
        right = 0.0
        for x, y, size, text in items:
            if x is None:  # set right after the previous text object (a superscript and what follows it)
                x = right
            obj = pdfium_raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 1.0)
            buffer = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
            pdfium_raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_raw.FPDF_WCHAR)))
            pdfium_raw.FPDFPageObj_Transform(obj, size, 0, 0, size, x, y)
            pdfium_raw.FPDFPage_InsertObject(page.raw, obj)
            left, bottom, right_c, top = (ctypes.c_float() for _ in range(4))
            pdfium_raw.FPDFPageObj_GetBounds(obj, left, bottom, right_c, top)
            right = right_c.value
        pdfium_raw.FPDFPage_GenerateContent(page.raw)
        page.close()
    pdf.save(str(path))
    pdf.close()
    return path


def _frame(page_no: int, header: str) -> list[tuple[float, float, float, str]]:
    footer = f"- {page_no} - 15-01-2026" if page_no % 2 == 0 else f"15-01-2026 - {page_no} -"
    return [
        (90, 795, 12, "_" * 40),
        (120, 769, 10, header),
        (90, 42, 10, "WA-LIST (25) 1 Corr."),
        (90, 30, 10, footer),
    ]


def _title_pages() -> list[list[tuple[float, float, float, str]]]:
    title = [
        (175, 750, 24, "Wassenaar Arrangement"),
        (120, 650, 20, "Dual-Use Goods and Technologies"),
        (50, 305, 28, "List of Dual-Use Goods and Technologies"),
        (270, 267, 28, "and"),
        (200, 228, 28, "Munitions List"),
    ]
    contents = [
        (90, 42, 10, "WA-LIST (25) 1 Corr."),
        (90, 30, 10, "- 2 - 15-01-2026"),
        (222, 781, 14, "CONTENTS"),
    ]
    notes = [
        (90, 42, 10, "WA-LIST (25) 1 Corr."),
        (90, 30, 10, "15-01-2026 - 3 -"),
        (255, 750, 11, "GENERAL TECHNOLOGY NOTE"),
        (90, 730, 11, 'The export of "technology" is controlled.'),
    ]
    return [title, contents, notes]


def _tiny_list(path: Path) -> Path:
    cat3 = _frame(4, "DUAL-USE LIST - CATEGORY 3 - ELECTRONICS") + [
        (90, 720, 11, "3. A. SYSTEMS, EQUIPMENT AND COMPONENTS"),
        # 3. A. 1. on the tab stops 90 / 107 / 126, text at 149
        (90, 700, 11, "3."),
        (107, 700, 11, "A."),
        (126, 700, 11, "1."),
        (149, 700, 11, "Electronic items, as follows:"),
        (149, 685, 11, "a. General purpose integrated circuits, as follows:"),
        (169, 670, 11, "1. Rated for operation above 398 K;"),
        (169, 655, 11, "2. Not used since 2010"),
        (190, 640, 11, "Note 3.A.1.a. does not apply to toys,"),
        (215, 628, 11, "whatever their size."),
        (149, 610, 11, "b. Rated for a total dose of 5 x 10"),
        (None, 614.5, 7, "3"),  # a raised 7 pt glyph, as the real document sets exponents
        (None, 610, 11, " Gy (Si);"),
        (169, 595, 11, "1. Having a resolution finer than 1 x 10-6 s;"),
        (169, 580, 11, "2. Designed for use in space;"),
        (193, 565, 11, "a. Hardened;"),
        (193, 550, 11, "b. Shielded;"),
        # a bare `c.` on the tab stop of depth 1 closes b.2 and b, it is 3.A.1.c (not 3.A.1.b.2.c)
        (149, 535, 11, "c. Not used since 2015"),
        (90, 510, 11, "3."),
        (107, 510, 11, "A."),
        (126, 510, 11, "1."),
        (149, 510, 11, "d."),
        (169, 510, 11, "1."),
        (193, 510, 11, "Printed in full after a page break;"),
        (169, 495, 11, "2. The last item."),
        (150, 480, 11, "Technical Note"),
        (150, 468, 11, "For the purposes of 3.A.1.d., 'printed' means set in type."),
        (125, 450, 11, "2. Not used since 2022"),
        (150, 435, 11, "N.B. For toys, see 3.A.1.a."),
    ]
    munitions = _frame(5, "MUNITIONS LIST") + [
        (86, 720, 11, "ML1. Smooth-bore weapons, as follows:"),
        (122, 705, 11, "a. Rifles;"),
        (122, 690, 11, "b. Not used since 2013"),
        (86, 670, 11, "ML2. Guns, as follows:"),
        (122, 655, 11, "a. Howitzers;"),
    ]
    return _make_pdf(path, [*_title_pages(), cat3, munitions])


@pytest.fixture
def tiny(tmp_path):
    path = _tiny_list(tmp_path / "wa-tiny.pdf")
    parsed = wassenaar_pdf.parse(path)
    return parsed, {e.key: e for e in parsed.entries}


def test_tiny_list_tree_codes_and_parents(tiny):
    parsed, by_key = tiny
    assert parsed.version_date == date(2026, 1, 15)
    codes = [(e.code, e.parent_key) for e in parsed.entries if e.kind in (EntryKind.ENTRY, EntryKind.ITEM)]
    assert codes == [
        ("3.A.1", "3.a"),
        ("3.A.1.a", "3.a.1"),
        ("3.A.1.a.1", "3.a.1.a"),
        ("3.A.1.a.2", "3.a.1.a"),
        ("3.A.1.b", "3.a.1"),
        ("3.A.1.b.1", "3.a.1.b"),
        ("3.A.1.b.2", "3.a.1.b"),
        ("3.A.1.b.2.a", "3.a.1.b.2"),
        ("3.A.1.b.2.b", "3.a.1.b.2"),
        ("3.A.1.c", "3.a.1"),
        ("3.A.1.d.1", "3.a.1"),  # 3.A.1.d itself was never printed: nearest printed ancestor, flagged
        ("3.A.1.d.2", "3.a.1"),
        ("3.A.2", "3.a"),
        ("ML1", "munitions-list"),
        ("ML1.a", "ml1"),
        ("ML1.b", "ml1"),
        ("ML2", "munitions-list"),
        ("ML2.a", "ml2"),
    ]
    assert by_key["3.a.1.d.1"].attributes["flags"] == ["parent_not_printed"]
    assert by_key["3.a.1.b.2.a"].attributes["eu_code"] == "3A001.b.2.a"
    assert by_key["3.a.1"].text == "Electronic items, as follows:"
    assert by_key["3.a.1.d.1"].text == "Printed in full after a page break;"
    assert by_key["category-3"].kind is EntryKind.CATEGORY and by_key["3.a"].kind is EntryKind.PRODUCT_GROUP
    check_parsed(type(parsed)(**{**parsed.__dict__, "descriptor": _no_bounds(parsed.descriptor)}))


def _no_bounds(descriptor):
    from dataclasses import replace

    return replace(descriptor, expected_counts={})


def test_tiny_list_reserved_notes_and_superscripts(tiny):
    parsed, by_key = tiny
    assert by_key["3.a.1.a.2"].reserved and by_key["3.a.1.a.2"].attributes["not_used_since"] == 2010
    assert by_key["3.a.1.c"].attributes["not_used_since"] == 2015
    assert by_key["3.a.2"].reserved and by_key["3.a.2"].kind is EntryKind.ENTRY
    assert by_key["ml1.b"].attributes["not_used_since"] == 2013
    assert not by_key["3.a.1.b"].reserved

    note = by_key["3.a.1.a~note-1"]
    assert note.kind is EntryKind.NOTE and note.parent_key == "3.a.1.a"
    assert note.text == "Note 3.A.1.a. does not apply to toys, whatever their size."
    # names 3.A.1.d, which was never printed: it goes to the deepest open node printed to its left
    tn = by_key["3.a.1~tn-1"]
    assert tn.kind is EntryKind.TECHNICAL_NOTE and tn.code == "3.A.1 Technical Note"
    assert tn.text == "Technical Note For the purposes of 3.A.1.d., 'printed' means set in type."
    nb = [e for e in parsed.entries if e.kind is EntryKind.NB]
    assert [n.text for n in nb] == ["N.B. For toys, see 3.A.1.a."]

    # the raised 7 pt glyph is read as a superscript: text keeps the flat reading, repaired has 10³
    dose = by_key["3.a.1.b"]
    assert dose.text == "Rated for a total dose of 5 x 103 Gy (Si);"
    assert dose.attributes["repaired_text"] == "Rated for a total dose of 5 × 10³ Gy (Si);"
    assert "flags" not in dose.attributes
    # "1 x 10-6" printed flat with no raised glyph: kept, not repaired, flagged
    flat = by_key["3.a.1.b.1"]
    assert flat.text == "Having a resolution finer than 1 x 10-6 s;"
    assert "repaired_text" not in flat.attributes
    assert flat.attributes["flags"] == ["ambiguous_superscript"]


def test_tiny_list_strips_running_headers_and_footers(tiny):
    parsed, _ = tiny
    for entry in parsed.entries:
        assert "WA-LIST" not in entry.text and "15-01-2026" not in entry.text, entry.code
        assert "DUAL-USE LIST" not in entry.text
    assert [t.title for t in parsed.texts][:1] == ["Dual-Use List: GENERAL TECHNOLOGY NOTE"]


def test_recognise_only_the_wassenaar_list(tmp_path):
    path = _tiny_list(tmp_path / "wa.pdf")
    assert wassenaar_pdf.recognise(path, path.read_bytes()[:65536])
    other = _make_pdf(
        tmp_path / "other.pdf", [[(90, 700, 11, "Some other PDF")], [(90, 700, 11, "page two")]]
    )
    assert not wassenaar_pdf.recognise(other, other.read_bytes()[:65536])
    text = tmp_path / "notes.md"
    text.write_text("# Wassenaar Arrangement Munitions List List of Dual-Use Goods and Technologies\n")
    assert not wassenaar_pdf.recognise(text, text.read_bytes())


def test_refuses_non_pdf(tmp_path):
    path = tmp_path / "list.pdf"
    path.write_bytes(b"<html><body>Wassenaar Arrangement</body></html>")
    with pytest.raises(DocumentRefused, match="not a PDF"):
        wassenaar_pdf.parse(path)


def test_refuses_truncated_pdf(tmp_path):
    full = _tiny_list(tmp_path / "full.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(DocumentRefused, match="truncated"):
        wassenaar_pdf.parse(path)


def test_refuses_garbage_after_pdf_header(tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    with pytest.raises(DocumentRefused):
        wassenaar_pdf.parse(path)


def test_refuses_oversized_file(tmp_path, monkeypatch):
    path = _tiny_list(tmp_path / "wa.pdf")
    monkeypatch.setattr(wassenaar_pdf, "MAX_BYTES", 1000)
    with pytest.raises(DocumentRefused, match="cap"):
        wassenaar_pdf.parse(path)


def test_refuses_a_pdf_that_is_not_the_list(tmp_path):
    path = _make_pdf(tmp_path / "other.pdf", [[(90, 700, 11, "Annual report 2025")], [(90, 700, 11, "x")]])
    with pytest.raises(DocumentRefused, match="not the Wassenaar"):
        wassenaar_pdf.parse(path)


def test_eu_code_form():
    assert wassenaar_pdf.eu_code("3.A.1.a.2.b") == "3A001.a.2.b"
    assert wassenaar_pdf.eu_code("9.E.3.a.11") == "9E003.a.11"
    assert wassenaar_pdf.eu_code("6.A") == "6A"
    assert wassenaar_pdf.eu_code("ML1.a") is None


# --------------------------------------------------------------------------------------------------
# The real document


@pytest.fixture(scope="module")
def real(corpus_dir):
    path = corpus_dir / "wa" / WA_NAME
    parsed = wassenaar_pdf.parse(path)
    check_parsed(parsed)
    return parsed


@pytest.fixture(scope="module")
def by_key(real):
    return {e.key: e for e in real.entries}


@pytest.fixture(scope="module")
def page_text(corpus_dir):
    """The plain text layer of every page, read independently of the importer's glyph pass."""
    pdf = pdfium.PdfDocument(str(corpus_dir / "wa" / WA_NAME))
    try:
        pages = []
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
        return pages
    finally:
        pdf.close()


def _main_entries(real):
    return [e for e in real.entries if e.kind is EntryKind.ENTRY and "sensitive_list" not in e.attributes]


@pytest.mark.corpus
def test_real_descriptor_counts_and_version(real):
    assert real.version_date == date(2026, 1, 15)
    assert real.descriptor.jurisdiction == "wa" and real.descriptor.list_id == "wassenaar"
    counts = real.counts()
    assert counts["category"] == 10  # Categories 1-9 and the Munitions List; no Category 0
    assert counts["product_group"] == 50  # 5 groups x 9 categories + the 5 groups of Category 5 Part 2
    assert "category-0" not in {e.key for e in real.entries}


@pytest.mark.corpus
def test_real_entries_per_category_match_the_text(real, page_text):
    """Entries per product group against a regex over the text layer: every `3. A. 12.` code printed
    in full is an entry, numbering is contiguous, and the last number printed is the group's size."""
    printed: dict[str, set[int]] = {}
    for text in page_text[3:169]:  # Dual-Use List pages (Sensitive Lists start on page 170)
        for match in re.finditer(r"(?m)^\s*(\d)\. ([A-E])\. (\d{1,2})\.", text):
            printed.setdefault(f"{match.group(1)}.{match.group(2)}", set()).add(int(match.group(3)))
    parsed: dict[str, list[int]] = {}
    for entry in _main_entries(real):
        if entry.code.startswith("ML"):
            continue
        group, number = entry.code.rsplit(".", 1)
        parsed.setdefault(group, []).append(int(number))
    for group, numbers in printed.items():
        assert numbers <= set(parsed[group]), group
        assert parsed[group] == list(range(1, len(parsed[group]) + 1)), group
        assert max(parsed[group]) >= max(numbers), group
    per_category = Counter(e.code[0] for e in _main_entries(real) if not e.code.startswith("ML"))
    # read off the document: 1.A.1-8, 1.B.1-3, 1.C.1-12, 1.D.1-3, 1.E.1-2 = 28, ...
    assert per_category == {"1": 28, "2": 16, "3": 21, "4": 10, "5": 10, "6": 30, "7": 20, "8": 8, "9": 30}


@pytest.mark.corpus
def test_real_munitions_list_ml1_to_ml22(real, page_text):
    ml = [e.code for e in _main_entries(real) if e.code.startswith("ML")]
    headings = set()
    for text in page_text[181:215]:
        headings |= {int(m) for m in re.findall(r"(?m)^\s*ML(\d{1,2})\.\s+[A-Z\"']", text)}
    assert ml == [f"ML{n}" for n in range(1, 23)]
    assert headings == set(range(1, 23))
    for entry in real.entries:
        if entry.code.startswith("ML") and entry.kind is EntryKind.ITEM:
            assert "eu_code" not in entry.attributes


@pytest.mark.corpus
def test_real_not_used_slots(real, page_text):
    """All 160 "Not used since" slots are accounted for: a reserved record each, or (12 of them) a line
    of a note's own list, which stays in the note's text."""
    printed = sum(len(re.findall(r"Not used since \d{4}", text)) for text in page_text)
    assert printed == 160
    reserved = [e for e in real.entries if e.reserved]
    inside = sum(len(re.findall(r"Not used since \d{4}", e.text)) for e in real.entries if not e.reserved)
    assert len(reserved) + inside == printed
    assert len(reserved) == 148
    assert all(isinstance(e.attributes["not_used_since"], int) for e in reserved)
    assert Counter(e.attributes["not_used_since"] for e in reserved)[2025] >= 1


@pytest.mark.corpus
def test_real_specific_entries(by_key):
    item = by_key["3.a.1.a.2.b"]
    assert (item.code, item.kind, item.parent_key) == ("3.A.1.a.2.b", EntryKind.ITEM, "3.a.1.a.2")
    assert item.attributes["eu_code"] == "3A001.a.2.b"
    assert item.text == "Rated for operation at an ambient temperature below 218 K (-55°C); or"

    entry = by_key["3.a.1"]
    assert (
        entry.kind is EntryKind.ENTRY and entry.parent_key == "3.a" and entry.attributes["eu_code"] == "3A001"
    )

    slot = by_key["3.a.1.a.5.a.1"]
    assert slot.reserved and slot.attributes["not_used_since"] == 2025 and slot.text == "Not used since 2025"

    modulus = by_key["1.a.2.b.1.a"]
    assert modulus.text == 'A "specific modulus" exceeding 10.15 x 106 m; and'
    assert modulus.attributes["repaired_text"] == 'A "specific modulus" exceeding 10.15 × 10⁶ m; and'

    adc = by_key["3.a.1.a.5.a.2"]
    assert adc.text.startswith("A resolution of 10 bit or more, but less than 12 bit")
    assert "600 Mega Samples Per Second (MSPS);" in adc.text

    assert (
        by_key["ml1.a"].text == "Rifles and combination guns, handguns, machine, sub-machine and volley guns;"
    )
    assert by_key["ml8.a.17"].parent_key == "ml8.a"
    assert by_key["ml8.a.17"].text == "NTNMH (1-(2-nitrotriazolo)-2-dinitromethylene hydrazine);"
    assert by_key["6.b.1"].text == "ACOUSTICS - None"
    assert by_key["9.e.3.a.11"].parent_key == "9.e.3.a"
    assert by_key["7.a.1.a"].parent_key == "7.a.1"  # first item after an N.B. under the heading


@pytest.mark.corpus
def test_real_notes(by_key, real):
    note = by_key["3.a.1.a.2~note-1"]
    assert note.kind is EntryKind.NOTE and note.parent_key == "3.a.1.a.2"
    assert note.text == (
        "Note 3.A.1.a.2. does not apply to integrated circuits designed for civil automobile or railway "
        "train applications."
    )
    # "Technical Notes / For the purposes of 1.A.4.a.:" belongs to 1.A.4.a and keeps its own 1., 2.
    tn = by_key["1.a.4.a~tn-1"]
    assert tn.kind is EntryKind.TECHNICAL_NOTE
    assert tn.text == (
        "Technical Notes For the purposes of 1.A.4.a.: 1. Full face masks are also known as gas masks. "
        "2. Filter canisters include filter cartridges."
    )
    # scoped: "For the purposes of 3.A.1.a. Note:"
    assert by_key["3.a.1.a~tn-1"].text.startswith("Technical Notes For the purposes of 3.A.1.a. Note: 1.")
    # "Note 3 1.A.2.b.1. does not apply ..." is a child of the node it names
    numbered = [e for e in real.entries if e.parent_key == "1.a.2" and e.kind is EntryKind.NOTE]
    assert [(n.title, n.key) for n in numbered] == [
        ("Note 1", "1.a.2~note-1"),
        ("Note 2", "1.a.2~note-2"),
        ("Note 4", "1.a.2~note-3"),
    ]
    scoped = [e for e in real.entries if e.parent_key == "1.a.2.b.1" and e.kind is EntryKind.NOTE]
    assert [n.title for n in scoped] == ["Note 3", "Note 5"]
    assert scoped[1].text == (
        'Note 5 1.A.2.b.1. does not apply to mechanically chopped, milled, or cut carbon "fibrous or '
        'filamentary materials" 25.0 mm or less in length.'
    )
    nb = [e for e in real.entries if e.parent_key == "1.a.5" and e.kind is EntryKind.NB]
    assert [n.title for n in nb] == ["N.B. 1", "N.B. 2"]
    assert (
        nb[1].text
        == "N.B.2. For body armour manufactured to military standards or specifications, see entry ML13.d."
    )
    for entry in real.entries:
        if entry.kind in (EntryKind.NOTE, EntryKind.TECHNICAL_NOTE, EntryKind.NB):
            assert re.search(r"~(note|tn|nb)-\d+$", entry.key), entry.key


@pytest.mark.corpus
def test_real_sensitive_lists(by_key, real):
    refs = [e for e in real.entries if "refers_to" in e.attributes]
    assert Counter(e.attributes["sensitive_list"] for e in refs) == {"SL": 106, "VSL": 40}
    mmic = by_key["sl:3.a.1.b.2"]
    assert mmic.attributes == {"sensitive_list": "SL", "refers_to": "3.a.1.b.2", "eu_code": "3A001.b.2"}
    assert mmic.parent_key == "sl:category-3"
    assert "3.a.1.b.2" in by_key
    vsl = by_key["vsl:6.a.1.a.2.a.3"]
    assert vsl.text == "Hydrophones...Having any..."
    grouped = by_key["sl:6.a.2.a.1.a"]  # printed over three lines, ending in "," and "&"
    assert grouped.code == "6.A.2.a.1.a, 6.A.2.a.1.b & 6.A.2.a.1.c"
    assert grouped.attributes["refers_to_all"] == ["6.a.2.a.1.a", "6.a.2.a.1.b", "6.a.2.a.1.c"]
    assert grouped.text == '"Space-qualified" solid-state detectors...'
    ranged = by_key["sl:7.d.3.d.1"]
    assert ranged.code == "7.D.3.d.1 to 7.D.3.d.4 & 7.D.3.d.7" and ranged.attributes["range"] is True
    assert ranged.reserved and ranged.attributes["not_used_since"] == 2012
    # code-only lines in a column, their texts in the next: paired in order
    assert by_key["sl:6.a.1.a.2.a.5"].text == "Hydrophones...Designed to operate..."
    # slots removed from the Dual-Use List are referenced as they were
    assert by_key["sl:6.a.6.g"].attributes["refers_to_missing"] == ["6.a.6.g"]
    for entry in refs:
        if "refers_to_missing" not in entry.attributes:
            assert entry.attributes["refers_to"] in by_key, entry.key


@pytest.mark.corpus
def test_real_superscripts(real):
    repaired = [e for e in real.entries if "repaired_text" in e.attributes]
    assert len(repaired) >= 80
    for entry in repaired:
        assert re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿⁱ×]", "", entry.attributes["repaired_text"]) != entry.text
    ambiguous = {e.code for e in real.entries if "ambiguous_superscript" in e.attributes.get("flags", [])}
    assert "3.A.1.e.1.a" in ambiguous  # "20oC": a raised "o" that is a degree sign or nothing
    assert "8.E.2.c.4 Technical Note" in ambiguous  # "(...)2/3": a raised fraction


@pytest.mark.corpus
def test_real_texts_and_no_running_headers(real):
    titles = [t.title for t in real.texts]
    assert "Dual-Use List: GENERAL TECHNOLOGY NOTE" in titles
    assert 'Definition: "Accuracy"' in titles and 'Definition: "Asymmetric algorithm"' in titles
    assert sum(t.startswith("Definition:") for t in titles) > 100
    for entry in real.entries:
        assert "WA-LIST (25)" not in entry.text and "15-01-2026" not in entry.text, entry.code
        assert not re.search(r"DUAL-USE LIST - CATEGORY", entry.text), entry.code


@pytest.mark.corpus
def test_real_recognise(corpus_dir):
    for path in sorted(corpus_dir.rglob("*")):
        if not path.is_file():
            continue
        head = path.read_bytes()[:65536]
        assert wassenaar_pdf.recognise(path, head) is (path.name == WA_NAME), path


@pytest.mark.corpus
def test_real_golden(real):
    structural = [e for e in real.entries if e.kind in (EntryKind.CATEGORY, EntryKind.SECTION)][:12]
    rest = [e for e in real.entries if e.kind not in (EntryKind.CATEGORY, EntryKind.SECTION)]
    step = len(rest) // 60
    sample = structural + rest[::step][:60]
    assert_golden("wa-wassenaar", [entry_snapshot(e) for e in sample])

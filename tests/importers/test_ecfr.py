"""eCFR importer: the CCL (15 CFR 774 Supp. 1), the Country Chart (738 Supp. 1), the Country Groups (740 Supp. 1).

Unit tests build tiny eCFR documents in tmp_path; real-document tests read HARMONIZE_CORPUS/us.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from importers import ecfr
from importers.errors import DocumentRefused
from importers.records import EntryKind, Regime, check_parsed
from importers.registry import parse_document
from importers.safe_xml import parse_xml_file
from tests.golden_files import assert_golden, entry_snapshot

# ---------------------------------------------------------------------------------------------------
# tiny documents

CCL_HEAD = '<?xml version="1.0"?>\n<DIV5 N="774" TYPE="PART" VOLUME="3">\n<HEAD>PART 774</HEAD>\n'
SUPP1 = '<DIV9 N="Supplement No. 1 to Part 774" TYPE="APPENDIX">\n<HEAD>Supplement No. 1</HEAD>\n'

REASON_TABLE = """<DIV width="100%"><DIV class="gpotbl_div"><TABLE><THEAD><TR><TH>Control(s)</TH>
<TH>Country chart<br/>(see Supp. No. 1 to part 738)</TH></TR></THEAD><TBODY>
<TR><TD>NS applies to 9A001.a.1 and a.2</TD><TD>NS Column 1.</TD></TR>
<TR><TD>MT applies to entire entry</TD><TD>MT Column 1.</TD></TR>
<TR><TD>AT applies to entire entry</TD><TD>AT Column 1.</TD></TR>
</TBODY></TABLE></DIV></DIV>"""


def ccl_doc(body: str) -> str:
    return CCL_HEAD + SUPP1 + body + "\n</DIV9>\n</DIV5>\n"


TINY_BODY = f"""
<HD1>Category 9&#x2014;Aerospace and Propulsion</HD1>
<HD1>A. &#x201C;End Items&#x201D;</HD1>
<FP-2><B>9A001 Engines as follows (see List of Items Controlled).</B></FP-2>
<FP-1><E T="04">License Requirements</E></FP-1>
<FP-1><I>Reason for Control:</I> NS, MT, AT</FP-1>
{REASON_TABLE}
<FP-1><E T="05">List Based License Exceptions (See Part 740 for a Description of All License Exceptions)</E></FP-1>
<FP-1><I>LVS:</I> $1500</FP-1>
<FP-1><E T="04">List of Items Controlled</E></FP-1>
<FP-1><I>Related Controls:</I> See also 9A101.</FP-1>
<FP-1><I>Related Definitions:</I> N/A</FP-1>
<FP><I>Items:</I> a. Engines having any of the following:</FP>
<P>a.1. A thrust of 5 &#xD7; 10
<SU>3</SU> N or more;</P>
<P>a.2. A particle size of 50 &#xD7; 10<E T="51">&#x2212;6</E> m (50 &#xB5;m); <I>or</I></P>
<P>a.2.a. Using SiO<E T="52">2</E> coatings;</P>
<NOTE><HED><I>Note to 9A001.a.1:</I></HED><P><I>9A001.a.1 does not control toys.</I></P></NOTE>
<NOTE><HED><I>Technical Note:</I></HED><P><I>Thrust is measured at sea level.</I></P></NOTE>
<NOTE><HED><I>N.B.:</I></HED><P><I>See also 9A101.</I></P></NOTE>
<P>b. through d. [Reserved]</P>
<P>e.1 Parts without a parent paragraph;</P>
<NOTE><HED><I>Note:</I></HED><P><I>9A001 does not control museum pieces.</I></P></NOTE>
<FP-1><B>9A002 Marine gas turbine engines.</B></FP-1>
<FP-1><E T="04">License Requirements</E></FP-1>
<FP-1><I>Reason for Control:</I> AT</FP-1>
<FP-1><I>Control(s):</I> AT applies to entire entry. A license is required for North Korea.</FP-1>
<FP-1><E T="04">List of Items Controlled</E></FP-1>
<FP><I>Items:</I></FP>
<P>The list of items controlled is contained in the ECCN heading.</P>
<HD1>B. &#x201C;Test&#x201D; Equipment</HD1>
<FP-2><B>9B610</B> <E T="04">&#x201C;</E><B>Test</B><E T="04">&#x201D;</E> <B>equipment.</B></FP-2>
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def tiny(tmp_path: Path):
    return ecfr.parse_ccl(write(tmp_path, "part774-2026-09-01.xml", ccl_doc(TINY_BODY)))


def by_key(parsed):
    return {e.key: e for e in parsed.entries}


def test_tiny_tree_and_codes(tiny):
    entries = by_key(tiny)
    assert [e.code for e in tiny.entries if e.kind == EntryKind.ENTRY] == ["9A001", "9A002", "9B610"]
    assert entries["category-9"].kind == EntryKind.CATEGORY and entries["category-9"].code == "Category 9"
    assert entries["9a"].parent_key == "category-9" and entries["9a"].kind == EntryKind.PRODUCT_GROUP
    assert entries["9a001"].parent_key == "9a"
    assert entries["9b610"].parent_key == "9b"
    assert entries["9b610"].title == "“Test” equipment."  # heading split over B and E runs
    assert entries["9a001.a"].parent_key == "9a001"
    assert entries["9a001.a"].title == "Engines"  # the inline item after "Items:"
    assert entries["9a001.a.1"].parent_key == "9a001.a"
    assert entries["9a001.a.2.a"].parent_key == "9a001.a.2"
    assert entries["9a001.e.1"].parent_key == "9a001"
    assert "missing_parent_label" in entries["9a001.e.1"].attributes["flags"]
    assert tiny.version_date == date(2026, 9, 1)
    # every parent precedes its child
    seen = set()
    for entry in tiny.entries:
        assert entry.parent_key is None or entry.parent_key in seen
        seen.add(entry.key)


def test_tiny_superscripts_and_subscripts_are_not_glued(tiny):
    entries = by_key(tiny)
    assert entries["9a001.a.1"].text == "a.1. A thrust of 5 × 10³ N or more;"
    assert entries["9a001.a.2"].text == "a.2. A particle size of 50 × 10⁻⁶ m (50 µm); or"
    assert entries["9a001.a.2.a"].text == "a.2.a. Using SiO₂ coatings;"
    assert "superscript" in entries["9a001.a.1"].attributes["flags"]
    assert "subscript" in entries["9a001.a.2.a"].attributes["flags"]


def test_tiny_reserved_range(tiny):
    reserved = by_key(tiny)["9a001.b"]
    assert reserved.reserved and reserved.text == "b. through d. [Reserved]"
    assert reserved.attributes["range_end"] == "d"


def test_tiny_notes_attach_where_they_belong(tiny):
    entries = by_key(tiny)
    note = entries["9a001.a.1~note-1"]  # named in its heading, though it follows a.2.a
    assert note.kind == EntryKind.NOTE and note.attributes["attached_by"] == "heading"
    assert note.text == "Note to 9A001.a.1: 9A001.a.1 does not control toys."
    assert entries["9a001.a.2.a~tn-1"].kind == EntryKind.TECHNICAL_NOTE  # positional
    assert entries["9a001.a.2.a~nb-1"].kind == EntryKind.NB
    assert entries["9a001~note-1"].text == "Note: 9A001 does not control museum pieces."  # names the ECCN


def test_tiny_reasons_and_header_text(tiny):
    entries = by_key(tiny)
    reasons = entries["9a001"].reasons
    assert [(r.reason, r.country_chart_column) for r in reasons] == [
        ("NS", "NS1"),
        ("MT", "MT1"),
        ("AT", "AT1"),
    ]
    assert reasons[0].applies_to == "9A001.a.1 and a.2"
    assert reasons[0].paragraphs == ["9a001.a.1", "9a001.a.2"]
    assert reasons[1].paragraphs == ["9a001"]
    assert entries["9a001"].attributes["related_controls"] == "See also 9A101."
    assert entries["9a001"].attributes["license_exceptions"]["LVS"] == "$1500"
    assert "Reason for Control: NS, MT, AT" in entries["9a001~license-requirements"].text
    assert (
        entries["9a002"].reasons[0].reason == "AT"
        and entries["9a002"].reasons[0].applies_to == "entire entry"
    )
    assert (
        entries["9a002"].attributes["items_text"]
        == "The list of items controlled is contained in the ECCN heading."
    )
    assert entries["9a002"].regime == Regime.WASSENAAR
    assert entries["9b610"].regime == Regime.NATIONAL


def test_tiny_count_bounds_refuse(tmp_path: Path):
    path = write(tmp_path, "part774-2026-09-01.xml", ccl_doc(TINY_BODY))
    with pytest.raises(DocumentRefused, match="expected"):
        parse_document(path, ecfr.CCL)


def test_version_date_must_be_in_file_name(tmp_path: Path):
    path = write(tmp_path, "part774.xml", ccl_doc(TINY_BODY))
    with pytest.raises(DocumentRefused, match="YYYY-MM-DD"):
        ecfr.parse_ccl(path)


@pytest.mark.parametrize(
    "content",
    [
        ccl_doc(TINY_BODY)[:900],  # truncated
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<DIV5 N="774" TYPE="PART">&a;</DIV5>',
        '{"entries": []}',  # wrong format
        '<?xml version="1.0"?><DIV5 N="740" TYPE="PART"><DIV9 N="Supplement No. 1 to Part 740"/></DIV5>',
    ],
)
def test_hostile_or_wrong_documents_refused(tmp_path: Path, content: str):
    path = write(tmp_path, "doc-2026-09-01.xml", content)
    with pytest.raises(DocumentRefused):
        ecfr.parse_ccl(path)
    with pytest.raises(DocumentRefused):
        ecfr.parse_country_chart(path)


def test_recognise_by_content_not_name(tmp_path: Path):
    ccl = ccl_doc(TINY_BODY).encode()
    chart = CHART.encode()
    groups = GROUPS.encode()
    assert ecfr.recognise_ccl(Path("x.json"), ccl)
    assert not ecfr.recognise_country_chart(Path("x"), ccl) and not ecfr.recognise_country_groups(
        Path("x"), ccl
    )
    assert ecfr.recognise_country_chart(Path("x"), chart) and not ecfr.recognise_ccl(Path("x"), chart)
    assert ecfr.recognise_country_groups(Path("x"), groups) and not ecfr.recognise_ccl(Path("x"), groups)
    for other in (
        b'{"eccn": "3A001"}',
        b'# PROVENANCE\n<DIV5 N="774" TYPE="PART">',
        b"PK\x03\x04",
        b"%PDF-1.7",
    ):
        assert not any(d.recognise(Path("part774-2026-09-01.ecfr.xml"), other) for d in ecfr.DESCRIPTORS)


CHART = """<?xml version="1.0" encoding="UTF-8"?>
<DIV9 N="Supplement No. 1 to Part 738" TYPE="APPENDIX"><HEAD>Commerce Country Chart</HEAD>
<DIV><DIV class="gpotbl_div"><TABLE><THEAD>
<TR><TH rowspan="2">Countries</TH><TH colspan="2">National<br></br>security</TH><TH>Anti-terrorism</TH></TR>
<TR><TH>NS 1</TH><TH>NS 2</TH><TH>AT 1</TH></TR></THEAD><TBODY>
<TR><TD>Albania <sup>2</sup> <sup>3</sup></TD><TD>X</TD><TD></TD><TD>X</TD></TR>
<TR><TD>Cuba</TD><TD colspan="3">See part 746 of the EAR.</TD></TR>
<TR><TD>Seycheles</TD><TD></TD><TD></TD><TD></TD></TR>
</TBODY><TFOOT><TR><TD colspan="4"><sup>2</sup> Footnote two.</TD></TR>
<TR><TD colspan="4"><sup>3</sup> Footnote three.</TD></TR></TFOOT></TABLE></DIV></DIV>
<CITA TYPE="N">[90 FR 47189, Sept. 30, 2025]</CITA></DIV9>
"""


def test_tiny_country_chart(tmp_path: Path):
    parsed = ecfr.parse_country_chart(write(tmp_path, "chart.xml", CHART))
    rows = {r.key: r.data for r in parsed.reference if r.table == "us_country_chart"}
    assert rows["AL"]["columns"] == {"NS1": True, "NS2": False, "AT1": True}
    assert rows["AL"]["footnotes"] == [2, 3] and rows["AL"]["name_as_printed"] == "Albania"
    assert rows["CU"]["embargoed"] and rows["CU"]["text"] == "See part 746 of the EAR."
    assert rows["SC"]["columns"] == {"NS1": False, "NS2": False, "AT1": False}
    notes = {r.key: r.data["text"] for r in parsed.reference if r.table == "us_country_chart_footnote"}
    assert notes == {"2": "Footnote two.", "3": "Footnote three."}
    assert parsed.version_date == date(2025, 9, 30)  # no date in the name: the latest FR citation


def test_country_chart_unknown_country_refused(tmp_path: Path):
    path = write(tmp_path, "chart-2026-09-01.xml", CHART.replace("Seycheles", "Atlantis"))
    with pytest.raises(DocumentRefused, match="Atlantis"):
        ecfr.parse_country_chart(path)


GROUPS = """<?xml version="1.0" encoding="UTF-8"?>
<DIV5 N="740" TYPE="PART"><DIV9 N="Supplement No. 1 to Part 740" TYPE="APPENDIX"><HEAD>Country Groups</HEAD>
<DIV><DIV class="gpotbl_div"><TABLE><CAPTION><P class="title">Country Group A</P></CAPTION><THEAD>
<TR><TH>Country</TH><TH>[A:1]<br/>Wassenaar<sup>1</sup></TH><TH>[A:6]</TH></TR></THEAD><TBODY>
<TR><TD>Albania</TD><TD/><TD>X</TD></TR><TR><TD>Argentina</TD><TD>X</TD><TD/></TR></TBODY>
<TFOOT><TR><TD colspan="3"><sup>1</sup> Except Malta.</TD></TR></TFOOT></TABLE></DIV></DIV>
<HD1>Country Group B&#x2014;Countries</HD1><SCOL2><LI>Afghanistan</LI><LI>The Bahamas</LI></SCOL2>
<HD1>Country Group C [Reserved]</HD1>
<CITA TYPE="N">[61 FR 12768, Mar. 25, 1996]</CITA></DIV9></DIV5>
"""


def test_tiny_country_groups(tmp_path: Path):
    parsed = ecfr.parse_country_groups(write(tmp_path, "groups-2026-09-01.xml", GROUPS))
    groups = {r.key: r.data for r in parsed.reference}
    assert list(groups) == ["A:1", "A:6", "B", "C"]
    assert groups["A:1"]["members"] == ["AR"] and groups["A:1"]["notes"][0]["text"] == "Except Malta."
    assert groups["A:6"]["members"] == ["AL"]
    assert groups["B"]["members"] == ["AF", "BS"] and groups["B"]["members_as_printed"][1] == "The Bahamas"
    assert groups["C"]["reserved"] and groups["C"]["members"] == []
    assert parsed.version_date == date(2026, 9, 1)


# ---------------------------------------------------------------------------------------------------
# the real documents

CATEGORY_COUNTS = {"0": 62, "1": 136, "2": 89, "3": 78, "4": 24, "5": 25, "6": 60, "7": 46, "8": 22, "9": 96}


@pytest.fixture(scope="module")
def us_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "us"


@pytest.fixture(scope="module")
def ccl(us_dir: Path):
    started = time.monotonic()
    parsed = parse_document(us_dir / "part774-2026-09-01.ecfr.xml", ecfr.CCL)
    assert time.monotonic() - started < 20
    return parsed


@pytest.fixture(scope="module")
def ccl_keys(ccl):
    return by_key(ccl)


@pytest.fixture(scope="module")
def chart(us_dir: Path):
    return parse_document(us_dir / "country-chart-part738-supp1.ecfr.xml", ecfr.COUNTRY_CHART)


@pytest.fixture(scope="module")
def groups(us_dir: Path):
    return parse_document(us_dir / "country-groups-part740-supp1.ecfr.xml", ecfr.COUNTRY_GROUPS)


@pytest.fixture(scope="module")
def derived(us_dir: Path):
    return json.loads((us_dir / "ccl-part774-supp1.derived-index.seelpeed.json").read_text(encoding="utf-8"))


def test_real_recognise(us_dir: Path):
    claims = {}
    for path in sorted(us_dir.iterdir()):
        head = path.read_bytes()[: 64 * 1024]
        claims[path.name] = [d.list_id for d in ecfr.DESCRIPTORS if d.recognise(path, head)]
    assert claims == {
        "PROVENANCE.md": [],
        "ccl-part774-supp1.derived-index.seelpeed.json": [],
        "country-chart-part738-supp1.ecfr.xml": ["country-chart"],
        "country-groups-part740-supp1.ecfr.xml": ["country-groups"],
        "part774-2026-09-01.ecfr.xml": ["ccl"],
    }


def test_real_other_corpus_files_not_claimed(corpus_dir: Path):
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file() and "us" not in p.parts[-2:-1]):
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
        assert not any(d.recognise(path, head) for d in ecfr.DESCRIPTORS), path


def test_real_eccn_counts_per_category(ccl, us_dir: Path):
    ours = Counter(e.code[0] for e in ccl.entries if e.kind == EntryKind.ENTRY)
    assert ours == Counter(CATEGORY_COUNTS)
    # an independent route: heading lines in the raw text (an FP-1/FP-2 opening with <B> and an ECCN)
    raw = (us_dir / "part774-2026-09-01.ecfr.xml").read_text(encoding="utf-8")
    supp = raw[
        raw.index('<DIV9 N="Supplement No. 1 to Part 774"') : raw.index(
            '<DIV9 N="Supplement No. 2 to Part 774"'
        )
    ]
    raw_counts = Counter(
        m[0]
        for m in re.findall(r"<FP-[12]><B>(\d[A-E]\d{3}) ", supp)
        + re.findall(r"<FP-[12]><B>(\d[A-E]\d{3})</B>", supp)
    )
    assert ours == raw_counts
    assert ccl.version_date == date(2026, 9, 1)
    counts = ccl.counts()
    assert counts["category"] == 10 and counts["product_group"] == 50 and counts["entry"] == 638


def test_real_product_groups_and_categories(ccl_keys):
    assert ccl_keys["category-3"].title == "Electronics"
    assert ccl_keys["3a"].parent_key == "category-3" and ccl_keys["3a001"].parent_key == "3a"
    assert ccl_keys["2c"].reserved and ccl_keys["4b"].reserved
    # Category 5 prints A–E twice (Part 1 and Part 2): one product group, the second heading kept
    assert ccl_keys["5a002"].parent_key == "5a"
    assert ccl_keys["5a"].attributes["other_headings"][0]["category_part"] == "Part 2—“Information Security”"
    assert ccl_keys["5a002"].attributes["category_part"] == "Part 2—“Information Security”"


def test_real_all_derived_index_eccns_present_and_headings(ccl_keys, derived):
    codes = [e["eccn"] for e in derived["entries"]]
    assert len(codes) == 633
    assert [c for c in codes if c.lower() not in ccl_keys] == []
    for code in ("0D614", "2B352", "3D006", "3E002", "8D001"):  # headings the index missed
        assert code.lower() in ccl_keys and code not in codes
    headings = {e["eccn"]: " ".join(e["heading"].split()) for e in derived["entries"]}
    for code in (
        "0A501",
        "1A001",
        "2B001",
        "3A001",
        "3A090",
        "4A003",
        "5A002",
        "6A003",
        "7A003",
        "8A001",
        "9A001",
        "9E003",
        "5D992",
        "1C350",
        "0E982",
    ):
        assert ccl_keys[code.lower()].title == headings[code], code
    # exponents are kept as superscripts where the index flattened them ("10 26" -> "10²⁶")
    assert "10 26 or more" in headings["4E091"] and "10²⁶ or more" in ccl_keys["4e091"].title


def test_real_paragraph_tree(ccl_keys):
    item = ccl_keys["3a001.a.5.a.2"]
    assert item.parent_key == "3a001.a.5.a" and item.code == "3A001.a.5.a.2" and item.kind == EntryKind.ITEM
    assert item.text == (
        "a.5.a.2. A resolution of 10 bit or more, but less than 12 bit, with a “sample rate” "
        "greater than 600 Mega Samples Per Second (MSPS);"
    )
    assert ccl_keys["3a001.a.1.a"].text == "a.1.a. A total dose of 5 × 10³ Gy (Si), or higher;"
    assert ccl_keys["3a001.a.1.c"].text == (
        "a.1.c. A fluence (integrated flux) of neutrons (1 MeV equivalent) of 5 × 10¹³ n/cm² or higher on "
        "silicon, or its equivalent for other materials;"
    )
    assert (
        ccl_keys["3a001.a.2.b"].text
        == "a.2.b. Rated for operation at an ambient temperature below 218 K (−55 °C); or"
    )
    assert ccl_keys["1c001.a"].parent_key == "1c001"
    assert ccl_keys["1a607.f.2.1"].parent_key == "1a607.f.2"
    # inline first item after "Items:" and a list with no "Items:" line at all (5A001)
    assert ccl_keys["0a604.a"].parent_key == "0a604"
    assert ccl_keys["5a001.a"].parent_key == "5a001" and ccl_keys["5a001.j.2.b"].parent_key == "5a001.j.2"
    # a list inside "ECCN Controls: … does not control the following:" is not items
    assert "1c230.a" not in ccl_keys
    assert "Metal windows for X-ray machines" in ccl_keys["1c230~list-of-items-controlled"].text


def test_real_reserved(ccl_keys):
    assert ccl_keys["0a501.f"].reserved and ccl_keys["0a501.f"].text == "f. through w. [Reserved]"
    assert ccl_keys["0a501.f"].attributes["range_end"] == "w"
    assert ccl_keys["3a611.b"].reserved and ccl_keys["3a611.b"].attributes["range"] == "b.-d."
    assert ccl_keys["3a001.a.4"].reserved and ccl_keys["3a001.a.4"].text == "a.4. [Reserved]"
    assert ccl_keys["0a501.y.2"].reserved and ccl_keys["0a501.y.2"].attributes["range_end"] == "y.5"
    assert not ccl_keys["3a001.a.5"].reserved
    heading_only = ccl_keys["0a002"]
    assert [e for e in ccl_keys.values() if e.parent_key == "0a002"] == []
    assert "subject to the ITAR" in heading_only.title


def test_real_notes(ccl_keys):
    note = ccl_keys["0a501.a~note-1"]
    assert note.code == "0A501.a Note 1" and note.attributes["attached_by"] == "heading"
    assert note.text.startswith("Note 1 to paragraph 0A501.a: 'Combination pistols' are controlled")
    assert ccl_keys["0a501.a~tn-1"].kind == EntryKind.TECHNICAL_NOTE
    assert ccl_keys["0a501~tn-3"].text.startswith("Technical Note 3 to 0A501: Blank firing adapters")
    nb = ccl_keys["3a001.a.2.c~nb-1"]  # follows a.2.c and names no paragraph in its heading
    assert (
        nb.kind == EntryKind.NB
        and nb.text == "N.B.: For cryogenic CMOS integrated circuits not specified by 3A001.a.2, see 3A901.a."
    )
    # "3A001.a.1.c does not apply to …" belongs to a.1.c; "For the purposes of 3A001.a.5.a:" to a.5.a
    assert (
        ccl_keys["3a001.a.1.c~note-1"].text
        == "Note: 3A001.a.1.c does not apply to Metal Insulator Semiconductors (MIS)."
    )
    assert ccl_keys["3a001.a.5.a~tn-1"].text.startswith(
        "Technical Notes: For the purposes of 3A001.a.5.a: 1. A resolution of n bit corresponds to a quantization of 2ⁿ levels."
    )
    assert ccl_keys["0a501.a~note-2"].parent_key == "0a501.a"
    assert (
        ccl_keys["3a001.b.2.h~note-1"].reserved
        and ccl_keys["3a001.b.2.h~note-1"].text == "Note 1: [Reserved]"
    )


def test_real_reasons(ccl_keys):
    reasons = ccl_keys["3a001"].reasons
    assert [(r.reason, r.country_chart_column) for r in reasons] == [
        ("NS", "NS1"),
        ("NS", "NS2"),
        ("RS", "RS1"),
        ("RS", None),
        ("RS", None),
        ("MT", "MT1"),
        ("NP", "NP1"),
        ("AT", "AT1"),
    ]
    assert reasons[1].applies_to == "entire entry" and reasons[1].paragraphs == ["3a001"]
    assert reasons[0].paragraphs == ["3a001.b.2", "3a001.b.3"]
    assert reasons[3].paragraphs == ["3a001.z.1.a", "3a001.z.2.a", "3a001.z.3.a", "3a001.z.4.a"]
    table = ccl_keys["3a001~license-requirements"].attributes["reason_table"]
    assert table[4][1].startswith("To or within any destination worldwide.")
    assert ccl_keys["3a001"].attributes["reason_for_control"] == "NS, RS, MT, NP, AT"
    assert (
        ccl_keys["3a001"]
        .attributes["license_exceptions"]["GBS"]
        .startswith("Yes for 3A001.a.1.b, a.2 to a.14")
    )
    assert (
        ccl_keys["3a001"]
        .attributes["related_definitions"]
        .endswith("5 × 10³ Gy(Si) = 5 × 10⁵ Rads (Si); 5 × 10⁶ Gy (Si)/s = 5 × 10⁸ Rads (Si)/s.")
    )
    assert [(r.reason, r.country_chart_column) for r in ccl_keys["0a521"].reasons] == [("RS", "RS1")]
    assert ccl_keys["0a980"].reasons[0].reason == "SS"
    with_reasons = sum(1 for e in ccl_keys.values() if e.kind == EntryKind.ENTRY and e.reasons)
    assert with_reasons >= 590


def test_real_reasons_against_derived_index(ccl_keys, derived):
    """Every reason row the derived index read from a table is among ours, with the same column."""
    checked = 0
    order = [e.code for e in ccl_keys.values() if e.kind == EntryKind.ENTRY]
    indexed = {e["eccn"] for e in derived["entries"]}
    # the index ran an ECCN on into the next one where it missed that heading (3D005 + 3D006, ...)
    merged = {order[i - 1] for i, code in enumerate(order) if code not in indexed}
    assert len(merged) == 5
    for entry in derived["entries"]:
        if entry["eccn"] in merged or entry["eccn"] == "9A012":  # 9A012 was amended after the index's edition
            continue
        ours = {(r.reason, r.country_chart_column) for r in ccl_keys[entry["eccn"].lower()].reasons}
        for row in entry["countryChart"]:
            match = re.match(r"^([A-Z]{2}) appl", row["control"])
            column = re.match(r"^([A-Z]{2}) Column (\d)", row["countryChart"])
            if match and column and column[1] == match[1]:
                assert (match[1], f"{column[1]}{column[2]}") in ours, entry["eccn"]
                checked += 1
    assert checked > 1000


def test_real_regimes(ccl_keys):
    expected = {
        "3a001": Regime.WASSENAAR,
        "1a102": Regime.MTCR,
        "2a225": Regime.NSG,
        "2b350": Regime.AUSTRALIA_GROUP,
        "1c350": Regime.AUSTRALIA_GROUP,
        "3a611": Regime.NATIONAL,
        "3a090": Regime.NATIONAL,
        "5a992": Regime.NATIONAL,
        "0a501": Regime.NATIONAL,
        "9a515": Regime.NATIONAL,
    }
    assert {k: ccl_keys[k].regime for k in expected} == expected
    assert ccl_keys["3a001.a.5.a.2"].regime == Regime.WASSENAAR


def test_real_section_text_kept(ccl_keys):
    section = ccl_keys["0a501~list-based-license-exceptions"]
    assert "LVS: $500 for 0A501.c, .d, and .x." in section.text
    assert "$500 for 0A501.c, .d, .e, and .x if the ultimate destination is Canada." in section.text
    assert ccl_keys["0a501~license-requirements~note-1"].text.startswith(
        "License Requirement Note: In addition"
    )
    assert ccl_keys["0a501"].attributes["related_definitions"] == "N/A."


def _sample(entries, per_category=6):
    """A deterministic spread: `per_category` records evenly spaced through each category's records."""
    by_category: dict[str, list] = {}
    for entry in entries:
        if entry.kind in (EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP):
            continue
        by_category.setdefault(entry.code[0], []).append(entry)
    chosen = []
    for category in sorted(by_category):
        records = by_category[category]
        step = max(1, len(records) // per_category)
        chosen += records[step // 2 :: step][:per_category]
    return chosen


def test_real_golden(ccl, ccl_keys):
    chosen = _sample(ccl.entries)
    fixed = [
        "3a001",
        "3a001.a.5.a.2",
        "0a501.f",
        "3a611.b",
        "4e091",
        "3d006",
        "8d001",
        "2b352",
        "0d614",
        "3e002",
    ]
    chosen += [ccl_keys[k] for k in fixed]
    assert {e.code[0] for e in chosen} >= set("0123456789")
    assert {e.kind for e in chosen} >= {EntryKind.ENTRY, EntryKind.ITEM, EntryKind.NOTE, EntryKind.SECTION}
    assert_golden("us-ccl", [entry_snapshot(e) for e in chosen])


def _chart_marks_by_xpath(path: Path, country: str) -> dict[str, bool]:
    tree = parse_xml_file(path)
    columns = ["".join(th.itertext()).replace(" ", "") for th in tree.xpath("//THEAD/TR[2]/TH")]
    row = tree.xpath(f"//TBODY/TR[normalize-space(TD[1]/text()[1])='{country}']")[0]
    return {
        c: "".join(td.itertext()).strip() == "X" for c, td in zip(columns, row.xpath("TD")[1:], strict=True)
    }


def test_real_country_chart(chart, us_dir: Path):
    rows = {r.key: r.data for r in chart.reference if r.table == "us_country_chart"}
    assert len(rows) == 200
    assert sum(1 for r in rows.values() if not r["embargoed"]) == 196
    assert sorted(k for k, r in rows.items() if r["embargoed"]) == ["CU", "IR", "KP", "SY"]
    path = us_dir / "country-chart-part738-supp1.ecfr.xml"
    for name, iso in (
        ("China", "CN"),
        ("Germany", "DE"),
        ("Russia", "RU"),
        ("India", "IN"),
        ("Albania", "AL"),
    ):
        assert rows[iso]["columns"] == _chart_marks_by_xpath(path, name), name
    assert list(rows["CN"]["columns"]) == [
        "CB1",
        "CB2",
        "CB3",
        "NP1",
        "NP2",
        "NS1",
        "NS2",
        "MT1",
        "RS1",
        "RS2",
        "FC1",
        "CC1",
        "CC2",
        "CC3",
        "AT1",
        "AT2",
    ]
    # hand-checked in the XML: Germany has only CB1, NS1, MT1, RS1; China lacks CC2/CC3/AT1/AT2
    assert [c for c, v in rows["DE"]["columns"].items() if v] == ["CB1", "NS1", "MT1", "RS1"]
    assert rows["CU"]["text"].startswith("See part 746 of the EAR to determine whether a license is required")
    assert rows["AL"]["footnotes"] == [2, 3] and rows["RU"]["footnotes"] == [6]
    assert rows["SC"]["name_as_printed"] == "Seycheles"
    notes = {r.key: r.data["text"] for r in chart.reference if r.table == "us_country_chart_footnote"}
    assert sorted(notes, key=int) == [str(n) for n in range(1, 11)]
    assert notes["5"] == "Refer to Switzerland for licensing requirements for Liechtenstein under the EAR."
    check_parsed(chart)


GROUP_SIZES = {
    "A:1": 40,
    "A:2": 34,
    "A:3": 42,
    "A:4": 45,
    "A:5": 38,
    "A:6": 8,
    "B": 173,
    "C": 0,
    "D:1": 24,
    "D:2": 10,
    "D:3": 36,
    "D:4": 21,
    "D:5": 22,
    "E:1": 3,
    "E:2": 1,
}


def test_real_country_groups(groups):
    # the cut copy names the export it came from in a comment: that content date, not the 1996 source note
    assert groups.version_date == date(2026, 9, 1)
    data = {r.key: r.data for r in groups.reference}
    assert {k: len(v["members"]) for k, v in data.items()} == GROUP_SIZES
    assert data["C"]["reserved"] and data["C"]["title"] == "[Reserved]"
    assert data["B"]["members_as_printed"][0] == "Afghanistan"
    assert "CN" in data["D:1"]["members"] and "US" in data["B"]["members"]
    assert data["E:1"]["members"] == ["IR", "KP", "SY"] and data["E:2"]["members"] == ["CU"]
    assert data["A:1"]["notes"][0]["text"].startswith("Country Group A:1 is a list of the Wassenaar")
    assert all(len(v["members"]) == len(v["members_as_printed"]) for v in data.values())

"""Canada Export Control List importer: tiny built regulations, hostile input, and SOR/89-202 itself."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from importers import canada_xml
from importers.errors import DocumentRefused
from importers.records import EntryKind, Regime, check_parsed
from importers.safe_xml import parse_xml_file
from tests.golden_files import assert_golden, entry_snapshot

BOM = "\ufeff"


def _regulation(schedule: str, *, instrument: str = "SOR/89-202", pit: str = "2025-04-25") -> str:
    return (
        f'{BOM}<?xml version="1.0" encoding="utf-8"?>'
        f'<Regulation lims:pit-date="{pit}" lims:lastAmendedDate="2024-01-01" xml:lang="en" '
        'xmlns:lims="http://justice.gc.ca/lims">'
        f"<Identification><InstrumentNumber>{instrument}</InstrumentNumber>"
        "<ConsolidationDate><Date><YYYY>2025</YYYY><MM>7</MM><DD>25</DD></Date></ConsolidationDate>"
        "</Identification>"
        '<Body><Heading level="1"><TitleText>Interpretation</TitleText></Heading>'
        "<Section><Label>1</Label><Text>The following definitions apply in this List.</Text>"
        "<Definition><Text><DefinedTermEn>Guide</DefinedTermEn> means <XRefExternal>A Guide to Canada’s "
        "Export Control List</XRefExternal>, as amended from time to time.</Text></Definition></Section></Body>"
        f"<Schedule>{schedule}</Schedule></Regulation>"
    )


SMALL_SCHEDULE = (
    '<Heading level="1"><Label>GROUP 1</Label><TitleText>Dual Use</TitleText></Heading>'
    "<Provision><Text>Goods and technology, as described in Group 1 of the Guide, the export of which "
    "Canada has agreed to control in accordance with the Wassenaar Arrangement.</Text></Provision>"
    '<Heading level="1"><Label>GROUP 5</Label><TitleText>Miscellaneous Goods and Technology</TitleText></Heading>'
    '<Heading level="2"><TitleText>Forest Products</TitleText></Heading>'
    '<Heading level="3"><TitleText>Logs</TitleText></Heading>'
    "<Provision><Label>5101</Label><Text>Logs of all species of wood. "
    '(<Emphasis style="italic">All destinations</Emphasis>)</Text></Provision>'
    "<Provision><Label>5105</Label><Text><Repealed>[Repealed, SOR/2007-14, s. 2]</Repealed></Text></Provision>"
    '<Heading level="2"><TitleText>Strategic Goods</TitleText></Heading>'
    "<Provision><Label>5504</Label>"
    "<Provision><Label>(1)</Label><Text>Strategic goods as follows:</Text>"
    "<Provision><Label>(g)</Label><Text>circuits, namely:</Text>"
    "<Provision><Label>(i)</Label><Text>a total dose of 5 × 10<Sup>5</Sup> Rads (SI),</Text></Provision>"
    "<Provision><Label>(iii)</Label><Text>a neutron dose of 1 × 10<Sup>-7</Sup> N/cm<Sup>2</Sup>,</Text>"
    '<Provision list-item="yes"><Text>NOTE</Text><Provision><Text>In subparagraph (iii), a note.</Text>'
    "</Provision></Provision></Provision>"
    "</Provision></Provision></Provision>"
    '<Heading level="1"><Label>GROUP 9</Label><TitleText>Arms Trade Treaty</TitleText></Heading>'
    "<Provision><Text>The goods referred to in items 9-1 to 9-9.</Text></Provision>"
    "<Provision><Label>9-1</Label><Text>Battle tanks weighing at least 16.5 t unladen.</Text></Provision>"
)


def _write(tmp_path: Path, text: str, name: str = "SOR-89-202.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path):
    parsed = canada_xml.parse(_write(tmp_path, _regulation(SMALL_SCHEDULE)))
    return parsed, {e.key: e for e in parsed.entries}


# --------------------------------------------------------------------------------------------------
# unit tests on built documents


def test_small_structure(small):
    parsed, by = small
    assert [e.key for e in parsed.entries if e.kind is EntryKind.CATEGORY] == [
        "group-1",
        "group-5",
        "group-9",
    ]
    assert by["group-5"].title == "Miscellaneous Goods and Technology"
    assert by["5101"].parent_key == "group-5" and by["5101"].kind is EntryKind.ENTRY
    assert by["5101"].title == "Logs"
    assert by["5101"].attributes["headings"] == ["Forest Products", "Logs"]
    assert by["5101"].text == "Logs of all species of wood. (All destinations)"
    assert by["5101"].attributes["destinations_as_printed"] == ["All destinations"]
    assert by["5504"].title == "Strategic Goods"  # the level-3 heading no longer applies
    assert by["5504.1.g.i"].code == "5504(1)(g)(i)" and by["5504.1.g.i"].parent_key == "5504.1.g"
    assert by["5504.1.g.i"].text == "a total dose of 5 × 10⁵ Rads (SI),"
    assert by["5504.1.g.iii"].text == "a neutron dose of 1 × 10⁻⁷ N/cm²,"
    note = by["5504.1.g.iii~note-1"]
    assert note.kind is EntryKind.NOTE and note.text == "In subparagraph (iii), a note."
    assert by["5105"].reserved and by["5105"].attributes["repealed_by"] == "SOR/2007-14, s. 2"
    assert by["9-1"].text == "Battle tanks weighing at least 16.5 t unladen."
    assert by["group-9.text"].kind is EntryKind.SECTION
    assert parsed.version_date == date(2025, 4, 25)


def test_small_placeholder_quotes_regulation(small):
    _, by = small
    placeholder = by["group-1.guide"]
    assert placeholder.kind is EntryKind.ENTRY and placeholder.parent_key == "group-1"
    assert placeholder.attributes["incorporated_by_reference"] is True
    quote = (
        "Goods and technology, as described in Group 1 of the Guide, the export of which Canada has agreed "
        "to control in accordance with the Wassenaar Arrangement."
    )
    assert placeholder.attributes["regulation_text"] == [quote]
    assert (
        "incorporated" in placeholder.text.lower()
        and "A Guide to Canada’s Export Control List" in placeholder.text
    )
    assert placeholder.regime is Regime.WASSENAAR
    assert placeholder.attributes["guide_definition"].startswith("Guide means A Guide to Canada’s")
    assert "group-5.guide" not in by and "group-9.guide" not in by


def test_small_version_falls_back_to_last_amended(tmp_path):
    text = _regulation(SMALL_SCHEDULE).replace(' lims:pit-date="2025-04-25"', "")
    assert canada_xml.parse(_write(tmp_path, text)).version_date == date(2024, 1, 1)


# --------------------------------------------------------------------------------------------------
# hostile / wrong input


def test_refuses_entity_declaration(tmp_path):
    text = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;">]>'
        + _regulation(SMALL_SCHEDULE).split("?>", 1)[1]
    )
    with pytest.raises(DocumentRefused, match="entities"):
        canada_xml.parse(_write(tmp_path, text))


def test_refuses_truncated_and_wrong(tmp_path):
    text = _regulation(SMALL_SCHEDULE)
    with pytest.raises(DocumentRefused, match="well-formed"):
        canada_xml.parse(_write(tmp_path, text[: len(text) // 2]))
    with pytest.raises(DocumentRefused, match="instrument number"):
        canada_xml.parse(_write(tmp_path, _regulation(SMALL_SCHEDULE, instrument="SOR/2002-1")))
    with pytest.raises(DocumentRefused, match="Regulation"):
        canada_xml.parse(_write(tmp_path, '<?xml version="1.0"?><Statute/>'))
    with pytest.raises(DocumentRefused, match="not a date"):
        canada_xml.parse(_write(tmp_path, _regulation(SMALL_SCHEDULE, pit="someday")))
    with pytest.raises(DocumentRefused, match="GROUP"):
        canada_xml.parse(
            _write(tmp_path, _regulation("<Provision><Label>5101</Label><Text>x</Text></Provision>"))
        )
    with pytest.raises(DocumentRefused, match="duplicate"):
        twice = SMALL_SCHEDULE + "<Provision><Label>9-1</Label><Text>again</Text></Provision>"
        canada_xml.parse(_write(tmp_path, _regulation(twice)))
    pdf = tmp_path / "x.xml"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3")
    with pytest.raises(DocumentRefused):
        canada_xml.parse(pdf)


def test_recognise(tmp_path):
    good = _write(tmp_path, _regulation(SMALL_SCHEDULE))
    assert canada_xml.recognise(good, good.read_bytes())
    other = _write(tmp_path, _regulation(SMALL_SCHEDULE, instrument="SOR/2002-1"), "other.xml")
    assert not canada_xml.recognise(other, other.read_bytes())
    md = _write(tmp_path, _regulation(SMALL_SCHEDULE), "PROVENANCE.md")
    assert not canada_xml.recognise(md, md.read_bytes())


# --------------------------------------------------------------------------------------------------
# the real document


@pytest.fixture(scope="module")
def real(corpus_dir):
    path = corpus_dir / "ca" / "SOR-89-202.xml"
    parsed = canada_xml.parse(path)
    return parsed, {e.key: e for e in parsed.entries}, parse_xml_file(path)


@pytest.mark.corpus
def test_real_recognised_and_checked(real, corpus_dir):
    parsed, _, _ = real
    path = corpus_dir / "ca" / "SOR-89-202.xml"
    assert canada_xml.recognise(path, path.read_bytes()[:65536])
    for other in sorted(corpus_dir.rglob("*")):
        if other.is_file() and other != path:
            with open(other, "rb") as handle:
                assert not canada_xml.recognise(other, handle.read(65536)), other
    check_parsed(parsed)
    assert parsed.version_date == date(2025, 4, 25)
    assert parsed.descriptor.jurisdiction == "ca" and parsed.descriptor.list_id == "ecl"


@pytest.mark.corpus
def test_real_counts_per_group_match_xml(real):
    """Labelled top-level provisions under each GROUP heading, counted straight from the XML."""
    parsed, by, root = real
    expected: Counter[str] = Counter()
    group = None
    for element in root.find("Schedule"):
        if element.tag == "Heading" and (element.findtext("Label") or "").startswith("GROUP"):
            group = element.findtext("Label").split()[1]
        elif element.tag == "Provision" and element.find("Label") is not None:
            expected[group] += 1
    ours: Counter[str] = Counter()
    for entry in parsed.entries:
        if entry.kind is EntryKind.ENTRY and not entry.attributes.get("placeholder"):
            ours[by[entry.parent_key].code.removeprefix("Group ")] += 1
    assert ours == expected
    assert expected["5"] == 29 and expected["9"] == 9
    placeholders = sorted(
        e.parent_key for e in parsed.entries if e.attributes.get("incorporated_by_reference")
    )
    assert placeholders == ["group-1", "group-2", "group-3", "group-4", "group-6", "group-7"]
    assert parsed.counts()["category"] == 9
    total_provisions = sum(1 for _ in root.find("Schedule").iter("Provision"))
    note_bodies = sum(
        len(p.findall("Provision"))
        for p in root.find("Schedule").iter("Provision")
        if p.find("Label") is None and (p.findtext("Text") or "").strip() == "NOTE"
    )  # a NOTE is a heading provision (one record) and body paragraphs (joined into it)
    records = parsed.counts()["entries"] - parsed.counts()["category"] - len(placeholders)
    assert records == total_provisions - note_bodies
    assert by["5506.2.c.ii~note-1"].attributes["paragraphs"] == 10


@pytest.mark.corpus
def test_real_specific_entries(real):
    _, by, _ = real
    assert by["5101"].text == "Logs of all species of wood. (All destinations)"
    assert by["5000"].reserved and by["5000"].attributes["repealed_by"] == "SOR/97-19, s. 1"
    assert by["8000"].reserved and by["group-8"].reserved
    assert by["5504.2.g.iii"].text == "a neutron dose of 1 × 10¹⁴ N/cm²,"
    assert by["5504.2.g.iv"].text == "a single event upset of 1 × 10⁻⁷ or less error/bit/day, and"
    assert by["5504.2.g.iv"].code == "5504(2)(g)(iv)"
    assert by["5505.3.a"].text.startswith("they are intended for end-use in Argentina, Australia")
    assert by["5506.2.a.iii~note-1"].text.startswith(
        "In subparagraph (iii), Graphic Design System II (GDSII) means"
    )
    assert by["9-1"].text == (
        "Battle tanks that are tracked or wheeled self-propelled armoured fighting vehicles weighing at least "
        "16.5 t unladen, with a direct fire main gun of at least 75 mm calibre."
    )
    assert by["9-8.1.e.ii"].text == "have a calibre of 12.7mm or less,"
    assert by["9-9.1.a.ii"].parent_key == "9-9.1.a"
    assert by["3-02"].parent_key == "group-3" and by["3-02"].text.startswith("Deuterium, heavy water")
    assert by["group-2.text.b"].code == "Group 2(b)"
    g7 = by["group-7.guide"]
    assert g7.attributes["regimes_named"] == ["australia_group", "cwc"]
    assert g7.attributes["regulation_text"] == [
        "Goods and technology, as described in Group 7 of the Guide, the export of which Canada has agreed to control"
    ]
    assert by["group-6.guide"].regime is Regime.MTCR
    assert by["5101"].regime is Regime.NATIONAL


@pytest.mark.corpus
def test_real_texts(real):
    parsed, _, _ = real
    titles = [t.title for t in parsed.texts]
    assert titles == ["Interpretation", "General"]
    assert "Guide means A Guide to Canada’s Export Control List" in parsed.texts[0].text
    assert (
        "(a) goods and technology referred to in Groups 1, 2, 6, and 7 of the schedule"
        in parsed.texts[1].text
    )


@pytest.mark.corpus
def test_real_golden_sample(real):
    parsed, _, _ = real
    entries = parsed.entries
    step = max(1, len(entries) // 60)
    sample = [entries[i] for i in range(0, len(entries), step)]
    sample += [e for e in entries if e.kind is EntryKind.CATEGORY or e.attributes.get("placeholder")]
    sample = list({e.key: e for e in sorted(sample, key=entries.index)}.values())
    assert_golden("ca-ecl", [entry_snapshot(e) for e in sample])

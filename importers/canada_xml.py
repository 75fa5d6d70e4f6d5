"""Canada — the Export Control List regulation (SOR/89-202), Justice Laws consolidated XML.

The regulation's schedule has Groups 1-9. Only Group 5 (miscellaneous and strategic goods, items
5000-5506) and Group 9 (Arms Trade Treaty, items 9-1 to 9-9) are written out in full. Groups 1, 2, 3,
4, 6 and 7 describe their goods "as described in Group N of the Guide" — *A Guide to Canada's Export
Control List*, which section 1 of the regulation incorporates "as amended from time to time" and which
is not part of this document. Each of those groups gets one placeholder ENTRY that quotes what the
regulation says and is marked ``incorporated_by_reference``; the regulation's own written provisions
in those groups (e.g. Group 2 (b) firearms, 3-02 heavy water) are imported as written too. No Guide
text is invented.

Version date: ``lims:pit-date`` on <Regulation> — the point-in-time date of the consolidated text this
file renders (the date the latest amendment took effect); ``lims:lastAmendedDate`` is the fallback.
``ConsolidationDate`` (the date the Justice Laws site was current to) is kept as an attribute of the
Group records, not used as the version.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from importers.errors import DocumentRefused
from importers.records import (
    EntryKind,
    EntryRecord,
    ListText,
    ParsedList,
    Regime,
    SourceDescriptor,
    file_sha256,
)
from importers.safe_xml import parse_xml_file

LIMS = "http://justice.gc.ca/lims"
INSTRUMENT = "SOR/89-202"
GUIDE_TITLE = "A Guide to Canada’s Export Control List"

_SUPER = str.maketrans("0123456789-+()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾")
_SUB = str.maketrans("0123456789-+()", "₀₁₂₃₄₅₆₇₈₉₋₊₍₎")
_GROUP_LABEL = re.compile(r"^GROUP\s+(\d+)$")
_REPEALED = re.compile(r"^\[Repealed,\s*(?P<by>[^\]]+)\]$")
# The regimes each group names in its own text.
_REGIME_NAMES = [
    ("Wassenaar Arrangement", Regime.WASSENAAR),
    ("Nuclear Suppliers Group", Regime.NSG),
    ("Missile Technology Control Regime", Regime.MTCR),
    ("Australia Group", Regime.AUSTRALIA_GROUP),
    ("Prohibition of the Development, Production, Stockpiling and Use of Chemical Weapons", Regime.CWC),
]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _render(
    element: etree._Element, *, skip: tuple[str, ...] = ("Provision", "Footnote", "HistoricalNote")
) -> str:
    """Text of an element as printed: <Sup>5</Sup> -> ⁵ (the XML keeps superscripts; we keep them too)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(_script(node) if node.tag in ("Sup", "Sub") else node.text)
        for child in node:
            if not isinstance(child.tag, str):
                if child.tail:
                    parts.append(child.tail)
                continue
            if child.tag not in skip and child.tag != "FootnoteRef":
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return _norm("".join(parts))


def _script(node: etree._Element) -> str:
    text = node.text or ""
    table = _SUPER if node.tag == "Sup" else _SUB
    converted = text.translate(table)
    if any(ch not in "0123456789-+()" for ch in text):  # letters: keep a readable marker
        return ("^" if node.tag == "Sup" else "_") + "(" + text + ")"
    return converted


def _own_text(provision: etree._Element) -> str:
    text = provision.find("Text")
    return _render(text) if text is not None else ""


def _label(provision: etree._Element) -> str:
    label = provision.find("Label")
    return _norm("".join(label.itertext())) if label is not None else ""


def _italics(provision: etree._Element) -> list[str]:
    text = provision.find("Text")
    if text is None:
        return []
    return [
        _norm("".join(e.itertext())).strip("()") for e in text.iter("Emphasis") if e.get("style") == "italic"
    ]


def _sub_key(label: str) -> str:
    return label.strip("()").lower()


class _Builder:
    def __init__(self, root: etree._Element, path: Path):
        self.root = root
        self.tree = root.getroottree()
        self.path = path
        self.entries: list[EntryRecord] = []
        self.keys: set[str] = set()
        self.guide_definition = ""

    def where(self, element: etree._Element) -> str:
        return self.tree.getpath(element)

    def add(self, record: EntryRecord) -> EntryRecord:
        if record.key in self.keys:
            raise DocumentRefused(self.path, f"duplicate item {record.code!r} in the schedule")
        self.keys.add(record.key)
        self.entries.append(record)
        return record

    # ---- provisions -------------------------------------------------------------------------------

    def provision(
        self,
        element: etree._Element,
        *,
        code: str,
        key: str,
        kind: EntryKind,
        parent_key: str,
        regime: Regime | None,
        title: str = "",
        attributes: dict[str, Any] | None = None,
    ) -> None:
        text = _own_text(element)
        record = EntryRecord(
            code=code,
            key=key,
            kind=kind,
            parent_key=parent_key,
            title=title,
            text=text,
            regime=regime,
            location=self.where(element),
            attributes=dict(attributes or {}),
        )
        repealed = _REPEALED.match(text)
        if repealed:
            record.reserved = True
            record.attributes["repealed_by"] = repealed.group("by").strip()
        destinations = _italics(element)
        if destinations:
            record.attributes["destinations_as_printed"] = destinations
        self.add(record)
        notes = 0
        for child in element.findall("Provision"):
            label = _label(child)
            if not label and _own_text(child).upper() == "NOTE":
                notes += 1
                paragraphs = [_own_text(p) for p in child.findall("Provision")]
                body = " ".join(paragraphs)
                self.add(
                    EntryRecord(
                        code=f"{code} Note" if notes == 1 else f"{code} Note {notes}",
                        key=f"{key}~note-{notes}",
                        kind=EntryKind.NOTE,
                        parent_key=key,
                        title="NOTE",
                        text=body,
                        regime=regime,
                        location=self.where(child),
                        attributes={"paragraphs": len(paragraphs)} if len(paragraphs) > 1 else {},
                    )
                )
                continue
            if not label:
                raise DocumentRefused(
                    self.path, f"unlabelled sub-provision under {code} at {self.where(child)}"
                )
            self.provision(
                child,
                code=f"{code}{label}",
                key=f"{key}.{_sub_key(label)}",
                kind=EntryKind.ITEM,
                parent_key=key,
                regime=regime,
                attributes={"printed_label": label},
            )

    # ---- schedule ---------------------------------------------------------------------------------

    def schedule(self) -> None:
        schedule = self.root.find("Schedule")
        if schedule is None:
            raise DocumentRefused(self.path, "no <Schedule> (the list of groups) in the regulation")
        group: dict[str, Any] | None = None
        headings: dict[int, str] = {}
        for element in schedule:
            if not isinstance(element.tag, str):
                continue
            if element.tag == "Heading":
                level = int(element.get("level", "1"))
                label = _label(element)
                title_el = element.find("TitleText")
                title = _render(title_el) if title_el is not None else ""
                match = _GROUP_LABEL.match(label.upper())
                if level == 1 and match:
                    group = self.start_group(element, match.group(1), title)
                    headings = {}
                elif level > 1:
                    headings = {k: v for k, v in headings.items() if k < level}
                    headings[level] = title
                continue
            if element.tag != "Provision":
                continue
            if group is None:
                raise DocumentRefused(
                    self.path, f"a schedule provision precedes the first GROUP heading: {self.where(element)}"
                )
            self.group_provision(element, group, headings)
        if not any(e.kind is EntryKind.CATEGORY for e in self.entries):
            raise DocumentRefused(self.path, "no GROUP headings in the schedule")

    def start_group(self, element: etree._Element, number: str, title: str) -> dict[str, Any]:
        key = f"group-{number}"
        record = EntryRecord(
            code=f"Group {number}",
            key=key,
            kind=EntryKind.CATEGORY,
            title=title,
            location=self.where(element),
        )
        repealed = _REPEALED.match(title)
        if repealed:
            record.reserved = True
            record.attributes["repealed_by"] = repealed.group("by").strip()
        self.add(record)
        return {
            "number": number,
            "key": key,
            "title": title,
            "regime": None,
            "unlabelled": 0,
            "placeholder": False,
        }

    def group_provision(
        self, element: etree._Element, group: dict[str, Any], headings: dict[int, str]
    ) -> None:
        number = group["number"]
        full_text = _render(element, skip=())
        by_reference = f"Group {number} of the Guide" in full_text
        regimes = [r for name, r in _REGIME_NAMES if name in full_text]
        if group["regime"] is None:
            group["regime"] = regimes[0] if regimes else (Regime.NATIONAL if number == "5" else None)
        regime = group["regime"]
        if by_reference and not group["placeholder"]:
            group["placeholder"] = True
            self.placeholder(element, group, regimes)
        label = _label(element)
        heading_titles = [headings[k] for k in sorted(headings)]
        if label:
            attributes: dict[str, Any] = {}
            if heading_titles:
                attributes["headings"] = heading_titles
            if number == "9":
                attributes["regime_as_printed"] = "Arms Trade Treaty"
            title = heading_titles[-1] if heading_titles else ""
            self.provision(
                element,
                code=label,
                key=label.lower(),
                kind=EntryKind.ENTRY,
                parent_key=group["key"],
                regime=regime,
                title=title,
                attributes=attributes,
            )
        else:
            group["unlabelled"] += 1
            n = group["unlabelled"]
            self.provision(
                element,
                code=f"Group {number}" if n == 1 else f"Group {number} ({n})",
                key=f"{group['key']}.text" if n == 1 else f"{group['key']}.text-{n}",
                kind=EntryKind.SECTION,
                parent_key=group["key"],
                regime=regime,
                attributes={"unlabelled_group_text": True},
            )

    def placeholder(self, element: etree._Element, group: dict[str, Any], regimes: list[Regime]) -> None:
        number = group["number"]
        quotes = [
            _render(text) for text in element.iter("Text") if f"Group {number} of the Guide" in _render(text)
        ]
        self.add(
            EntryRecord(
                code=f"Group {number} (Guide)",
                key=f"{group['key']}.guide",
                kind=EntryKind.ENTRY,
                parent_key=group["key"],
                title=f"Group {number} of {GUIDE_TITLE} — incorporated by reference",
                text=(
                    f"Incorporated by reference: the items of Group {number} are those described in "
                    f"Group {number} of {GUIDE_TITLE}, which section 1 of the regulation incorporates; "
                    f"their text is not in this regulation. The regulation says: “{' … '.join(quotes)}”"
                ),
                regime=group["regime"],
                location=self.where(element),
                attributes={
                    "incorporated_by_reference": True,
                    "placeholder": True,
                    "source_document": GUIDE_TITLE,
                    "regulation_text": quotes,
                    "guide_definition": self.guide_definition,
                    "regimes_named": [str(r) for r in regimes],
                },
            )
        )


def _version(root: etree._Element, path: Path) -> date:
    for attribute in (f"{{{LIMS}}}pit-date", f"{{{LIMS}}}lastAmendedDate"):
        value = root.get(attribute)
        if value:
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise DocumentRefused(path, f"{attribute} {value!r} is not a date") from None
    raise DocumentRefused(path, "no lims:pit-date or lims:lastAmendedDate on <Regulation>")


def parse(path: Path) -> ParsedList:
    path = Path(path)
    root = parse_xml_file(path)
    if etree.QName(root).localname != "Regulation":
        raise DocumentRefused(path, f"root element is <{root.tag}>, not <Regulation>")
    instrument = root.findtext("Identification/InstrumentNumber")
    if _norm(instrument or "") != INSTRUMENT:
        raise DocumentRefused(path, f"instrument number {instrument!r} is not {INSTRUMENT}")
    version = _version(root, path)
    builder = _Builder(root, path)
    texts = []
    body = root.find("Body")
    if body is not None:
        for section in body.findall("Section"):
            pieces = [
                f"{_label(section)} {_render(section.find('Text'))}"
                if section.find("Text") is not None
                else ""
            ]
            for child in section:
                if child.tag in ("Definition", "Paragraph"):
                    rendered = _norm(
                        " ".join(
                            _render(part, skip=("Label", "Text", "Paragraph", "Subparagraph", "Footnote"))
                            for part in child.iter("Label", "Text")
                        )
                    )
                    pieces.append(rendered)
                    if child.tag == "Definition" and child.findtext("Text/DefinedTermEn") == "Guide":
                        builder.guide_definition = rendered
            heading = section.getprevious()
            title = (
                _render(heading.find("TitleText")) if heading is not None and heading.tag == "Heading" else ""
            )
            texts.append(
                ListText(title=title or f"Section {_label(section)}", text="\n".join(p for p in pieces if p))
            )
    builder.schedule()
    consolidation = root.find("Identification/ConsolidationDate/Date")
    if consolidation is not None:
        parts = [consolidation.findtext(x) or "" for x in ("YYYY", "MM", "DD")]
        if all(p.isdigit() for p in parts):
            stamp = date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
            for record in builder.entries:
                if record.kind is EntryKind.CATEGORY:
                    record.attributes["consolidation_date"] = stamp
    return ParsedList(
        descriptor=DESCRIPTOR,
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        entries=builder.entries,
        texts=texts,
    )


def recognise(path: Path, head: bytes) -> bool:
    """Justice Laws regulation XML for SOR/89-202 (the Export Control List)."""
    if Path(path).suffix.lower() != ".xml":
        return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    return (
        start.startswith(b"<?xml")
        and b"<Regulation" in start
        and LIMS.encode() in start
        and re.search(rb"<InstrumentNumber>\s*SOR/89-202\s*</InstrumentNumber>", head) is not None
    )


DESCRIPTOR = SourceDescriptor(
    jurisdiction="ca",
    list_id="ecl",
    title="Export Control List (SOR/89-202)",
    publisher="Department of Justice Canada (Justice Laws Website); list administered by Global Affairs Canada",
    url="https://laws-lois.justice.gc.ca/eng/regulations/SOR-89-202/",
    format="justice-canada-xml",
    licence="Government of Canada; reproduction of federal law permitted (Reproduction of Federal Law Order, SI/97-5)",
    expected_counts={
        "category": (9, 10),
        "entry": (42, 57),
        "item": (210, 281),
        "note": (11, 16),
        "section": (5, 8),
        "entries": (278, 371),
    },
    recognise=recognise,
    parse=parse,
)

DESCRIPTORS: list[SourceDescriptor] = [DESCRIPTOR]

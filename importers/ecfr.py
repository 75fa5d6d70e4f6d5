"""eCFR versioner XML (15 CFR) → the Commerce Control List, the Commerce Country Chart, the Country Groups.

Three documents, one format (what `https://www.ecfr.gov/api/versioner/v1/full/{date}/title-15.xml?part=…`
returns):

* Part 774, Supplement No. 1 — the Commerce Control List (CCL). An ECCN is not an element: it is a run
  of flat siblings that starts at a heading line (`<FP-2><B>3A001 Electronic items …</B>`). Paragraph
  labels live only in the text (`a.1.a.`), so the paragraph tree is rebuilt from the labels. Categories
  and product groups are `HD1` lines.
* Part 738, Supplement No. 1 — the Commerce Country Chart (one HTML-style table).
* Part 740, Supplement No. 1 — the Country Groups (tables A, D, E; Group B is a list; Group C reserved).

Superscripts and subscripts are real markup in these files (`<SU>3</SU>`, `<E T="51">−6</E>` superscript,
`<E T="52">2</E>` subscript, `T="53"`/`T="54"` their italic forms). Gluing them into the base text would
turn 5 × 10³ into "5 × 103", so `render()` writes them as Unicode super/subscript characters where every
character has one (10³, 10⁻⁶, SiO₂) and otherwise as `^(…)` / `_(…)` (E_(0,MPE)); entries holding any are
flagged ("superscript" / "subscript" in attributes["flags"]).

The eCFR versioner export does not print its content date; it is taken from the file name (YYYY-MM-DD).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from importers.countries import UnknownCountry, iso_code
from importers.errors import DocumentRefused
from importers.records import (
    EntryKind,
    EntryRecord,
    ListKind,
    ListText,
    ParsedList,
    ReasonForControl,
    ReferenceRecord,
    Regime,
    SourceDescriptor,
    file_sha256,
)
from importers.safe_xml import parse_xml_file

ECFR_URL = "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C"
LICENCE = "Public domain: U.S. Government work (17 U.S.C. 105)"
PUBLISHER = "U.S. Department of Commerce, Bureau of Industry and Security (BIS) / eCFR"

SUPP_774 = "Supplement No. 1 to Part 774"
SUPP_738 = "Supplement No. 1 to Part 738"
SUPP_740 = "Supplement No. 1 to Part 740"

# ---------------------------------------------------------------------------------------------------
# Text rendering


_SUPERSCRIPT = dict(zip("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ", strict=True))
_SUBSCRIPT = dict(zip("0123456789+-−=()aehklmnopstx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕₖₗₘₙₒₚₛₜₓ", strict=True))
_SUP_E = {"51", "53"}
_SUB_E = {"52", "54"}
_SCRIPT_E = _SUP_E | _SUB_E
# the tags render() does not simply flatten (E only with a super/subscript T)
_MARKUP = ("SU", "E", "sup", "br", "img")
_BREAK_TAIL_RE = re.compile(r"^\s*\n\s*")


def _script(text: str, table: dict[str, str], marker: str) -> str:
    text = _normalise(text)
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{marker}({text})"


def _normalise(text: str) -> str:
    # same as re.sub(r"\s+", " ", text).strip(): str.split() and \s both split on str.isspace() characters
    return " ".join(text.split())


@dataclass(slots=True)  # one per element rendered
class Rendered:
    text: str
    flags: set[str] = field(default_factory=set)


def _needs_walk(node: etree._Element) -> bool:
    # markup render() does not simply flatten; entity references are left to walk() too
    return node.tag != "E" or node.get("T") in _SCRIPT_E


def _plain(element: etree._Element) -> bool:
    """True when no descendant needs render()'s markup handling."""
    return not any(_needs_walk(node) for node in element.iterdescendants(*_MARKUP, etree.Entity))


def marked_elements(root: etree._Element) -> set[etree._Element]:
    """The elements under `root` that are not `_plain()`, found in one pass (for `render(marked=…)`)."""
    marked: set[etree._Element] = set()
    for node in root.iter(*_MARKUP, etree.Entity):
        if _needs_walk(node):
            for ancestor in node.iterancestors():
                if ancestor in marked:
                    break  # its ancestors are in already
                marked.add(ancestor)
    return marked


def render(
    element: etree._Element,
    *,
    skip_sup: bool = False,
    with_tail: bool = False,
    marked: set[etree._Element] | None = None,
) -> Rendered:
    """An element's text, markup flattened: E/I/B/strong inline, br a space, super/subscripts kept apart.

    `skip_sup` drops HTML `<sup>` (footnote markers in the country tables, read separately). `marked`
    (from `marked_elements()` of an ancestor) saves the per-call search for markup in large documents."""
    # fast path (most elements): with no markup to handle, walk() only concatenates the text nodes, as
    # libxml2's text serialisation does (comment and PI text left out), many times faster
    if marked is not None:
        plain = element not in marked
    else:
        plain = not len(element) or _plain(element)
    if plain:
        if len(element):
            text = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
        else:
            text = element.text or ""
        if with_tail and element.tail:
            text += element.tail
        return Rendered(_normalise(text))

    parts: list[str] = []
    flags: set[str] = set()

    def strip_break() -> None:
        # "10\n<SU>3</SU>": the line break before a superscript is serialisation, not a printed space.
        if parts:
            last = parts[-1]
            stripped = last.rstrip()
            if "\n" in last[len(stripped) :]:  # r"\n\s*$" without a regex
                parts[-1] = stripped

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # comments, processing instructions
                if child.tail:
                    parts.append(child.tail)
                continue
            tag = child.tag
            kind = None
            if tag == "SU" or (tag == "E" and child.get("T") in _SUP_E):
                kind = "sup"
            elif tag == "E" and child.get("T") in _SUB_E:
                kind = "sub"
            elif tag == "sup":
                kind = None if skip_sup else "sup"
            if tag == "sup" and skip_sup:
                pass
            elif kind == "sup":
                strip_break()
                parts.append(_script("".join(child.itertext()), _SUPERSCRIPT, "^"))
                flags.add("superscript")
            elif kind == "sub":
                strip_break()
                parts.append(_script("".join(child.itertext()), _SUBSCRIPT, "_"))
                flags.add("subscript")
            elif tag == "br":
                parts.append(" ")
            elif tag == "img":
                flags.add("image_omitted")
            else:
                walk(child)
            if child.tail:
                tail = child.tail
                if kind is not None and not (tag == "sup" and skip_sup):
                    tail = _BREAK_TAIL_RE.sub("", tail)  # "(<SU>6</SU>\nLi)": serialisation again
                parts.append(tail)

    walk(element)
    if with_tail and element.tail:
        parts.append(element.tail)
    return Rendered(_normalise("".join(parts)), flags)


def _text(element: etree._Element) -> str:
    return render(element).text


def _joined_text(element: etree._Element) -> str:
    """`"".join(element.itertext())`, with no iterator for a leaf (most inline B/I/E elements)."""
    return "".join(element.itertext()) if len(element) else (element.text or "")


# ---------------------------------------------------------------------------------------------------
# Shared helpers


def version_date_from_name(path: Path) -> date:
    """The content date an eCFR versioner export carries only in its file name (…-2026-09-01.xml)."""
    match = re.search(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", path.name)
    if not match:
        raise DocumentRefused(
            path,
            "eCFR versioner XML does not print its content date; the file name must carry it as YYYY-MM-DD",
        )
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise DocumentRefused(path, f"file name date {match[0]!r} is not a valid date") from None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_FR_CITATION = re.compile(r"\d+ FR \d[\d,]*,\s+([A-Z][a-z]{2})[a-z]*\.?\s+(\d{1,2}),\s+(\d{4})")


_CONTENT_DATE_COMMENT = re.compile(r"content date (\d{4})-(\d{2})-(\d{2})")


def version_date_for_supplement(path: Path, supp: etree._Element) -> tuple[date, str]:
    """File-name date when there is one; else a content date stated in a comment of the document (a cut
    copy says which export it was cut from); else the latest Federal Register citation the supplement
    prints in its CITA (the last amendment it records). Refused when none is there."""
    try:
        return version_date_from_name(path), "file name"
    except DocumentRefused:
        pass
    root = supp.getroottree().getroot()
    comments = [*root.itersiblings(etree.Comment, preceding=True), *root.iter(etree.Comment)]
    for comment in comments:
        match = _CONTENT_DATE_COMMENT.search(comment.text or "")
        if match:
            return date(int(match[1]), int(match[2]), int(match[3])), "content date stated in a comment"
    dates = []
    for cita in supp.iter("CITA"):
        for month, day, year in _FR_CITATION.findall(render(cita).text):
            if month.lower() in _MONTHS:
                dates.append(date(int(year), _MONTHS[month.lower()], int(day)))
    if not dates:
        raise DocumentRefused(
            path, "no content date: none in the file name (YYYY-MM-DD) and no FR citation in the supplement"
        )
    return max(dates), "latest Federal Register citation printed in the supplement (CITA)"


def _div9_names(head: bytes) -> list[str]:
    return [m.decode("ascii", "replace") for m in re.findall(rb'<DIV9\s+N="([^"]{1,80})"', head)]


def _is_ecfr_head(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith((b"<?xml", b"<DIV", b"<!--"))


def _find_div9(root: etree._Element, name: str, path: Path) -> etree._Element:
    if root.tag == "DIV9" and root.get("N") == name:
        return root
    found = [d for d in root.iter("DIV9") if d.get("N") == name]
    if not found:
        raise DocumentRefused(path, f"no <DIV9 N={name!r}> in this eCFR document")
    return found[0]


def _table_rows(table: etree._Element, section: str) -> list[etree._Element]:
    part = table.find(section)
    return [] if part is None else [tr for tr in part if tr.tag == "TR"]


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if c.tag in ("TD", "TH")]


# ---------------------------------------------------------------------------------------------------
# A. The Commerce Control List

ECCN_RE = re.compile(r"^\s*(\d[A-E]\d{3})\b")
CATEGORY_RE = re.compile(r"^Category\s+(\d)\s*[—–-]\s*(.*)$")
GROUP_RE = re.compile(r"^([A-E])\.\s+(.*)$")
PART_RE = re.compile(r"^Part\s+(\d+)\s*[—–-]\s*(.*)$")
ROMAN_SUBHEAD_RE = re.compile(r"^(?:I|II|III|IV|V)\.\s+")

# Item labels: a. / a.1. / a.1.a. / a.1.a.1.; letters and numbers alternate. Some print no final dot
# ("y.15 Tires", "e.1.a 'Primary cells'"); a one-part label must end with a dot ("a.").
LABEL_RE = re.compile(
    r"^(?P<label>[a-z]{1,2}(?:\.(?:[a-z]{1,2}|\d{1,3}))*)(?P<dot>\.{0,2})"
    r"(?P<range>\s*(?:through|to|-|–)\s*\.?(?P<end>[a-z]{1,2}(?:\.(?:[a-z]{1,2}|\d{1,3}))*)\.?)?"
    r"(?=\s|$|[“\"'(\[])"
)
RESERVED_RE = re.compile(r"\[\s*Reserved\s*\]", re.IGNORECASE)
NOT_USED_RE = re.compile(r"\bNot used(?: since (\d{4}))?", re.IGNORECASE)

_HEADING_TAGS = frozenset(("FP-2", "FP-1", "FP", "HD1", "HD2", "HD3", "P"))

SECTION_HEADINGS = {
    "license requirements": "License Requirements",
    "list based license exceptions": "List Based License Exceptions",
    "license exceptions": "List Based License Exceptions",
    "special conditions for sta": "Special Conditions for STA",
    "special conditions for strategic trade authorization": "Special Conditions for STA",
    "list of items controlled": "List of Items Controlled",
}
LABEL_SECTION = {
    "reason for control": "License Requirements",
    "reasons for control": "License Requirements",
    "control(s)": "License Requirements",
    "reporting requirements": "License Requirements",
    "lvs": "List Based License Exceptions",
    "gbs": "List Based License Exceptions",
    "civ": "List Based License Exceptions",
    "tsr": "List Based License Exceptions",
    "sta": "Special Conditions for STA",
    "related controls": "List of Items Controlled",
    "related definitions": "List of Items Controlled",
    "related definition": "List of Items Controlled",
    "items": "List of Items Controlled",
}
NOTE_HED_RE = re.compile(
    r"^(?P<kind>Technical\s+Notes?|Technical\s+note|N\.\s?B\.|Nota\s+Bene|"
    r"(?:License\s+Requirements?|License\s+Exceptions|Heading|Control)\s+Notes?|Notes?)"
    r"(?:\s+(?P<num>\d+))?(?![A-Za-z])",
    re.IGNORECASE,
)
INLINE_NOTE_RE = re.compile(
    r"^(?:Technical\s+Notes?|Notes?(?:\s+\d+)?|N\.\s?B\.)(?:\s+\d+)?\s*(?:to\s[^:]{1,60})?:"
)
REASON_ROW_RE = re.compile(
    r"^(?P<codes>[A-Z]{2,3}(?:\s*(?:,|and|&)\s*[A-Z]{2,3})*)\s+appl(?:y|ies)\b\s*(?:to\b)?\s*(?P<rest>.*)$",
    re.DOTALL,
)
RIS_ROW_RE = re.compile(r"^Russian industry sector sanctions? appl(?:y|ies)\s*(?:to\b)?\s*(?P<rest>.*)$")
COLUMN_RE = re.compile(r"(?<![A-Z])([A-Z]{2,3})\s+Column\s+(\d)")
REF_RE = re.compile(r"(?<![\w.])(\d[A-E]\d{3})((?:\.[a-z0-9]{1,3})*)")
SHORT_REF_RE = re.compile(r"(?<![\w.])(\.?[a-z]{1,2}(?:\.[a-z0-9]{1,3})+|\.[a-z]{1,2})(?![\w])")
HEADING_SENTENCE_RE = re.compile(r"^(?:does|do|is|are|commodities|materials|software|technology)\b")
SLUG_RE = re.compile(r"[^a-z0-9]+")
GLUED_ITEMS_RE = re.compile(r"^(List of Items Controlled)\s+(?=[a-z]\.\s)")
FIELD_LINE_RE = re.compile(
    r"^(Reason for Control|Related Controls|Related Definitions|Items|LVS|GBS|CIV|TSR|STA)\s*:\s*(.*)$"
)
COUNTRY_CHART_PREFIX_RE = re.compile(r"^Country Chart\.\s*")
SUBJECT_TO_RE = re.compile(r"^\d[A-E]\d{3}\s+\w+\s+(?:is|are)\s+subject to\s+([A-Z]{2})(\d)\s+controls")
REASON_CODE_RE = re.compile(r"[A-Z]{2,3}")
ENTIRE_ENTRY_DOT_RE = re.compile(r"^((?:the\s+)?entire entry)\.(?:\s+[A-Z]|$)", re.IGNORECASE)
BARE_COLUMN_RE = re.compile(r"(?<![A-Z] )\bColumn\s+(\d)")
ENTIRE_ENTRY_START_RE = re.compile(r"^(?:the\s+)?entire\s+entry", re.IGNORECASE)
ENTIRE_ENTRY_RE = re.compile(r"\bentire entry\b", re.IGNORECASE)
TITLE_TAIL_RE = re.compile(
    r",?\s*(?:as follows|having (?:any|all) of the following|the following)\s*:$", re.IGNORECASE
)
WHITESPACE_RE = re.compile(r"\s+")
NOTE_TARGET_RE = re.compile(r"\b(?:to|for)\s+(?:ECCN\s+|paragraphs?\s+|Cat\s+)?(.+?)\s*:?\s*$")
NOT_A_TARGET_RE = re.compile(r"\bof Note\b|Table|Cryptography|mixtures|List Based")
SHORT_TARGET_RE = re.compile(r"^\.?([a-z]{1,2}(?:\.[a-z0-9]{1,3})*)\.?(?:\s|$|,|:)")
BODY_TARGET_RE = re.compile(
    r"^(?:For the purposes? of\s+|In\s+)?(?:ECCN\s+|paragraph\s+)?(\d[A-E]\d{3})((?:\.[a-z0-9]{1,3})*)"
)


@functools.cache  # a few hundred distinct labels ("a", "a.1", …) checked ~9,000 times
def _valid_label(label: str, dot: str, ranged: bool) -> bool:
    parts = label.split(".")
    if label in ("e.g", "i.e", "n.e.s"):
        return False
    if not parts[0].isalpha():
        return False
    alternating = all((i % 2 == 0) == part.isalpha() for i, part in enumerate(parts))
    if not alternating and not all(p.isdigit() for p in parts[1:]):
        return False  # "f.2.1" (a printed numbering slip) is kept; "e.g" is not a label
    return not (len(parts) == 1 and not dot and not ranged)


def eccn_regime(code: str) -> tuple[Regime | None, str]:
    """Regime from the ECCN's three digits: 0xx Wassenaar, 1xx MTCR, 2xx NSG, 3xx AG, 4xx CWC; 5xx, 6xx
    (600 series), 9xx (x9xx anti-terrorism) and the US-only 0x9x (3A090, 4A090) are national."""
    digits = code[2:5]
    first = digits[0]
    if digits[:2] == "09":
        return Regime.NATIONAL, "x09x entries (3A090, 4A090, ...) are US-only"
    basis = f"third character {first}"
    return (
        {
            "0": Regime.WASSENAAR,
            "1": Regime.MTCR,
            "2": Regime.NSG,
            "3": Regime.AUSTRALIA_GROUP,
            "4": Regime.CWC,
        }.get(first, Regime.NATIONAL),
        basis,
    )


@dataclass
class _Eccn:
    record: EntryRecord
    items: dict[str, EntryRecord] = field(default_factory=dict)  # label path ("a.1") -> record
    sections: dict[str, EntryRecord] = field(default_factory=dict)
    current_section: EntryRecord | None = None
    current_field: str | None = None
    state: str = "header"  # "header" until the item list starts, then "items"
    last_node: EntryRecord | None = None  # last item (positional attachment of notes)
    last_text_node: EntryRecord | None = None  # last record a continuation line belongs to
    rows: list[tuple[str, str]] = field(default_factory=list)  # reason table rows (cells as printed)
    extra_reasons: list[tuple[str, str]] = field(default_factory=list)  # "X applies to ..." lines
    counters: dict[tuple[str, str], int] = field(default_factory=dict)
    tables: int = 0
    subheads: int = 0


class _CclBuilder:
    def __init__(self, path: Path, supp: etree._Element):
        self.path = path
        self.supp = supp
        self.entries: list[EntryRecord] = []
        self.texts: list[ListText] = []
        self.keys: dict[str, EntryRecord] = {}  # key -> record, for lookups without scanning entries
        self.own_sections: dict[str, int] = {}  # parent key -> records keyed "{parent key}~…" under it
        self.category: EntryRecord | None = None
        self.group: EntryRecord | None = None
        self.category_part: str | None = None
        self.subheading: str | None = None
        self.eccn: _Eccn | None = None
        self.trailer: EntryRecord | None = None  # text after a category's EAR99 line (annex, APP note)
        self.marked = marked_elements(supp)  # found once, not per render() call

    def render(self, el: etree._Element) -> Rendered:
        return render(el, marked=self.marked)

    # -- records ------------------------------------------------------------------------------------
    def add(self, record: EntryRecord) -> EntryRecord:
        if record.key in self.keys:
            raise DocumentRefused(self.path, f"duplicate key {record.key!r} (code {record.code!r})")
        self.keys[record.key] = record
        if record.parent_key is not None and record.key.startswith(f"{record.parent_key}~"):
            self.own_sections[record.parent_key] = self.own_sections.get(record.parent_key, 0) + 1
        self.entries.append(record)
        return record

    @staticmethod
    def loc(index: int, tag: str) -> str:
        return f"DIV9[@N='{SUPP_774}']/*[{index + 1}] ({tag})"

    # -- main loop ----------------------------------------------------------------------------------
    def build(self) -> None:
        for index, element in enumerate(self.supp):
            if not isinstance(element.tag, str):
                continue
            self.element(index, element)
        self.close_eccn()

    def element(self, index: int, el: etree._Element) -> None:
        tag = el.tag
        if self.eccn is not None and tag in ("NOTE", "DIV"):
            # read part by part (heading, body, cells): rendering the whole element first is wasted work
            self.in_eccn(index, el, None)
            return
        rendered = self.render(el)
        text = rendered.text
        if tag in ("HEAD",):
            self.texts.append(ListText("Heading", text))
            return
        if tag in ("XREF", "CITA", "EDNOTE"):
            self.texts.append(ListText(tag, text))
            return
        if self.is_heading(el):
            self.start_eccn(index, el, rendered)
            return
        if tag in ("FP-2", "FP-1", "FP") and len(el) and el[0].tag == "B" and text.startswith("EAR99"):
            self.close_eccn()
            self.texts.append(ListText(f"{self.category.code if self.category else ''} EAR99".strip(), text))
            self.trailer = None
            return
        if tag == "HD1" and self.hd1(index, text):
            return
        if tag == "HD3" and self.category is not None and self.eccn is None:
            self.trailer = self.add_trailer(
                index, tag, text, technical=text.lower().startswith("technical note")
            )
            return
        if tag == "HD2" and self.eccn is None and self.category is not None:
            if self.trailer is not None:
                self.append_text(self.trailer, text)
            else:
                self.trailer = self.add_trailer(index, tag, text)
            return
        if self.eccn is None:
            if self.trailer is not None:
                self.append_text(self.trailer, text, rendered.flags)
                if tag == "DIV":
                    self.trailer.attributes.setdefault("tables", []).append(self.table_rows(el))
            elif text:
                self.texts.append(ListText(tag, text))
            return
        self.in_eccn(index, el, rendered)

    # -- headings -----------------------------------------------------------------------------------
    @staticmethod
    def is_heading(el: etree._Element) -> bool:
        """An ECCN heading line: an FP-*/P/HD element whose text opens with a bold/emphasised ECCN."""
        # cheapest tests first: el.text copies a paragraph's whole text out of the tree
        if el.tag not in _HEADING_TAGS:
            return False
        if not len(el) or el[0].tag not in ("B", "E", "I", "strong"):
            return False
        if (el.text or "").strip():
            return False
        if el[0].tag != "B" and el.tag == "P":
            return False  # "<P><I>7A003 does not apply …</I>": a note in italics, not a heading
        first = _joined_text(el[0])
        match = ECCN_RE.match(first)
        if not match:
            return False
        rest = _normalise("".join(el.itertext()))[5:].lstrip()
        # a heading never continues as a sentence about the ECCN ("0A521 commodities are subject to …")
        return not HEADING_SENTENCE_RE.match(rest)

    def hd1(self, index: int, text: str) -> bool:
        match = CATEGORY_RE.match(text)
        if match:
            self.close_eccn()
            self.trailer = None
            number = match[1]
            self.category = self.add(
                EntryRecord(
                    code=f"Category {number}",
                    key=f"category-{number}",
                    kind=EntryKind.CATEGORY,
                    title=match[2],
                    text=text,
                    location=self.loc(index, "HD1"),
                )
            )
            self.group = None
            self.category_part = None
            self.subheading = None
            return True
        if self.category is None:
            return False
        match = PART_RE.match(text)
        if match:
            self.close_eccn()
            self.category_part = text
            self.add(
                EntryRecord(
                    code=f"{self.category.code} Part {match[1]}",
                    key=f"{self.category.key}~part-{match[1]}",
                    kind=EntryKind.SECTION,
                    parent_key=self.category.key,
                    title=match[2],
                    text=text,
                    location=self.loc(index, "HD1"),
                )
            )
            return True
        match = GROUP_RE.match(text)
        if match and not (self.eccn and self.eccn.state == "header"):
            self.close_eccn()
            self.trailer = None
            number = self.category.code.split()[-1]
            code = f"{number}{match[1]}"
            self.subheading = None
            if code.lower() in self.keys:  # Category 5 Part 2 repeats A–E: one product group, two headings
                group = self.keys[code.lower()]
                group.attributes.setdefault("other_headings", []).append(
                    {"text": text, "location": self.loc(index, "HD1"), "category_part": self.category_part}
                )
                if RESERVED_RE.search(text) is None and group.reserved:
                    group.reserved = False
                self.group = group
                return True
            self.group = self.add(
                EntryRecord(
                    code=code,
                    key=code.lower(),
                    kind=EntryKind.PRODUCT_GROUP,
                    parent_key=self.category.key,
                    title=RESERVED_RE.sub("", match[2]).strip(),
                    text=text,
                    reserved=bool(RESERVED_RE.search(text)),
                    location=self.loc(index, "HD1"),
                    attributes={"category_part": self.category_part} if self.category_part else {},
                )
            )
            return True
        if ROMAN_SUBHEAD_RE.match(text):
            self.close_eccn()
            self.subheading = text
            return True
        if text.lower() == "annex to category 1" or text.lower().startswith("annex"):
            self.close_eccn()
            self.trailer = self.add_trailer(index, "HD1", text)
            return True
        return False  # section headings inside an ECCN ("List of Items Controlled" as HD1)

    def add_trailer(self, index: int, tag: str, text: str, technical: bool = False) -> EntryRecord:
        assert self.category is not None
        n = self.own_sections.get(self.category.key, 0)  # its parts and trailers so far
        if technical:
            return self.add(
                EntryRecord(
                    code=f"{self.category.code} Technical Note",
                    key=f"{self.category.key}~tn-1",
                    kind=EntryKind.TECHNICAL_NOTE,
                    parent_key=self.category.key,
                    title=text,
                    text=text,
                    location=self.loc(index, tag),
                )
            )
        return self.add(
            EntryRecord(
                code=f"{self.category.code} {text}",
                key=f"{self.category.key}~section-{n + 1}",
                kind=EntryKind.SECTION,
                parent_key=self.category.key,
                title=text,
                text=text,
                location=self.loc(index, tag),
            )
        )

    # -- ECCN ---------------------------------------------------------------------------------------
    def start_eccn(self, index: int, el: etree._Element, rendered: Rendered) -> None:
        self.close_eccn()
        self.trailer = None
        text = rendered.text
        code = ECCN_RE.match(text)[1]
        if self.category is None or code[0] != self.category.code.split()[-1]:
            raise DocumentRefused(self.path, f"ECCN {code} outside its category heading")
        parent = self.group
        if parent is None or parent.code != code[:2]:
            # a product group with no HD1 of its own: record it so every ECCN has its group parent
            key = code[:2].lower()
            if key in self.keys:
                parent = self.keys[key]
            else:
                parent = self.add(
                    EntryRecord(
                        code=code[:2],
                        key=key,
                        kind=EntryKind.PRODUCT_GROUP,
                        parent_key=self.category.key,
                        location=self.loc(index, el.tag),
                        attributes={"flags": ["no_heading_in_document"]},
                    )
                )
            self.group = parent
        regime, basis = eccn_regime(code)
        title = text[len(code) :].strip()
        attributes: dict[str, Any] = {"heading_markup": f"{el.tag}/{el[0].tag}", "regime_basis": basis}
        if self.category_part:
            attributes["category_part"] = self.category_part
        if self.subheading:
            attributes["subheading"] = self.subheading
        if rendered.flags:
            attributes["flags"] = sorted(rendered.flags)
        record = self.add(
            EntryRecord(
                code=code,
                key=code.lower(),
                kind=EntryKind.ENTRY,
                parent_key=parent.key,
                title=title,
                text=text,
                reserved=bool(RESERVED_RE.search(title)),
                regime=regime,
                location=self.loc(index, el.tag),
                attributes=attributes,
            )
        )
        self.eccn = _Eccn(record=record)
        self.eccn.last_text_node = record

    def close_eccn(self) -> None:
        eccn = self.eccn
        if eccn is None:
            return
        self.eccn = None
        record = eccn.record
        for reason_cell, chart_cell in eccn.rows:
            record.reasons.extend(self.reasons_from_row(eccn, reason_cell, chart_cell))
        for line, chart in eccn.extra_reasons:
            record.reasons.extend(self.reasons_from_row(eccn, line, chart))

    def section(self, eccn: _Eccn, name: str, index: int, tag: str, heading_text: str | None) -> EntryRecord:
        slug = SLUG_RE.sub("-", name.lower()).strip("-")
        key = f"{eccn.record.key}~{slug}"
        n = 2
        while key in self.keys:
            key = f"{eccn.record.key}~{slug}-{n}"
            n += 1
        record = self.add(
            EntryRecord(
                code=f"{eccn.record.code} {name}",
                key=key,
                kind=EntryKind.SECTION,
                parent_key=eccn.record.key,
                title=heading_text or name,
                text=heading_text or "",
                location=self.loc(index, tag),
                attributes={
                    "lines": [heading_text] if heading_text else [],
                    "heading_printed": heading_text is not None,
                },
            )
        )
        eccn.sections[name] = record
        eccn.current_section = record
        eccn.last_text_node = record
        return record

    @staticmethod
    def append_text(record: EntryRecord, text: str, flags: set[str] | None = None) -> None:
        if not text:
            return
        record.text = f"{record.text} {text}".strip() if record.text else text
        if "lines" in record.attributes:
            record.attributes["lines"].append(text)
        if flags:
            record.attributes["flags"] = sorted(set(record.attributes.get("flags", [])) | flags)

    def in_eccn(self, index: int, el: etree._Element, rendered: Rendered | None) -> None:
        """`rendered` is None for NOTE and DIV, which are not rendered as a whole."""
        eccn = self.eccn
        assert eccn is not None
        tag = el.tag
        if tag == "NOTE":
            self.note(index, el)
            return
        if tag == "DIV":
            self.table(index, el)
            return
        assert rendered is not None
        text = rendered.text
        if tag == "img":
            target = eccn.last_text_node or eccn.record
            target.attributes["flags"] = sorted(set(target.attributes.get("flags", [])) | {"image_omitted"})
            return
        if not text:
            return
        # a line that is entirely a section heading
        before, paren, _ = text.partition("(")  # r"\s*\(.*$" cut off without a regex
        heading = SECTION_HEADINGS.get((before.rstrip() if paren else before).rstrip(":. ").lower())
        if heading and (tag == "HD1" or (len(el) and el[0].tag in ("E", "I", "B"))):
            first = _normalise(_joined_text(el[0])) if len(el) else text
            if first == text or tag == "HD1" or text.startswith(first):
                if heading == "List of Items Controlled" and eccn.state == "items":
                    pass
                else:
                    self.section(eccn, heading, index, tag, text)
                    return
        # "<E T="04">List of Items Controlled</E> a. Materials …": heading glued to the first item
        glued = GLUED_ITEMS_RE.match(text)
        if glued and eccn.state == "header":
            self.section(eccn, glued[1], index, tag, glued[1])
            eccn.state = "items"
            self.item_line(index, tag, text[glued.end() :], rendered.flags)
            return
        if tag == "HD2" and eccn.state == "items":
            eccn.subheads += 1
            record = self.add(
                EntryRecord(
                    code=f"{eccn.record.code} {text}",
                    key=f"{eccn.record.key}~heading-{eccn.subheads}",
                    kind=EntryKind.SECTION,
                    parent_key=eccn.record.key,
                    title=text,
                    text=text,
                    location=self.loc(index, tag),
                )
            )
            eccn.last_text_node = record
            return
        if eccn.state == "header":
            self.header_line(index, el, rendered)
        else:
            self.items_line(index, el, rendered)

    # -- header (License Requirements … Items:) ------------------------------------------------------
    @staticmethod
    def field_label(el: etree._Element, text: str) -> tuple[str, str] | None:
        """ "<I>Reason for Control:</I> NS, AT" → ("Reason for Control", "NS, AT")."""
        if not len(el) or el[0].tag not in ("I", "E", "B") or (el.text or "").strip():
            match = FIELD_LINE_RE.match(text)
            return (match[1], match[2]) if match else None
        first = _normalise(_joined_text(el[0]))
        if not first:
            return None
        rest = text[len(first) :] if text.startswith(first) else None
        if rest is None:
            return None
        if first.endswith(":"):
            return first[:-1].strip(), rest.strip()
        if rest.lstrip().startswith(":"):
            return first.strip(), rest.lstrip()[1:].strip()
        return None

    def header_line(self, index: int, el: etree._Element, rendered: Rendered) -> None:
        eccn = self.eccn
        assert eccn is not None
        text = rendered.text
        labelled = self.field_label(el, text)
        if labelled:
            label, value = labelled
            wanted = LABEL_SECTION.get(label.lower())
            if wanted and (
                eccn.current_section is None
                or (
                    wanted != eccn.current_section.code[len(eccn.record.code) + 1 :]
                    and wanted not in eccn.sections
                )
            ):
                self.section(eccn, wanted, index, el.tag, None)
            if eccn.current_section is None:
                self.section(eccn, "License Requirements", index, el.tag, None)
            field_name = label
            eccn.current_field = field_name
            if label.lower() == "items":
                self.append_text(eccn.current_section, text, rendered.flags)
                eccn.state = "items"
                if value and LABEL_RE.match(value) and self.valid_label(LABEL_RE.match(value)):
                    self.item_line(index, el.tag, value, rendered.flags)
                elif value:
                    eccn.record.attributes["items_text"] = value
                return
            self.append_text(eccn.current_section, text, rendered.flags)
            self.store_field(eccn, field_name, value)
            if label.lower() in ("reason for control", "reasons for control"):
                eccn.record.attributes["reason_for_control"] = value
            elif label.lower() in ("control(s)", "controls"):
                self.note_reason_line(eccn, value)
            return
        # the item list can start with no "Items:" line (5A001): an "a." paragraph after a field that
        # does not end with ":" (a colon introduces the field's own list: "does not control the following:")
        match = LABEL_RE.match(text)
        if (
            match
            and match["label"] == "a"
            and el.tag == "P"
            and "List of Items Controlled" in eccn.sections
            and not self.last_line_of(eccn).endswith(":")
        ):
            eccn.state = "items"
            eccn.record.attributes.setdefault("flags", []).append("no_items_label")
            self.item_line(index, el.tag, text, rendered.flags)
            return
        if eccn.current_section is None:
            self.section(eccn, "License Requirements", index, el.tag, None)
        self.append_text(eccn.current_section, text, rendered.flags)
        if eccn.current_field:
            self.store_field(eccn, eccn.current_field, text, append=True)
        if eccn.current_section.code.endswith("License Requirements"):
            self.note_reason_line(eccn, text)

    @staticmethod
    def note_reason_line(eccn: _Eccn, text: str) -> None:
        """A reason printed as a line, not a table row: "Control(s): SS applies to entire entry. …",
        "Country Chart. AT applies to entire entry", "0A521 commodities are subject to RS1 controls …"."""
        text = COUNTRY_CHART_PREFIX_RE.sub("", text)
        if REASON_ROW_RE.match(text) or RIS_ROW_RE.match(text):
            eccn.extra_reasons.append((text, text))
            return
        subject = SUBJECT_TO_RE.match(text)
        if subject and subject.group(0).startswith(eccn.record.code):
            eccn.record.reasons.append(
                ReasonForControl(subject[1], subject.group(0), f"{subject[1]}{subject[2]}", [eccn.record.key])
            )

    @staticmethod
    def last_line_of(eccn: _Eccn) -> str:
        section = eccn.current_section
        if section is None or not section.attributes.get("lines"):
            return ""
        return section.attributes["lines"][-1]

    @staticmethod
    def store_field(eccn: _Eccn, name: str, value: str, append: bool = False) -> None:
        attributes = eccn.record.attributes
        key = {
            "related controls": "related_controls",
            "related definitions": "related_definitions",
            "related definition": "related_definitions",
        }.get(name.lower())
        section = eccn.current_section.code[len(eccn.record.code) + 1 :] if eccn.current_section else ""
        if key is None:
            bucket_name = (
                "license_exceptions"
                if section in ("List Based License Exceptions", "Special Conditions for STA")
                else "fields"
            )
            bucket = attributes.setdefault(bucket_name, {})
            bucket[name] = (
                f"{bucket[name]} {value}".strip()
                if append and name in bucket
                else (f"{bucket[name]} {value}".strip() if name in bucket else value)
            )
            return
        attributes[key] = f"{attributes[key]} {value}".strip() if key in attributes else value

    # -- tables -------------------------------------------------------------------------------------
    def table_rows(self, el: etree._Element) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in el.iter("TR"):
            rows.append([self.render(c).text for c in _cells(tr)])
        return rows

    def table(self, index: int, el: etree._Element) -> None:
        eccn = self.eccn
        assert eccn is not None
        rows = self.table_rows(el)
        if eccn.state == "header" and rows and rows[0] and rows[0][0].lower().startswith("control"):
            if eccn.current_section is None:
                self.section(eccn, "License Requirements", index, "DIV", None)
            section = eccn.current_section
            section.attributes.setdefault("reason_table", []).extend(rows)
            for row in rows[1:]:
                self.append_text(section, " | ".join(c for c in row if c))
                if len(row) >= 2:
                    eccn.rows.append((row[0], " ".join(row[1:])))
                elif len(row) == 1 and (REASON_ROW_RE.match(row[0]) or RIS_ROW_RE.match(row[0])):
                    eccn.rows.append((row[0], ""))
            return
        eccn.tables += 1
        parent = eccn.record if eccn.state == "items" else (eccn.current_section or eccn.record)
        caption = el.find(".//CAPTION")
        title = self.render(caption).text if caption is not None else ""
        record = self.add(
            EntryRecord(
                code=f"{eccn.record.code} Table {eccn.tables}",
                key=f"{eccn.record.key}~table-{eccn.tables}",
                kind=EntryKind.SECTION,
                parent_key=parent.key,
                title=title,
                text=" ".join(" | ".join(c for c in row if c) for row in rows),
                location=self.loc(index, "DIV"),
                attributes={"table": rows},
            )
        )
        eccn.last_text_node = record

    def reasons_from_row(self, eccn: _Eccn, reason_cell: str, chart_cell: str) -> list[ReasonForControl]:
        match = REASON_ROW_RE.match(reason_cell)
        if match:
            codes = REASON_CODE_RE.findall(match["codes"])
            applies = match["rest"].strip()
        else:
            ris = RIS_ROW_RE.match(reason_cell)
            if not ris:
                return []
            codes = ["Russian industry sector sanctions"]
            applies = ris["rest"].strip()
        entire = ENTIRE_ENTRY_DOT_RE.match(applies)
        if entire:
            applies = entire[1]  # "entire entry. A license is required …": the rest stays in the section text
        columns = {reason: f"{reason}{number}" for reason, number in COLUMN_RE.findall(chart_cell)}
        paragraphs = self.resolve(eccn, applies)
        out = []
        for reason in codes:
            column = columns.get(reason)
            if column is None and len(codes) == 1 and len(columns) == 1:
                column = next(iter(columns.values()))  # "Column 1." printed without its reason
            if column is None:
                bare = BARE_COLUMN_RE.search(chart_cell)
                if bare and not columns:
                    column = f"{reason}{bare[1]}"
            out.append(
                ReasonForControl(
                    reason, applies, column, list(paragraphs), "" if column else chart_cell.strip()
                )
            )
        return out

    def resolve(self, eccn: _Eccn, text: str) -> list[str]:
        """Paragraph keys a "… applies to" text names, where they exist in this ECCN."""
        if ENTIRE_ENTRY_START_RE.match(text):
            return [eccn.record.key]
        own = eccn.record.code
        found: list[str] = []
        current = None
        # walk full references and the short ones ("b.3", ".c") that follow them
        tokens = sorted(
            [(m.start(), "full", m) for m in REF_RE.finditer(text)]
            + [(m.start(), "short", m) for m in SHORT_REF_RE.finditer(text)],
            key=lambda t: t[0],
        )
        for _, kind, match in tokens:
            if kind == "full":
                current = match[1]
                path = match[2].strip(".")
            else:
                if current is None:
                    current = own
                path = match[1].strip(".")
            if current != own:
                continue
            key = f"{own}.{path}".lower() if path else own.lower()
            if (path == "" or path in eccn.items) and key not in found:
                found.append(key)
        if not found and ENTIRE_ENTRY_RE.search(text):
            found.append(eccn.record.key)
        return found

    # -- items --------------------------------------------------------------------------------------
    @staticmethod
    def valid_label(match: re.Match) -> bool:
        return _valid_label(match["label"], match["dot"], bool(match["range"]))

    def items_line(self, index: int, el: etree._Element, rendered: Rendered) -> None:
        eccn = self.eccn
        assert eccn is not None
        text = rendered.text
        if INLINE_NOTE_RE.match(text) and el.tag in ("P", "FP-1", "FP"):
            self.inline_note(index, el.tag, text, rendered.flags)
            return
        match = LABEL_RE.match(text)
        if (
            match
            and self.valid_label(match)
            and match["label"] not in eccn.items
            and self.item_line(index, el.tag, text, rendered.flags)
        ):
            return
        target = eccn.last_text_node or eccn.record
        if target is eccn.record or (eccn.last_node is None and target.kind == EntryKind.SECTION):
            # text under "Items:" before any paragraph ("The list of items controlled is contained in …")
            previous = eccn.record.attributes.get("items_text")
            eccn.record.attributes["items_text"] = f"{previous} {text}" if previous else text
            if target is eccn.record:
                return
        self.append_text(target, text, rendered.flags)
        target.attributes["continuation_lines"] = target.attributes.get("continuation_lines", 0) + 1

    def item_line(self, index: int, tag: str, text: str, flags: set[str]) -> bool:
        eccn = self.eccn
        assert eccn is not None
        match = LABEL_RE.match(text)
        if not match or not self.valid_label(match):
            return False
        label = match["label"]
        if label in eccn.items:
            return False
        parts = label.split(".")
        parent = eccn.record
        attributes: dict[str, Any] = {"label": text[: match.end()].strip()}
        for cut in range(len(parts) - 1, 0, -1):
            candidate = ".".join(parts[:cut])
            if candidate in eccn.items:
                parent = eccn.items[candidate]
                if cut != len(parts) - 1:
                    attributes.setdefault("flags", []).append("missing_parent_label")
                break
        else:
            if len(parts) > 1:
                attributes.setdefault("flags", []).append("missing_parent_label")
        body = text[match.end() :].strip()
        reserved = len(body) < 40 and bool(RESERVED_RE.search(body))
        not_used = NOT_USED_RE.match(body)
        if not_used:
            reserved = True
            if not_used[1]:
                attributes["not_used_since"] = int(not_used[1])
        if match["range"]:
            attributes["range"] = match.group(0).strip()
            attributes["range_end"] = match["end"].lstrip(".")
        if match["dot"] == "":
            attributes.setdefault("flags", []).append("label_without_final_dot")
        elif match["dot"] == "..":
            attributes.setdefault("flags", []).append("label_double_dot")
        if flags:
            attributes["flags"] = sorted(set(attributes.get("flags", [])) | flags)
        title = ""
        if body.endswith(":") and not reserved:
            title = TITLE_TAIL_RE.sub("", body).rstrip(":").strip()
        code = f"{eccn.record.code}.{label}"
        record = self.add(
            EntryRecord(
                code=code,
                key=code.lower(),
                kind=EntryKind.ITEM,
                parent_key=parent.key,
                title=title,
                text=text,
                reserved=reserved,
                regime=eccn.record.regime,
                location=self.loc(index, tag),
                attributes=attributes,
            )
        )
        eccn.items[label] = record
        eccn.last_node = record
        eccn.last_text_node = record
        return True

    # -- notes --------------------------------------------------------------------------------------
    @staticmethod
    def note_kind(heading: str) -> tuple[EntryKind, str, str | None]:
        match = NOTE_HED_RE.match(heading)
        if not match:
            return EntryKind.NOTE, "Note", None
        word = match["kind"].lower()
        if word.startswith("technical"):
            return EntryKind.TECHNICAL_NOTE, "Technical Note", match["num"]
        if word.startswith(("n.", "nota")):
            return EntryKind.NB, "N.B.", match["num"]
        printed = WHITESPACE_RE.sub(" ", match["kind"]).rstrip("s")
        if printed.lower() == "note":
            printed = "Note"
        return EntryKind.NOTE, printed, match["num"]

    def target_from_heading(self, eccn: _Eccn, heading: str) -> EntryRecord | None:
        """ "Note 2 to paragraph 0A501.a:", "Technical Note to 0A505.d:", "Note to paragraph .k:"."""
        match = NOTE_TARGET_RE.search(heading)
        if not match:
            return None
        target = match[1]
        if NOT_A_TARGET_RE.search(target):
            return None
        full = REF_RE.match(target)
        if full:
            if full[1] != eccn.record.code:
                return None
            path = full[2].strip(".")
        else:
            short = SHORT_TARGET_RE.match(target + " ")
            if not short:
                return None
            path = short[1]
        if not path:
            return eccn.record
        return eccn.items.get(path)

    def target_from_body(self, eccn: _Eccn, body: str, positional: EntryRecord) -> EntryRecord | None:
        """A note opening with the paragraph it speaks of ("3A001.a.2 does not apply …", "For the purposes
        of 3A001.a.5.a:") belongs to that paragraph when this ECCN has it."""
        match = BODY_TARGET_RE.match(body)
        if not match or match[1] != eccn.record.code:
            return None
        path = match[2].strip(".")
        candidate = eccn.record if not path else eccn.items.get(path)
        if candidate is None:
            return None
        return candidate

    def note(self, index: int, el: etree._Element) -> None:
        eccn = self.eccn
        assert eccn is not None
        hed = el.find("HED")
        heading = self.render(hed).text if hed is not None else ""
        body_parts = []
        flags: set[str] = set()
        for child in el:
            if child is hed or not isinstance(child.tag, str):
                continue
            rendered = self.render(child)
            flags |= rendered.flags
            if rendered.text:
                body_parts.append(rendered.text)
        body = " ".join(body_parts)
        # "Notes to Table … 1. The term …": a heading that runs on into the text
        self.add_note(index, "NOTE", heading, body, flags)

    def inline_note(self, index: int, tag: str, text: str, flags: set[str]) -> None:
        match = INLINE_NOTE_RE.match(text)
        self.add_note(index, tag, text[: match.end()], text[match.end() :].strip(), flags, inline=True)

    def add_note(
        self, index: int, tag: str, heading: str, body: str, flags: set[str], inline: bool = False
    ) -> None:
        eccn = self.eccn
        assert eccn is not None
        kind, word, number = self.note_kind(heading)
        if eccn.state == "header":
            positional = eccn.current_section or eccn.record
        else:
            positional = eccn.last_node or eccn.record
        attached_by = "position"
        parent = self.target_from_heading(eccn, heading) if eccn.state == "items" else None
        if parent is not None:
            attached_by = "heading"
        elif eccn.state == "items":
            parent = self.target_from_body(eccn, body, positional)
            if parent is not None:
                attached_by = "text"
        if parent is None:
            parent = positional
        suffix = {EntryKind.NOTE: "note", EntryKind.TECHNICAL_NOTE: "tn", EntryKind.NB: "nb"}[kind]
        count = eccn.counters.get((parent.key, suffix), 0) + 1
        eccn.counters[(parent.key, suffix)] = count
        label = word + (f" {number}" if number else "")
        attributes: dict[str, Any] = {"attached_by": attached_by, "heading": heading}
        if inline:
            attributes["inline"] = True
        if flags:
            attributes["flags"] = sorted(flags)
        record = self.add(
            EntryRecord(
                code=f"{parent.code} {label}",
                key=f"{parent.key}~{suffix}-{count}",
                kind=kind,
                parent_key=parent.key,
                title=heading.rstrip(":").strip(),
                text=f"{heading} {body}".strip(),
                reserved=bool(RESERVED_RE.fullmatch(body.strip().rstrip("."))),
                location=self.loc(index, tag),
                attributes=attributes,
            )
        )
        eccn.last_text_node = record


def parse_ccl(path: Path) -> ParsedList:
    version = version_date_from_name(path)
    root = parse_xml_file(path)
    if root.tag != "DIV5" or root.get("N") != "774":
        raise DocumentRefused(path, 'not an eCFR export of 15 CFR part 774 (no <DIV5 N="774">)')
    supp = _find_div9(root, SUPP_774, path)
    builder = _CclBuilder(path, supp)
    builder.build()
    if not any(e.kind == EntryKind.ENTRY for e in builder.entries):
        raise DocumentRefused(path, "no ECCN headings found in Supplement No. 1 to Part 774")
    return ParsedList(
        descriptor=CCL,
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        entries=builder.entries,
        texts=builder.texts,
        source_uri=CCL.url,
    )


def recognise_ccl(path: Path, head: bytes) -> bool:
    return _is_ecfr_head(head) and re.search(rb'<DIV5\s+N="774"\s+TYPE="PART"', head[:4096]) is not None


# ---------------------------------------------------------------------------------------------------
# B. The Commerce Country Chart


_DIGITS_RE = re.compile(r"\d+")
_COLUMN_CODE_RE = re.compile(r"[A-Z]{2}\d")
_GROUP_HEADING_RE = re.compile(r"^Country Group ([A-Z])\b\s*(.*)$")
_GROUP_COLUMN_RE = re.compile(r"^\[\s*([A-Z])\s*:\s*(\d+)\s*\]\s*(.*)$")


def _footnote_numbers(cell: etree._Element) -> list[int]:
    return [int(n) for s in cell.iter("sup") for n in _DIGITS_RE.findall("".join(s.itertext()))]


def _footnotes(table: etree._Element) -> list[tuple[str, str]]:
    """TFOOT rows: ("1", text); rows without their own marker continue the previous footnote."""
    out: list[tuple[str, str]] = []
    for tr in _table_rows(table, "TFOOT"):
        for cell in _cells(tr):
            numbers = _footnote_numbers(cell)
            text = render(cell, skip_sup=True).text
            if numbers:
                out.append((str(numbers[0]), text))
            elif out:
                out[-1] = (out[-1][0], f"{out[-1][1]} {text}".strip())
            elif text:
                out.append(("", text))
    return out


def parse_country_chart(path: Path) -> ParsedList:
    root = parse_xml_file(path)
    supp = _find_div9(root, SUPP_738, path)
    version, basis = version_date_for_supplement(path, supp)
    tables = list(supp.iter("TABLE"))
    if len(tables) != 1:
        raise DocumentRefused(path, f"expected one country chart table, found {len(tables)}")
    table = tables[0]
    header_rows = _table_rows(table, "THEAD")
    if len(header_rows) < 2:
        raise DocumentRefused(path, "country chart has no two-row column header")
    columns = [WHITESPACE_RE.sub("", render(c).text) for c in _cells(header_rows[-1])]
    if not columns or not all(_COLUMN_CODE_RE.fullmatch(c) for c in columns):
        raise DocumentRefused(path, f"unexpected country chart columns {columns!r}")
    groups: dict[str, str] = {}
    position = 0
    for cell in _cells(header_rows[0]):
        if cell.get("rowspan"):
            continue
        span = int(cell.get("colspan", "1"))
        for column in columns[position : position + span]:
            groups[column] = render(cell).text
        position += span
    reference: list[ReferenceRecord] = []
    seen: set[str] = set()
    for number, tr in enumerate(_table_rows(table, "TBODY"), start=1):
        cells = _cells(tr)
        if not cells:
            continue
        name = render(cells[0], skip_sup=True).text
        footnotes = _footnote_numbers(cells[0])
        try:
            iso = iso_code(name)
        except UnknownCountry as error:
            raise DocumentRefused(path, f"country chart row {number}: {error}") from None
        if iso in seen:
            raise DocumentRefused(path, f"country chart lists {name!r} ({iso}) twice")
        seen.add(iso)
        data: dict[str, Any] = {"name_as_printed": name, "iso": iso, "footnotes": footnotes}
        marks = cells[1:]
        if len(marks) == 1 and int(marks[0].get("colspan", "1")) == len(columns):
            data["embargoed"] = True
            data["columns"] = {}
            data["text"] = render(marks[0]).text
        elif len(marks) == len(columns):
            values = {}
            for column, cell in zip(columns, marks, strict=True):
                mark = render(cell).text
                if mark not in ("", "X"):
                    raise DocumentRefused(path, f"{name}: unexpected mark {mark!r} in column {column}")
                values[column] = mark == "X"
            data["embargoed"] = False
            data["columns"] = values
        else:
            raise DocumentRefused(
                path, f"country chart row {name!r} has {len(marks)} cells, not {len(columns)}"
            )
        data["location"] = f"DIV9[@N='{SUPP_738}']//TBODY/TR[{number}]"
        reference.append(ReferenceRecord("us_country_chart", iso, data))
    for number, text in _footnotes(table):
        reference.append(ReferenceRecord("us_country_chart_footnote", number, {"text": text}))
    texts = [
        ListText("Version date basis", f"{version.isoformat()}: {basis}"),
        ListText("Columns", " ".join(f"{c} ({groups.get(c, '')})" for c in columns)),
    ]
    for element in supp:
        if element.tag in ("HEAD", "CITA"):
            texts.append(ListText(element.tag, render(element).text))
    caption = table.find("CAPTION")
    if caption is not None:
        texts.append(ListText("Caption", render(caption).text))
    return ParsedList(
        descriptor=COUNTRY_CHART,
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        texts=texts,
        reference=reference,
        source_uri=COUNTRY_CHART.url,
    )


def recognise_country_chart(path: Path, head: bytes) -> bool:
    return _is_ecfr_head(head) and SUPP_738 in _div9_names(head[:4096])


# ---------------------------------------------------------------------------------------------------
# C. Country Groups


def parse_country_groups(path: Path) -> ParsedList:
    root = parse_xml_file(path)
    supp = _find_div9(root, SUPP_740, path)
    version, basis = version_date_for_supplement(path, supp)
    groups: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def group(code: str, title: str, location: str) -> dict[str, Any]:
        if code not in groups:
            groups[code] = {
                "title": title,
                "members": [],
                "members_as_printed": [],
                "notes": [],
                "location": location,
            }
            order.append(code)
        return groups[code]

    def iso(name: str, where: str) -> str:
        try:
            return iso_code(name)
        except UnknownCountry as error:
            raise DocumentRefused(path, f"{where}: {error}") from None

    for position, element in enumerate(supp, start=1):
        if not isinstance(element.tag, str):
            continue
        where = f"DIV9[@N='{SUPP_740}']/*[{position}]"
        if element.tag == "HD1":
            text = render(element).text
            match = _GROUP_HEADING_RE.match(text)
            if not match:
                continue
            record = group(match[1], match[2].lstrip("—–- ").strip() or text, where)
            record["heading"] = text
            if RESERVED_RE.search(text):
                record["reserved"] = True
                record["title"] = "[Reserved]"
            continue
        if element.tag == "SCOL2" or element.find(".//LI") is not None:
            previous = order[-1] if order else None
            if previous is None:
                raise DocumentRefused(path, "a country list with no Country Group heading before it")
            record = groups[previous]
            for li in element.iter("LI"):
                name = render(li).text
                record["members_as_printed"].append(name)
                record["members"].append(iso(name, f"Country Group {previous}"))
            continue
        for table in element.iter("TABLE"):
            caption = table.find("CAPTION")
            caption_text = render(caption, skip_sup=True).text if caption is not None else ""
            header = _table_rows(table, "THEAD")
            if not header:
                raise DocumentRefused(path, f"country group table {caption_text!r} has no header")
            head_cells = _cells(header[-1])[1:]
            codes = []
            for cell in head_cells:
                text = render(cell, skip_sup=True).text
                match = _GROUP_COLUMN_RE.match(text)
                if not match:
                    raise DocumentRefused(path, f"unexpected country group column {text!r}")
                code = f"{match[1]}:{match[2]}"
                record = group(code, match[3] or caption_text, where)
                record["column_footnotes"] = _footnote_numbers(cell)
                record["table"] = caption_text
                codes.append(code)
            footnotes = dict(_footnotes(table))
            for code in codes:
                groups[code]["notes"] = [
                    {"number": n, "text": footnotes.get(str(n), "")} for n in groups[code]["column_footnotes"]
                ]
                caption_notes = _footnote_numbers(caption) if caption is not None else []
                groups[code]["notes"] += [
                    {"number": n, "text": footnotes.get(str(n), "")} for n in caption_notes
                ]
                groups[code]["table_footnotes"] = [{"number": k, "text": v} for k, v in footnotes.items()]
            for row_number, tr in enumerate(_table_rows(table, "TBODY"), start=1):
                cells = _cells(tr)
                if not cells:
                    continue
                name = render(cells[0], skip_sup=True).text
                country_notes = _footnote_numbers(cells[0])
                if len(cells) - 1 != len(codes):
                    raise DocumentRefused(
                        path, f"{caption_text} row {name!r}: {len(cells) - 1} cells for {len(codes)} groups"
                    )
                country = iso(name, caption_text)
                for code, cell in zip(codes, cells[1:], strict=True):
                    mark = render(cell).text
                    if mark not in ("", "X"):
                        raise DocumentRefused(path, f"{caption_text} row {name!r}: unexpected mark {mark!r}")
                    if mark == "X":
                        groups[code]["members"].append(country)
                        groups[code]["members_as_printed"].append(name)
                        if country_notes:
                            groups[code].setdefault("member_footnotes", {})[country] = country_notes
    reference = []
    for code in order:
        data = groups[code]
        data.setdefault("reserved", False)
        data.pop("column_footnotes", None)
        if len(set(data["members"])) != len(data["members"]):
            raise DocumentRefused(path, f"Country Group {code} lists a country twice")
        reference.append(ReferenceRecord("us_country_group", code, data))
    texts = [ListText("Version date basis", f"{version.isoformat()}: {basis}")]
    texts += [ListText(e.tag, render(e).text) for e in supp if e.tag in ("HEAD", "CITA", "EDNOTE")]
    return ParsedList(
        descriptor=COUNTRY_GROUPS,
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        texts=texts,
        reference=reference,
        source_uri=COUNTRY_GROUPS.url,
    )


def recognise_country_groups(path: Path, head: bytes) -> bool:
    return _is_ecfr_head(head) and SUPP_740 in _div9_names(head[:8192])


# ---------------------------------------------------------------------------------------------------
# Descriptors

CCL = SourceDescriptor(
    jurisdiction="us",
    list_id="ccl",
    title="Commerce Control List (15 CFR 774 Supp. 1)",
    publisher=PUBLISHER,
    url="https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-774/"
    "appendix-Supplement%20No.%201%20to%20Part%20774",
    format="ecfr-xml",
    licence=LICENCE,
    expected_counts={  # the 2026-09-01 document: 638 / 10 / 50 / 4483 / 491 / 265 / 55 / 1976 / 7968
        "entry": (575, 765),
        "category": (9, 12),
        "product_group": (45, 60),
        "item": (4030, 5380),
        "note": (440, 590),
        "technical_note": (238, 318),
        "nb": (49, 66),
        "section": (1778, 2371),
        "entries": (7170, 9560),
    },
    recognise=recognise_ccl,
    parse=parse_ccl,
    importer_version="1",
)

COUNTRY_CHART = SourceDescriptor(
    jurisdiction="us",
    list_id="country-chart",
    title="Commerce Country Chart (15 CFR 738 Supp. 1)",
    publisher=PUBLISHER,
    url="https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-738/"
    "appendix-Supplement%20No.%201%20to%20Part%20738",
    format="ecfr-xml",
    licence=LICENCE,
    expected_counts={
        "reference:us_country_chart": (180, 240),
        "reference:us_country_chart_footnote": (9, 12),
    },  # 200, 10
    recognise=recognise_country_chart,
    parse=parse_country_chart,
    kind=ListKind.REFERENCE,
)

COUNTRY_GROUPS = SourceDescriptor(
    jurisdiction="us",
    list_id="country-groups",
    title="Country Groups (15 CFR 740 Supp. 1)",
    publisher=PUBLISHER,
    url="https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-740/"
    "appendix-Supplement%20No.%201%20to%20Part%20740",
    format="ecfr-xml",
    licence=LICENCE,
    expected_counts={"reference:us_country_group": (14, 18)},  # 14 groups + reserved Group C
    recognise=recognise_country_groups,
    parse=parse_country_groups,
    kind=ListKind.REFERENCE,
)

DESCRIPTORS: list[SourceDescriptor] = [CCL, COUNTRY_CHART, COUNTRY_GROUPS]

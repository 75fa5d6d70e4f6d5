"""UK Strategic Export Control List — the consolidated PDF published by the Export Control Joint Unit.

One list ("secl") holds every schedule of the document:

* Schedule 2 of the Export Control Order 2008, the UK Military List (ML1-ML22 and PL5xxx);
* Schedule 3, the UK Dual-Use List (PL8xxx, PL9xxx);
* the Non-military Firearms, Human Rights, UK Security and Human Rights and UK Radioactive
  Sources lists (kept as SECTION records; their text goes to `ParsedList.texts`);
* Annex I of the assimilated Dual-Use Regulation 428/2009, categories 0-9 (parsed into
  CATEGORY / PRODUCT_GROUP / ENTRY / ITEM / NOTE ... records);
* Annex IV (a subset of Annex I printed again: a SECTION whose text goes to `texts`).

PDF extraction uses pypdfium2 (Google's PDFium, Apache-2.0/BSD): it reads the 398 pages in about
a second, keeps the text in reading order and gives per-character origins, boxes and font names.
That is what this importer needs: indentation (x) decides nesting, the italic face marks notes,
raised baselines mark flattened superscripts, and small type at the foot of a page marks
footnotes. pdfplumber (pdfminer.six) gives the same per-character data but is an order of
magnitude slower on this file, so it is not used.

Layout facts the parser relies on (observed in the December 2025 edition):

* every page ends with a footer "CAT3_R07.docx Dual-Use List - Category 3 [Page 2 of 46]
  16 Dec 2025" (at the bottom of the page, but first in the text stream); it names the part;
* after a page break the first line may repeat the context ("3A001 a.", "ML8 c.",
  "5A002 a. Note 2", "2B Technical Notes"): it is not an entry and is dropped;
* regime tags ("[W]", "[M18A1*]", "[M-1]" with a superscript footnote number) sit in the left
  margin, on the line of the code or item they belong to or on the lines below it;
* codes sit at the left margin (x ~ 57 pt); items nest by indentation; notes are italic.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

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

MAX_BYTES = 64 * 1024 * 1024  # the real document is 2.4 MB
MAX_PAGES = 2000

URL = (
    "https://www.gov.uk/government/publications/uk-strategic-export-control-lists-the-consolidated-list-"
    "of-strategic-military-and-dual-use-items-that-require-export-authorisation"
)

# ----------------------------------------------------------------------------------------------
# Patterns
# ----------------------------------------------------------------------------------------------

_FOOTER = re.compile(
    r"^(?P<file>[A-Z0-9]{3,5}[_.][A-Z]?\d{1,3}\.docx?)\s+(?P<title>.*?)\s+"
    r"(?P<date>\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4})\s*$"
)
_TAGS = re.compile(r"^((?:\[[A-Za-z0-9*&\-+.]{1,16}\]\s*)+)")
_ONE_TAG = re.compile(r"\[([^\]]+)\]")
_ANNEX_CODE = r"\d[A-E]\d{3}"
_ENTRY = re.compile(rf"^(?P<code>{_ANNEX_CODE}|ML\d{{1,2}}|PL\d{{4}})(?:\s+(?P<rest>.*))?$")
_CATEGORY = re.compile(r"^CATEGORY\s+(?P<num>\d)\s*[-\u2013]\s*(?P<title>.+?)\s*$")
_PART = re.compile(r"^Part\s+(?P<num>\d)\s*[-\u2013]\s*(?P<title>.+?)\s*$")
_GROUP = re.compile(
    r"^(?P<code>\d[A-E]\d?)\s+(?P<title>Systems, Equipment and Components|Test, Inspection and Production"
    r" Equipment|Materials|Software|Technology)\s*$"
)
_LABEL = re.compile(r"^(?P<label>[a-z]{1,2}|\d{1,2})\.(?:\s+(?P<rest>.*))?$")
_NOTE_HEAD = re.compile(
    r"^(?:(?P<tn>Technical\s+Notes?)|(?P<nb>N\.\s?B\.)|(?P<note>Notes?))"
    r"(?:\s*(?P<num>\d{1,2}))?\s*(?P<sep>:|\.(?=\s|$)|(?=\s+[A-Z]{2,}))?\s*(?P<rest>.*)$"
)
_NOTE_TO = re.compile(r"^Note to the .{1,60}?:\s*(?P<rest>.*)$")
_CONTEXT = re.compile(
    rf"^(?:{_ANNEX_CODE}|ML\d{{1,2}}|PL\d{{4}}|\d[A-E]\d?)?"
    r"(?:\s*(?:[a-z]{1,2}|\d{1,2})\.?)*"
    r"(?:\s*(?:Technical\s+)?(?:Notes?|N\.B\.)(?:\s+\d{1,2}(?:\.[a-z0-9]{1,2})*\.?)?)?\s*:?\s*$"
)
_RESERVED = re.compile(r"^(?:This entry is not used|Not used)(?:\s+since\s+(?P<year>\d{4}))?\s*[;.]?\s*$", re.IGNORECASE)

_PART_TITLES = [
    # footer title prefix -> (section key, section title, how it is read)
    ("Strategic Export Control Lists", "introduction", "Contents and Introduction", "text"),
    ("UK Military List", "schedule-2", "UK Military List (Schedule 2 to the Export Control Order 2008)", "tree"),
    ("UK Dual-Use List", "schedule-3", "UK Dual-Use List (Schedule 3 to the Export Control Order 2008)", "tree"),
    ("Non-military Firearms List", "non-military-firearms", "Non-military Firearms List", "text"),
    ("Human Rights List", "human-rights", "Human Rights List", "text"),
    ("UK Security and Human Rights List", "uk-security-human-rights", "UK Security and Human Rights List", "text"),
    ("UK Radioactive Sources List", "uk-radioactive-sources", "UK Radioactive Sources List", "text"),
    ("Dual-Use List - Introduction", "annex-i", "Dual-Use List (Annex I to Regulation (EC) No 428/2009)", "text"),
    ("Dual-Use List - Definitions", "annex-i", "Dual-Use List (Annex I to Regulation (EC) No 428/2009)", "text"),
    ("Dual-Use List - Category", "annex-i", "Dual-Use List (Annex I to Regulation (EC) No 428/2009)", "tree"),
    ("Dual-Use List - Annex IV", "annex-iv", "Dual-Use List (Annex IV to Regulation (EC) No 428/2009)", "text"),
]

_SUPERSCRIPT = str.maketrans("0123456789-+\u2212o", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207a\u207b\u00b0")
_SUBSCRIPT = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")


def _regime_of_tag(tag: str) -> Regime | None:
    head = tag.lstrip()[:1]
    if tag.startswith(("II", "IV")):
        return None
    return {
        "W": Regime.WASSENAAR,
        "M": Regime.MTCR,
        "N": Regime.NSG,
        "T": Regime.NSG,
        "A": Regime.AUSTRALIA_GROUP,
        "C": Regime.CWC,
    }.get(head)


def _code_regime(code: str) -> Regime:
    if code.startswith("ML"):
        return Regime.WASSENAAR
    if code.startswith("PL"):
        return Regime.NATIONAL
    return {
        "0": Regime.WASSENAAR,
        "1": Regime.MTCR,
        "2": Regime.NSG,
        "3": Regime.AUSTRALIA_GROUP,
        "4": Regime.CWC,
    }.get(code[2], Regime.NATIONAL)


# ----------------------------------------------------------------------------------------------
# Text lines out of the PDF
# ----------------------------------------------------------------------------------------------


@dataclass
class _Line:
    page: int  # 1-based
    x: float  # origin x of the first character after any margin tags
    y: float  # baseline
    text: str  # as printed, whitespace normalised, margin tags removed
    italic: bool
    bold: bool
    tags: list[str] = field(default_factory=list)
    tag_refs: dict[str, str] = field(default_factory=dict)  # tag -> footnote number (superscript)
    repaired: str | None = None  # the text with flattened super/subscripts restored


@dataclass
class _Page:
    number: int
    footer: str | None
    footer_title: str
    footer_date: str | None
    lines: list[_Line]
    footnotes: dict[str, str]


def _font_flags(raw, index: int, buf) -> tuple[bool, bool, float]:
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(raw, index, buf, len(buf), ctypes.byref(flags))
    name = buf.value.decode("latin-1", "replace")
    weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
    size = pdfium_c.FPDFText_GetFontSize(raw, index)
    matrix = pdfium_c.FS_MATRIX()
    if pdfium_c.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix)):
        size *= abs(matrix.d) or abs(matrix.a) or 1.0
    return "Italic" in name or "Oblique" in name, "Bold" in name or weight >= 600, size


def _read_page(page, number: int) -> _Page:
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        text = textpage.get_text_range().replace("\ufffe", "-")
        ox, oy = ctypes.c_double(), ctypes.c_double()
        buf = ctypes.create_string_buffer(128)
        lines: list[_Line] = []
        footer: str | None = None
        footnotes: dict[str, str] = {}
        in_footnotes = False
        body_size = 0.0
        for match in re.finditer(r"[^\r\n]+", text):
            segment = match.group()
            stripped = segment.lstrip()
            if not stripped.strip():
                continue
            start = match.start() + len(segment) - len(stripped)
            pdfium_c.FPDFText_GetCharOrigin(raw, start, ox, oy)
            x0, y0 = ox.value, oy.value
            flat = " ".join(stripped.split())
            if footer is None and y0 < 70 and _FOOTER.match(flat):
                footer = flat
                continue
            italic, bold, size = _font_flags(raw, start, buf)
            # Footnotes: small type at the foot of the page, starting with the footnote number.
            if in_footnotes or (y0 < 160 and body_size and size < body_size * 0.85 and re.match(r"^\d{1,2}\s", flat)):
                if re.match(r"^\d{1,2}\s", flat) and size < (body_size or size + 1) * 0.85:
                    in_footnotes = True
                    number_text, _, rest = flat.partition(" ")
                    footnotes[number_text] = rest
                    continue
                if in_footnotes and footnotes:
                    last = list(footnotes)[-1]
                    footnotes[last] = f"{footnotes[last]} {flat}"
                    continue
            if not body_size and not bold and len(flat) > 20:
                body_size = size
            # Margin regime tags.
            tags: list[str] = []
            tag_refs: dict[str, str] = {}
            body_start = start
            tag_match = _TAGS.match(stripped) if x0 < 100 else None
            if tag_match:
                tag_text = tag_match.group(1)
                for one in _ONE_TAG.finditer(tag_text):
                    tag = one.group(1)
                    # a superscript digit at the end of a tag is a footnote reference ("[M-1]")
                    if tag[-1].isdigit() and "-" in tag:
                        pdfium_c.FPDFText_GetCharOrigin(raw, start + one.end(1) - 1, ox, oy)
                        if oy.value > y0 + 1.5:
                            tag_refs[tag] = tag.rsplit("-", 1)[1]
                    tags.append(tag)
                body_start = start + len(tag_text)
            body = text[body_start : match.end()]
            lead = len(body) - len(body.lstrip())
            body_start += lead
            body = body.strip()
            if body:
                pdfium_c.FPDFText_GetCharOrigin(raw, body_start, ox, oy)
                x, y = ox.value, oy.value
                if tags:
                    italic, bold, _size = _font_flags(raw, body_start, buf)
            else:
                x, y = x0, y0
            repaired = _repair_scripts(raw, text, body_start, body_start + len(body), y, ox, oy) if body else None
            lines.append(
                _Line(
                    page=number,
                    x=x,
                    y=y,
                    text=" ".join(body.split()),
                    italic=italic,
                    bold=bold,
                    tags=tags,
                    tag_refs=tag_refs,
                    repaired=repaired,
                )
            )
        footer_title, footer_date = "", None
        if footer:
            found = _FOOTER.match(footer)
            assert found is not None
            footer_title = found.group("title")
            footer_date = found.group("date")
        return _Page(number, footer, footer_title, footer_date, lines, footnotes)
    finally:
        textpage.close()


def _repair_scripts(raw, text: str, begin: int, end: int, baseline: float, ox, oy) -> str | None:
    """The line with raised digits (and degree 'o') as superscripts, lowered digits as subscripts;
    None when the line has none."""
    out: list[str] = []
    changed = False
    reference = -1  # index of the character whose baseline the last check used
    for index in range(begin, end):
        char = text[index]
        if char.isdigit() or char in "-+\u2212" or (char == "o" and index > begin and text[index - 1].isdigit()):
            # compare with the nearest plain character before it (a PDFium line can join two rows)
            before = index - 1
            while before >= begin and (text[before].isdigit() or text[before] in " -+\u2212o"):
                before -= 1
            if before >= begin and before != reference:
                reference = before
                pdfium_c.FPDFText_GetCharOrigin(raw, before, ox, oy)
                baseline = oy.value
            pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy)
            shift = oy.value - baseline
            if shift > 1.8 and (char != "-" or (index + 1 < end and text[index + 1].isdigit())):
                out.append(char.translate(_SUPERSCRIPT))
                changed = True
                continue
            if shift < -1.8 and char.isdigit():
                out.append(char.translate(_SUBSCRIPT))
                changed = True
                continue
        out.append(char)
    if not changed:
        return None
    return " ".join("".join(out).split())


def _open_document(path: Path) -> pdfium.PdfDocument:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentRefused(path, f"cannot read: {error}") from error
    if size == 0:
        raise DocumentRefused(path, "empty file")
    if size > MAX_BYTES:
        raise DocumentRefused(path, f"file is {size} bytes, over the {MAX_BYTES}-byte cap")
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if not head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        raise DocumentRefused(path, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise DocumentRefused(path, "truncated PDF (no %%EOF trailer)")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DocumentRefused(path, "encrypted PDF (a password is required)") from error
        raise DocumentRefused(path, f"PDFium cannot open it: {error}") from error
    if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
        document.close()
        raise DocumentRefused(path, "encrypted PDF")
    pages = len(document)
    if pages == 0 or pages > MAX_PAGES:
        document.close()
        raise DocumentRefused(path, f"PDF has {pages} pages")
    return document


def _read_pages(path: Path) -> tuple[list[_Page], dict[str, str]]:
    document = _open_document(path)
    try:
        metadata = document.get_metadata_dict()
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_read_page(page, index + 1))
            finally:
                page.close()
        return pages, metadata
    finally:
        document.close()


# ----------------------------------------------------------------------------------------------
# The tree builder
# ----------------------------------------------------------------------------------------------

_NOTE_KINDS = (EntryKind.NOTE, EntryKind.TECHNICAL_NOTE, EntryKind.NB)


@dataclass
class _Node:
    record: EntryRecord
    label_x: float
    label: str | None = None  # local item label ("a", "1")
    last_child_label: str | None = None
    child_label_x: float | None = None
    lines: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    has_repair: bool = False
    note_counts: Counter = field(default_factory=Counter)


def _successor(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    if label[-1] != "z":
        return label[:-1] + chr(ord(label[-1]) + 1)
    return "aa" if len(label) == 1 else label  # a..z then aa


def _first_label(label: str) -> bool:
    return label in ("a", "1")


def _same_type(a: str, b: str) -> bool:
    return a.isdigit() == b.isdigit()


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.entries: list[EntryRecord] = []
        self.nodes: list[_Node] = []
        self.stack: list[_Node] = []
        self.keys: set[str] = set()
        self.context_mismatches: list[str] = []
        self.context_lines = 0
        self.footnotes: dict[str, str] = {}

    # -- records ---------------------------------------------------------------------------------

    def add(self, record: EntryRecord, label_x: float, label: str | None = None) -> _Node:
        if record.key in self.keys:
            n = 2
            while f"{record.key}~{n}" in self.keys:
                n += 1
            record.attributes.setdefault("flags", []).append("duplicate_code")
            record.key = f"{record.key}~{n}"
        self.keys.add(record.key)
        self.entries.append(record)
        node = _Node(record, label_x, label)
        self.nodes.append(node)
        return node

    def finish(self) -> None:
        for node in self.nodes:
            text = " ".join(" ".join(node.lines).split())
            record = node.record
            if record.kind in (EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP, EntryKind.SECTION) and not text:
                continue
            if record.kind in (EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP, EntryKind.SECTION):
                record.text = " ".join(f"{record.text} {text}".split())
                continue
            record.text = text
            if node.has_repair:
                record.attributes["repaired_text"] = " ".join(" ".join(node.repaired).split())
            if record.kind == EntryKind.ENTRY:
                record.title = text
            elif record.kind == EntryKind.ITEM:
                record.title = _item_title(text)
            reserved = _RESERVED.match(text)
            if reserved:
                record.reserved = True
                if reserved.group("year"):
                    record.attributes["not_used_since"] = int(reserved.group("year"))

    # -- helpers ---------------------------------------------------------------------------------

    def top(self) -> _Node | None:
        return self.stack[-1] if self.stack else None

    def append_text(self, line: _Line) -> None:
        node = self.top()
        if node is None:
            return
        node.lines.append(line.text)
        node.repaired.append(line.repaired or line.text)
        node.has_repair = node.has_repair or line.repaired is not None

    def attach_tags(self, node: _Node | None, line: _Line) -> None:
        if node is None or not line.tags:
            return
        if node.record.kind in _NOTE_KINDS:
            # margin tags mark codes and items; beside a note they belong to the note's owner
            owners = [n for n in self.stack if n.record.kind not in _NOTE_KINDS]
            if not owners:
                return
            node = owners[-1]
        record = node.record
        tags = record.attributes.setdefault("regime_tags", [])
        for tag in line.tags:
            if tag not in tags:
                tags.append(tag)
            number = line.tag_refs.get(tag)
            if number and number in self.footnotes:
                record.attributes.setdefault("regime_tag_footnotes", {})[tag] = self.footnotes[number]
        regimes = []
        for tag in tags:
            regime = _regime_of_tag(tag)
            if regime is not None and regime.value not in regimes:
                regimes.append(regime.value)
        if regimes:
            record.attributes["regimes"] = regimes
            record.regime = Regime(regimes[0])
        if any(t.rstrip().endswith("*") for t in tags):
            record.attributes["regime_see_source"] = True

    def pop_to(self, kinds: tuple[EntryKind, ...]) -> None:
        while self.stack and self.stack[-1].record.kind not in kinds:
            self.stack.pop()

    def entry_node(self) -> _Node | None:
        for node in reversed(self.stack):
            if node.record.kind == EntryKind.ENTRY:
                return node
        return None

    # -- structure -------------------------------------------------------------------------------

    def section(self, key: str, title: str, parent: str | None, line: _Line | None, page: int, code: str) -> _Node:
        self.stack = [n for n in self.stack if n.record.key == parent] if parent else []
        record = EntryRecord(
            code=code, key=key, kind=EntryKind.SECTION, parent_key=parent, title=title, text=title,
            location=f"page {page}",
        )
        node = self.add(record, 0.0)
        self.stack.append(node)
        return node

    def category(self, number: str, title: str, parent: str, line: _Line) -> None:
        self.pop_to((EntryKind.SECTION,))
        while self.stack and self.stack[-1].record.key != parent:
            self.stack.pop()
        record = EntryRecord(
            code=f"Category {number}", key=f"category-{number}", kind=EntryKind.CATEGORY, parent_key=parent,
            title=title, text=line.text, location=f"page {line.page}",
        )
        self.stack.append(self.add(record, line.x))

    def part(self, category: str, number: str, line: _Line) -> None:
        while self.stack and self.stack[-1].record.kind != EntryKind.CATEGORY:
            self.stack.pop()
        record = EntryRecord(
            code=f"Category {category} Part {number}", key=f"category-{category}-part-{number}",
            kind=EntryKind.SECTION, parent_key=self.stack[-1].record.key if self.stack else None,
            title=line.text, text=line.text, location=f"page {line.page}",
        )
        self.stack.append(self.add(record, line.x))

    def group(self, code: str, title: str, line: _Line) -> None:
        while self.stack and self.stack[-1].record.kind not in (EntryKind.CATEGORY, EntryKind.SECTION):
            self.stack.pop()
        record = EntryRecord(
            code=code, key=code.lower(), kind=EntryKind.PRODUCT_GROUP,
            parent_key=self.stack[-1].record.key if self.stack else None, title=title, text=line.text,
            location=f"page {line.page}",
        )
        self.stack.append(self.add(record, line.x))

    def entry(self, code: str, rest: str, line: _Line, heading_x: float) -> None:
        while self.stack and self.stack[-1].record.kind not in (EntryKind.CATEGORY, EntryKind.SECTION, EntryKind.PRODUCT_GROUP):
            self.stack.pop()
        parent = self.stack[-1].record.key if self.stack else None
        record = EntryRecord(
            code=code, key=code.lower(), kind=EntryKind.ENTRY, parent_key=parent, regime=_code_regime(code),
            location=f"page {line.page}",
        )
        node = self.add(record, line.x)
        self.stack.append(node)
        self.attach_tags(node, line)
        if rest:
            label = _LABEL.match(rest)
            if label and heading_x > 0:
                # "4E001 a. "Technology" ...": the entry has no heading of its own
                self.item(label.group("label"), label.group("rest") or "", line, heading_x, line.repaired)
                return
            node.lines.append(rest)
            node.repaired.append(_strip_prefix(line.repaired, code) if line.repaired else rest)
            node.has_repair = node.has_repair or line.repaired is not None

    def fits(self, node: _Node, label: str) -> bool:
        if node.record.kind in _NOTE_KINDS:
            return False
        if node.record.kind not in (EntryKind.ENTRY, EntryKind.ITEM):
            return False
        if node.last_child_label is None:
            return _first_label(label)
        return _same_type(node.last_child_label, label) and _successor(node.last_child_label) == label

    def item_parent(self, label: str, x: float) -> int | None:
        """Index in the stack of the node the new label continues, chosen by sequence then by x."""
        candidates = [i for i, node in enumerate(self.stack) if self.fits(node, label)]
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]

        def distance(i: int) -> float:
            node = self.stack[i]
            expected = node.child_label_x
            if expected is None:
                # a first child sits at the parent's text column, right of the parent's label
                expected = node.label_x + (57.0 if node.record.kind == EntryKind.ENTRY else 21.5)
            return abs(expected - x)

        return min(candidates, key=distance)

    def out_of_sequence_parent(self, label: str, x: float) -> int | None:
        """A label that continues no list by sequence but sits exactly where the children of an
        open node go (the UK prints "15." as the first sub-item of 3A501.a): accept it, flagged."""
        for index in range(len(self.stack) - 1, -1, -1):
            node = self.stack[index]
            if node.record.kind not in (EntryKind.ENTRY, EntryKind.ITEM):
                continue
            expected = node.child_label_x
            if expected is None:
                expected = node.label_x + (57.0 if node.record.kind == EntryKind.ENTRY else 21.5)
            if abs(expected - x) > 3:
                continue
            last = node.last_child_label
            if last is None:
                return index
            if _same_type(last, label) and (
                int(label) > int(last) if label.isdigit() else (len(label), label) > (len(last), last)
            ):
                return index
            return None
        return None

    def item(self, label: str, rest: str, line: _Line, x: float, repaired: str | None) -> bool:
        index = self.item_parent(label, x)
        flagged = False
        if index is None:
            # out of sequence: only a capitalised item text, never a continuation line ("b. or 1C210.a.")
            if not re.match(r"^[A-Z\"'\u2018\u201c]", rest):
                return False
            index = self.out_of_sequence_parent(label, x)
            if index is None:
                return False
            flagged = True
        parent = self.stack[index]
        if parent.child_label_x is not None and abs(parent.child_label_x - x) > 12:
            # sequence fits but the indentation is far off: probably not a label
            return False
        del self.stack[index + 1 :]
        parent.last_child_label = label
        if parent.child_label_x is None:
            parent.child_label_x = x
        code = f"{parent.record.code}.{label}"
        record = EntryRecord(
            code=code, key=code.lower(), kind=EntryKind.ITEM, parent_key=parent.record.key,
            regime=parent.record.regime, location=f"page {line.page}",
        )
        if flagged:
            record.attributes["flags"] = ["label_out_of_sequence"]
        node = self.add(record, x, label)
        self.stack.append(node)
        self.attach_tags(node, line)
        nested = _LABEL.match(rest)
        if nested and _first_label(nested.group("label")) and not _same_type(nested.group("label"), label):
            # "1. a. Voltage rating ...": the first sub-item starts on its parent's line
            inner = _strip_label(repaired, label) if repaired else None
            return self.item(nested.group("label"), nested.group("rest") or "", line, x + 22.0, inner)
        node.lines.append(rest)
        node.repaired.append(_strip_label(repaired, label) if repaired else rest)
        node.has_repair = node.has_repair or repaired is not None
        return True

    def note(self, kind: EntryKind, head: str, rest: str, line: _Line) -> None:
        # parent: the deepest node left of this heading; a note indented under another note is its
        # child; a note printed between an item that opens a list ("... as follows:") and the list's
        # first child belongs to that item even when it sits at the item's own label column.
        while self.stack:
            top = self.stack[-1]
            if top.record.kind in (EntryKind.CATEGORY, EntryKind.SECTION, EntryKind.PRODUCT_GROUP, EntryKind.ENTRY):
                break
            if top.label_x < line.x - 4:
                break
            if (
                top.record.kind == EntryKind.ITEM
                and top.last_child_label is None
                and top.lines
                and top.lines[-1].rstrip().endswith(":")
                and line.x >= top.label_x - 4
            ):
                break
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent is None:
            return
        suffix = {EntryKind.NOTE: "note", EntryKind.TECHNICAL_NOTE: "tn", EntryKind.NB: "nb"}[kind]
        parent.note_counts[suffix] += 1
        n = parent.note_counts[suffix]
        record = EntryRecord(
            code=f"{parent.record.code} {head}", key=f"{parent.record.key}~{suffix}-{n}", kind=kind,
            parent_key=parent.record.key, title=head, location=f"page {line.page}",
        )
        node = self.add(record, line.x)
        self.stack.append(node)
        # margin tags printed beside a note heading mark the entry or item, not the note
        self.attach_tags(parent, line)
        node.lines.append(line.text)
        node.repaired.append(line.repaired or line.text)
        node.has_repair = line.repaired is not None

    def check_context(self, context: str, page: int) -> None:
        """The repeated context line names where the text continues: compare it with the stack."""
        self.context_lines += 1
        words = context.split()
        if not words:
            return
        head = words[0]
        path = [head] + [w.rstrip(".") for w in words[1:] if re.fullmatch(r"(?:[a-z]{1,2}|\d{1,2})\.?", w)]
        if "Note" in context or "Technical" in context or not _ENTRY.match(f"{head} x"):
            path = path[:1] if _ENTRY.match(f"{head} x") else []
        if not path:
            return
        code = ".".join(path)
        codes = {n.record.code for n in self.stack}
        if code not in codes:
            self.context_mismatches.append(f"page {page}: context {context!r}, parse at {self.stack[-1].record.code!r}" if self.stack else context)


def _strip_label(repaired: str, label: str) -> str:
    return re.sub(rf"^{re.escape(label)}\.\s*", "", repaired)


def _strip_prefix(repaired: str, code: str) -> str:
    return repaired[len(code) :].strip() if repaired.startswith(code) else repaired


def _item_title(text: str) -> str:
    """An item's leading phrase: the text of an item that introduces a sub-list (it ends with a
    colon), without the trailing "as follows:"; "" for a plain item."""
    if not text.endswith(":"):
        return ""
    return re.sub(r",?\s*as follows\s*:$|:$", "", text).strip(" ,;")


# ----------------------------------------------------------------------------------------------
# Parsing the document
# ----------------------------------------------------------------------------------------------


def _part_of(page: _Page) -> tuple[str, str, str] | None:
    title = page.footer_title.replace("\u2013", "-")
    for prefix, key, name, mode in _PART_TITLES:
        if title.startswith(prefix):
            return key, name, mode
    return None


def _is_context_line(line: _Line, page_first: bool, current_heading: str | None) -> bool:
    if not page_first:
        return False
    if line.bold:
        return current_heading is not None and line.text == current_heading
    return bool(_CONTEXT.match(line.text)) and not line.tags


def _parse_tree(builder: _Builder, pages: list[_Page], part_key: str) -> list[ListText]:
    """Schedules 2 and 3 and the Annex I categories."""
    texts: list[ListText] = []
    preamble: list[str] = []
    preamble_title = ""
    started = False
    current_bold_heading: str | None = None
    category_number: str | None = None
    for page in pages:
        builder.footnotes = page.footnotes
        first = True
        for line in page.lines:
            page_first, first = first, False
            text = line.text
            if not text and not line.tags:
                continue
            if _is_context_line(line, page_first, current_bold_heading):
                if started and not line.bold:
                    builder.check_context(text, page.number)
                continue
            category = _CATEGORY.match(text) if line.bold else None
            entry = _ENTRY.match(text) if line.x < 100 and not line.italic else None
            if not started:
                group_heading = (
                    part_key == "schedule-3" and line.bold and line.x < 100 and _next_is_entry(page.lines, line)
                )
                if category or (entry and entry.group("rest")) or group_heading:
                    started = True
                    if preamble:
                        texts.append(ListText(preamble_title, " ".join(" ".join(preamble).split())))
                        preamble = []
                else:
                    if not preamble:
                        preamble_title = f"{builder.stack[0].record.title if builder.stack else part_key} - {text}"
                    preamble.append(text)
                    continue
            if category:
                category_number = category.group("num")
                current_bold_heading = None
                builder.category(category_number, category.group("title"), part_key, line)
                continue
            part = _PART.match(text) if line.bold and category_number else None
            if part:
                builder.part(category_number, part.group("num"), line)
                continue
            group = _GROUP.match(text) if line.x < 100 else None
            if group:
                current_bold_heading = None
                builder.group(group.group("code"), group.group("title"), line)
                continue
            if entry and entry.group("rest") is not None:
                rest = entry.group("rest")
                heading_x = _x_after_code(line)
                builder.entry(entry.group("code"), rest, line, heading_x)
                continue
            if (
                line.bold
                and line.text.upper() == line.text
                and len(line.text) > 8
                and not _LABEL.match(text)
                and not _NOTE_HEAD.match(text)
            ):
                # A free-standing heading: a table or a technical note printed after the entries
                current_bold_heading = text
                _free_section(builder, line, part_key, category_number)
                continue
            if line.bold and part_key == "schedule-3" and not _LABEL.match(text) and line.x < 100:
                # Schedule 3 group headings ("Firearms", "Materials, chemicals, micro-organisms and toxins")
                _schedule_group(builder, line, part_key)
                continue
            _body_line(builder, line)
    if preamble:
        texts.append(ListText(preamble_title, " ".join(" ".join(preamble).split())))
    return texts


def _next_is_entry(lines: list[_Line], line: _Line) -> bool:
    following = lines[lines.index(line) + 1 :][:1]
    return bool(following) and bool(_ENTRY.match(following[0].text)) and following[0].x < 100


def _x_after_code(line: _Line) -> float:
    # codes sit at the left margin and headings start at the text column
    return 114.0


def _free_section(builder: _Builder, line: _Line, part_key: str, category: str | None) -> None:
    parent = f"category-{category}" if category else part_key
    slug = re.sub(r"[^a-z0-9]+", "-", line.text.lower()).strip("-")
    key = f"{parent}~{slug}"
    while builder.stack and builder.stack[-1].record.key != parent:
        builder.stack.pop()
    record = EntryRecord(
        code=line.text, key=key, kind=EntryKind.SECTION, parent_key=parent, title=line.text, text=line.text,
        location=f"page {line.page}",
    )
    node = builder.add(record, line.x)
    builder.stack.append(node)


def _schedule_group(builder: _Builder, line: _Line, part_key: str) -> None:
    slug = re.sub(r"[^a-z0-9]+", "-", line.text.lower()).strip("-")
    while builder.stack and builder.stack[-1].record.key != part_key:
        builder.stack.pop()
    record = EntryRecord(
        code=line.text, key=f"{part_key}~{slug}", kind=EntryKind.SECTION, parent_key=part_key, title=line.text,
        text=line.text, location=f"page {line.page}",
    )
    builder.stack.append(builder.add(record, line.x))


def _note_kind(match: re.Match) -> EntryKind:
    if match.group("tn"):
        return EntryKind.TECHNICAL_NOTE
    if match.group("nb"):
        return EntryKind.NB
    return EntryKind.NOTE


def _body_line(builder: _Builder, line: _Line) -> None:
    text = line.text
    top = builder.top()
    in_note = top is not None and top.record.kind in _NOTE_KINDS
    note_to = _NOTE_TO.match(text)
    head = _NOTE_HEAD.match(text)
    if head and not (head.group("sep") or head.group("num") or head.group("nb") or head.group("rest") == ""):
        head = None
    if head and head.group("sep") is None and head.group("num") is None and head.group("rest") and not head.group("nb"):
        # "Notes xyz" without a colon is prose
        head = None
    if note_to and (line.italic or not in_note):
        builder.note(EntryKind.NOTE, text.split(":", 1)[0], note_to.group("rest"), line)
        return
    if head and (line.italic or head.group("nb") or head.group("tn")) and (not in_note or line.x <= top.label_x + 30):
        kind = _note_kind(head)
        title = text[: head.start("rest")].strip()
        builder.note(kind, title.rstrip(": "), head.group("rest"), line)
        return
    if head and not in_note and not line.italic:
        kind = _note_kind(head)
        title = text[: head.start("rest")].strip()
        builder.note(kind, title.rstrip(": "), head.group("rest"), line)
        return
    if in_note and line.italic:
        builder.attach_tags(top, line)
        builder.append_text(line)
        return
    label = _LABEL.match(text)
    if label:
        saved = list(builder.stack)
        if builder.item(label.group("label"), label.group("rest") or "", line, line.x, line.repaired):
            return
        builder.stack = saved
    if in_note and line.x > top.label_x + 4:
        builder.attach_tags(top, line)
        builder.append_text(line)
        return
    if in_note:
        # plain text after a note: back to the node the note belongs to
        while builder.stack and builder.stack[-1].record.kind in _NOTE_KINDS:
            builder.stack.pop()
    builder.attach_tags(builder.top(), line)
    builder.append_text(line)


def _version_date(pages: list[_Page], metadata: dict[str, str], path: Path) -> date:
    dates = Counter(p.footer_date for p in pages if p.footer_date)
    for text, _count in dates.most_common():
        for fmt in ("%d %b %Y", "%d %B %Y"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    moddate = metadata.get("ModDate", "")
    found = re.match(r"D:(\d{4})(\d{2})(\d{2})", moddate)
    if found:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    raise DocumentRefused(path, "no version date in the footers or the metadata")


def parse(path: Path) -> ParsedList:
    path = Path(path)
    pages, metadata = _read_pages(path)
    footers = [p for p in pages if p.footer]
    if len(footers) < len(pages) // 2:
        raise DocumentRefused(path, "not the UK Strategic Export Control List (page footers not found)")
    builder = _Builder(path)
    texts: list[ListText] = []
    # group pages by part, in document order
    runs: list[tuple[tuple[str, str, str], list[_Page]]] = []
    for page in pages:
        part = _part_of(page) if page.footer else None
        if part is None:
            continue
        if runs and runs[-1][0][0] == part[0] and runs[-1][0][2] == part[2]:
            runs[-1][1].append(page)
        else:
            runs.append((part, [page]))
    seen_sections: set[str] = set()
    for (key, name, mode), run in runs:
        if key not in seen_sections and key != "introduction":
            seen_sections.add(key)
            builder.section(key, name, None, None, run[0].number, name)
        else:
            builder.stack = [n for n in builder.nodes if n.record.key == key][:1]
        if mode == "tree":
            texts.extend(_parse_tree(builder, run, key))
        else:
            title = run[0].footer_title
            body = " ".join(line.text for page in run for line in page.lines if line.text or line.tags)
            texts.append(ListText(f"{name}: {title}" if key != "introduction" else title, " ".join(body.split())))
    builder.finish()
    version = _version_date(pages, metadata, path)
    entries = builder.entries
    if not any(e.kind == EntryKind.ENTRY for e in entries):
        raise DocumentRefused(path, "no entries found")
    parsed = ParsedList(
        descriptor=DESCRIPTORS[0],
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        entries=entries,
        texts=texts,
    )
    parsed.source_uri = URL
    _PARSE_STATS[str(path)] = {
        "context_lines": builder.context_lines,
        "context_mismatches": list(builder.context_mismatches),
        "pdf_moddate": metadata.get("ModDate", ""),
    }
    return parsed


# Diagnostics of the last parse per path (context-line checks); read by tests and tools.
_PARSE_STATS: dict[str, dict] = {}


def parse_stats(path: Path) -> dict:
    return _PARSE_STATS.get(str(Path(path)), {})


def recognise(path: Path, head: bytes) -> bool:
    """A PDF whose document information names this publication (title "UK Strategic Export
    Control Lists", author "Export Control Joint Unit"). Reading the Info dictionary only needs
    the cross-reference table, not the pages."""
    if not head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return False
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            return False
        document = pdfium.PdfDocument(str(path))
    except (OSError, pdfium.PdfiumError):
        return False
    try:
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    title = " ".join(metadata.get("Title", "").split()).lower()
    author = metadata.get("Author", "").lower()
    return title.startswith("uk strategic export control list") and "export control" in author


DESCRIPTORS: list[SourceDescriptor] = [
    SourceDescriptor(
        jurisdiction="uk",
        list_id="secl",
        title="UK Strategic Export Control List (consolidated list of strategic military and dual-use items)",
        publisher="Export Control Joint Unit (Department for Business and Trade), United Kingdom",
        url=URL,
        format="pdf",
        licence="Open Government Licence v3.0 (Crown copyright)",
        expected_counts={
            # December 2025 edition: 418 entries (384 Annex I + ML1-ML22 + PL5001 + 11 PL8xxx/PL9xxx),
            # 3 593 items, 444 notes, 291 technical notes, 218 N.B., 55 product groups, 22 sections.
            "entry": (376, 502),
            "item": (3230, 4310),
            "category": (10, 10),
            "product_group": (50, 66),
            "note": (400, 533),
            "technical_note": (262, 350),
            "nb": (196, 262),
            "section": (20, 27),
            "entries": (4545, 6061),
        },
        recognise=recognise,
        parse=parse,
    )
]

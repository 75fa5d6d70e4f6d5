"""Wassenaar Arrangement list PDF: the Dual-Use List (Categories 1-9), the Sensitive and Very Sensitive
Lists, and the Munitions List (ML1-ML22), document WA-LIST (25) 1 Corr.

PDF extraction uses pypdfium2 (Google's PDFium, the engine of Chrome's PDF viewer, maintained and
shipped as wheels). It is chosen for fidelity and speed: besides the text it gives every glyph's
origin and text-matrix size, which is what this document needs:

* codes are printed as tab-aligned tokens (``3. A. 1. a. 2. a.``) and later siblings show only their
  last label (``b.``); the glyph x position of each label says which level a bare label belongs to;
* superscripts are real smaller, raised glyphs in the PDF (``10`` then a 7 pt ``6``); the text layer
  flattens them to ``106``. We read the glyph size and baseline, so a superscript is detected from
  the page itself, not guessed from the pattern; ``text`` keeps the flattened reading as printed in the
  text layer and ``attributes["repaired_text"]`` holds the reading with Unicode superscripts.

Codes are stored in the Wassenaar form (``3.A.1.a.2.b``, key ``3.a.1.a.2.b``) with the EU/US form in
``attributes["eu_code"]`` (``3A001.a.2.b``). Munitions List codes are ``ML1``, ``ML1.a``.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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

MAX_BYTES = 40 * 1024 * 1024  # the real document is 1.4 MB
MAX_PAGES = 1000

# PDFium reports glyphs of the Symbol font as private-use code points (U+F000 + the Symbol byte).
# Map the ones this list uses to the Unicode character the glyph shows.
_SYMBOL_FONT = {
    0x2A: "\u2217",  # asteriskmath
    0x2D: "\u2212",  # minus
    0x2F: "/",
    0x41: "A",  # Alpha: printed in "700 µA/lm", where it is the ampere sign
    0x63: "\u03c7",  # chi
    0x6C: "\u03bb",  # lambda
    0x6D: "\u00b5",  # mu, used as the micro prefix (µs, µPa, µA)
    0x77: "\u03c9",  # omega
    0xA2: "\u2032",  # prime
    0xB0: "\u00b0",  # degree
    0xB4: "\u00d7",  # multiply
    0xB7: "\u2022",  # bullet
}
_SUPERSCRIPT = str.maketrans("0123456789-\u2212+()n=i", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺⁽⁾ⁿ⁼ⁱ")
_SUPERSCRIPTABLE = set("0123456789-\u2212+()n=i ")
_FLAT_POWER = re.compile(r"\d\s?[x×]\s?10[-−]?\d")

_VERSION_RE = re.compile(r"\b(\d{2})-(\d{2})-(20\d{2})\b")
_FOOTER_RE = re.compile(
    r"^(WA-LIST \(\d+\) \d+( Corr\.)?|-\s*\d+\s*-\s*\d{2}-\d{2}-\d{4}|\d{2}-\d{2}-\d{4}\s*-\s*\d+\s*-)$"
)
_PAGE_NO_RE = re.compile(r"-\s*(\d+)\s*-")


# --------------------------------------------------------------------------------------------------
# Reading glyphs and lines


@dataclass
class Line:
    page: int  # 1-based page of the PDF
    x: float  # x of the first visible glyph
    y: float  # baseline
    size: float
    text: str  # as extracted, superscripts flattened
    repaired: str  # superscript runs as Unicode superscripts
    hyphen_end: bool = False  # ends with a hyphen that PDFium marked as a line-break hyphen
    flags: set[str] = field(default_factory=set)
    tokens: list[tuple[str, float]] = field(default_factory=list)  # (token, x) of visible words

    @property
    def stripped(self) -> str:
        return self.text.strip()


def _char(code: int) -> str:
    if 0xF000 <= code <= 0xF0FF:
        return _SYMBOL_FONT.get(code - 0xF000, chr(code - 0xF000))
    if code in (0x02, 0xFFFE):  # PDFium's mark for a hyphen at a line break
        return "-"
    return chr(code)


def _page_glyphs(textpage, raw) -> list[tuple[str, float, float, float, bool]]:
    count = textpage.count_chars()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    glyphs = []
    handle = textpage.raw
    for index in range(count):
        code = raw.FPDFText_GetUnicode(handle, index)
        if code in (10, 13):
            continue
        raw.FPDFText_GetCharOrigin(handle, index, origin_x, origin_y)
        raw.FPDFText_GetMatrix(handle, index, matrix)
        size = abs(matrix.a) or abs(matrix.b)
        glyphs.append((_char(code), origin_x.value, origin_y.value, size, code in (0x02, 0xFFFE)))
    return glyphs


def _lines_of_page(page_no: int, glyphs) -> list[Line]:
    """Group glyphs into lines; smaller raised/lowered glyphs next to a line are its super/subscripts."""
    raw_lines: list[list[tuple[str, float, float, float, bool, str]]] = []
    current: list = []
    base_y = base_size = 0.0
    for ch, x, y, size, soft in glyphs:
        if ch == " " and current:
            current.append((ch, x, base_y, base_size, False, ""))
            continue
        if current:
            dy = y - base_y
            small = size < base_size * 0.8
            if abs(dy) < 1.5 and not small:
                current.append((ch, x, y, size, soft, ""))
                continue
            if small and -5 < dy < 7 and x > current[-1][1] - 1:
                current.append((ch, x, y, size, soft, "sup" if dy > 1 else "sub" if dy < -1 else ""))
                continue
            if abs(dy) < 1.5:
                current.append((ch, x, y, size, soft, ""))
                continue
            raw_lines.append(current)
            current = []
        if ch == " ":
            continue
        current.append((ch, x, y, size, soft, ""))
        base_y, base_size = y, size
    if current:
        raw_lines.append(current)

    lines = []
    for glyph_line in raw_lines:
        text = "".join(g[0] for g in glyph_line)
        if not text.strip():
            continue
        repaired_parts: list[str] = []
        flags: set[str] = set()
        index = 0
        has_sup = False
        while index < len(glyph_line):
            if glyph_line[index][5] == "sup":
                end = index
                while end < len(glyph_line) and glyph_line[end][5] == "sup":
                    end += 1
                run = "".join(g[0] for g in glyph_line[index:end])
                has_sup = True
                if set(run) <= _SUPERSCRIPTABLE and run.strip():
                    repaired_parts.append(
                        run.strip().translate(_SUPERSCRIPT) + (" " if run.endswith(" ") else "")
                    )
                else:
                    repaired_parts.append(run)
                    flags.add("ambiguous_superscript")
                index = end
            else:
                repaired_parts.append(glyph_line[index][0])
                index += 1
        repaired = "".join(repaired_parts)
        if has_sup:
            repaired = re.sub(r"(\d) ?x ?(10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", r"\1 × \2", repaired)
        if _FLAT_POWER.search(repaired):  # a power of ten printed flat, with no raised glyph to confirm it
            flags.add("ambiguous_superscript")
        first = next(g for g in glyph_line if not g[0].isspace())
        tokens = []
        word, word_x = "", 0.0
        for g in glyph_line:
            if g[0].isspace():
                if word:
                    tokens.append((word, word_x))
                word = ""
            else:
                if not word:
                    word_x = g[1]
                word += g[0]
        if word:
            tokens.append((word, word_x))
        sizes = [g[3] for g in glyph_line if not g[0].isspace() and g[5] == ""]
        lines.append(
            Line(
                page=page_no,
                x=round(first[1], 1),
                y=round(first[2], 1),
                size=round(max(set(sizes), key=sizes.count) if sizes else first[3], 1),
                text=text,
                repaired=repaired,
                hyphen_end=glyph_line[-1][4] or (text.rstrip().endswith("-") and glyph_line[-1][4]),
                flags=flags,
                tokens=tokens,
            )
        )
    return lines


@dataclass
class Page:
    number: int
    printed: str
    header: str
    lines: list[Line]


def _open_pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentRefused(path, f"cannot read: {error}") from error
    if size > MAX_BYTES:
        raise DocumentRefused(path, f"file is {size} bytes, over the {MAX_BYTES}-byte cap for this list")
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if not head.startswith(b"%PDF-"):
        raise DocumentRefused(path, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise DocumentRefused(path, "truncated PDF (no %%EOF marker at the end)")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise DocumentRefused(path, f"PDFium cannot open this PDF: {error}") from error
    if len(pdf) == 0 or len(pdf) > MAX_PAGES:
        pdf.close()
        raise DocumentRefused(path, f"PDF has {len(pdf)} pages")
    return pdf


def read_pages(path: Path) -> list[Page]:
    """Every page's body lines, running headers and footers removed, with the header kept apart."""
    from pypdfium2 import raw

    pdf = _open_pdf(path)
    pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            lines = _lines_of_page(index + 1, _page_glyphs(textpage, raw))
            textpage.close()
            page.close()
            header, printed, body = "", "", []
            for line in lines:
                stripped = line.stripped
                if re.fullmatch(r"_{10,}", stripped):
                    continue
                if line.size <= 10.2:  # running header, footer and footnotes are set in 9-10 pt
                    flat = re.sub(r"\s+", " ", stripped)
                    if line.y > 740 and len(re.sub(r"[^A-Za-z]", "", flat)) >= 3:
                        header = flat
                    elif _FOOTER_RE.match(flat):
                        match = _PAGE_NO_RE.search(flat)
                        printed = match.group(1) if match and "-" in flat else printed
                    continue
                if line.y > 740 and line.size <= 12.5 and not header and index > 2:
                    header = stripped  # e.g. "Statements of Understanding and Validity Notes"
                    continue
                body.append(line)
            pages.append(Page(index + 1, printed, header, body))
    finally:
        pdf.close()
    return pages


def version_date(pages: list[Page], path: Path) -> date:
    """The date printed in the page footers (15-01-2026 for WA-LIST (25) 1 Corr.)."""
    import pypdfium2 as pdfium

    pdf = _open_pdf(path)
    try:
        found: dict[date, int] = {}
        for index in range(min(len(pdf), 12)):
            textpage = pdf[index].get_textpage()
            for match in _VERSION_RE.finditer(textpage.get_text_range()):
                day, month, year = (int(g) for g in match.groups())
                try:
                    found[date(year, month, day)] = found.get(date(year, month, day), 0) + 1
                except ValueError:
                    continue
            textpage.close()
    except pdfium.PdfiumError as error:
        raise DocumentRefused(path, f"PDFium cannot read the text: {error}") from error
    finally:
        pdf.close()
    if not found:
        raise DocumentRefused(path, "no footer date (DD-MM-YYYY) in the first pages")
    return max(found, key=lambda d: found[d])


# --------------------------------------------------------------------------------------------------
# Building records


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_LABEL_RE = re.compile(r"^([a-z]{1,2}|\d{1,2})\.(?=\s|$)\s*(.*)$")
_DU_CODE_RE = re.compile(
    r"^(\d)\.\s?([A-E])\.\s?(\d{1,2})\.((?:\s?(?:[a-z]{1,2}|\d{1,2})\.)*)(?=\s|$)\s*(.*)$"
)
_ML_CODE_RE = re.compile(r"^ML\s?(\d{1,2})\.((?:\s?(?:[a-z]{1,2}|\d{1,2})\.)*)(?=\s|$)\s*(.*)$")
_GROUP_RE = re.compile(r"^(\d)\.\s?([A-E])\.\s+(?:Part ([12])\.\s+)?([A-Z][A-Z ,\"]+?)\s*(?:-\s*(None))?\s*$")
_NOTE_RE = re.compile(
    r"^(?P<kw>Technical\s+Notes?|Notes?|N\.\s?B\.)(?P<num>\s?\d+(?!\.?[A-Z\d])\.?)?(?P<cont>\s+cont(?:inued|\.)?)?(?=[\s:.]|$)[\s:]*(?P<rest>.*)$"
)
_SCOPED_NOTE_RE = re.compile(
    r"^For the purposes of ((?:ML\d+|\d\.[A-E]\.\d+)(?:\.[a-z0-9]+)*)\.? Note:?\s*(.*)$"
)
_NOT_USED_RE = re.compile(r"^(?:[A-Z][A-Z ,\"&]+ - )?Not used(?: since (\d{4}))?\b")
_REF_CODE_RE = re.compile(r"^(?:ML\d+|\d\.[A-E]\.\d+)(?:\.(?:[a-z]{1,2}|\d{1,2}))*\.?")
_SL_CODE_RE = re.compile(r"^(\d\.[A-E]\.\d+(?:\.(?:[a-z]{1,2}|\d{1,2}))*)\.?(?=[\s,&]|$)")

_KIND_FOR_NOTE = {"note": EntryKind.NOTE, "tn": EntryKind.TECHNICAL_NOTE, "nb": EntryKind.NB}


def _label_kind(label: str) -> str:
    return "digit" if label.isdigit() else "letter"


def _successor(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    if label == "z":
        return "aa"
    if len(label) == 2 and label[0] == label[1]:
        return chr(ord(label[0]) + 1) * 2
    return chr(ord(label[-1]) + 1) if len(label) == 1 else ""


def eu_code(wa_code: str) -> str | None:
    """3.A.1.a.2.b -> 3A001.a.2.b (the EU/UK/US form); None for codes that have no such form."""
    match = re.fullmatch(r"(\d)\.([A-E])(?:\.(\d{1,3})((?:\.[a-z0-9]+)*))?", wa_code)
    if not match:
        return None
    if match.group(3) is None:
        return f"{match.group(1)}{match.group(2)}"
    return f"{match.group(1)}{match.group(2)}{int(match.group(3)):03d}{match.group(4) or ''}"


def code_key(code: str) -> str:
    return code.lower().replace(" ", "")


@dataclass
class _Node:
    record: EntryRecord
    parts: list[str] = field(default_factory=list)  # text lines
    repaired: list[str] = field(default_factory=list)
    hyphen: list[bool] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


@dataclass
class _Level:
    label: str
    x: float | None
    key: str
    code: str


class _Builder:
    """Accumulates records, then finalises their text."""

    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self.by_key: dict[str, _Node] = {}
        self.note_counts: dict[tuple[str, str], int] = {}

    def add(self, record: EntryRecord, line: Line | None = None, text: str = "", repaired: str = "") -> _Node:
        if record.key in self.by_key:
            # the same code printed twice (e.g. repeated after a page break): keep one record
            suffix = 2
            while f"{record.key}~dup-{suffix}" in self.by_key:
                suffix += 1
            record.attributes["duplicate_of"] = record.key
            record.key = f"{record.key}~dup-{suffix}"
        node = _Node(record)
        if line is not None:
            record.location = f"page {line.page}"
            node.flags |= line.flags
            if text:
                node.parts.append(text)
                node.repaired.append(repaired or text)
                node.hyphen.append(line.hyphen_end)
        self.nodes.append(node)
        self.by_key[record.key] = node
        return node

    def append(self, node: _Node, line: Line, text: str | None = None, repaired: str | None = None) -> None:
        node.parts.append(line.text if text is None else text)
        node.repaired.append(line.repaired if repaired is None else repaired)
        node.hyphen.append(line.hyphen_end)
        node.flags |= line.flags

    def note(self, parent: _Node, kind: str, label: str, line: Line) -> _Node:
        number = self.note_counts.get((parent.record.key, kind), 0) + 1
        self.note_counts[(parent.record.key, kind)] = number
        record = EntryRecord(
            code=f"{parent.record.code} {label}",
            key=f"{parent.record.key}~{kind}-{number}",
            kind=_KIND_FOR_NOTE[kind],
            parent_key=parent.record.key,
            title=label,
            regime=parent.record.regime,
        )
        eu = parent.record.attributes.get("eu_code")
        if eu:
            record.attributes["eu_code"] = f"{eu} {label}"
        return self.add(record, line)

    def finish(self) -> list[EntryRecord]:
        out = []
        for node in self.nodes:
            record = node.record
            record.text = _join(node.parts, node.hyphen)
            repaired = _join(node.repaired, node.hyphen)
            if repaired != record.text:
                record.attributes["repaired_text"] = repaired
            flags = sorted(node.flags & {"ambiguous_superscript"})
            if flags:
                record.attributes["flags"] = flags
            if record.kind in (EntryKind.ITEM,) and not record.title and record.text.endswith(":"):
                record.title = record.text
            own_text = record.text
            if record.kind in _KIND_FOR_NOTE.values() and own_text.startswith(record.title):
                own_text = own_text[len(record.title) :].lstrip(" :")
            match = _NOT_USED_RE.match(own_text)
            if match and record.kind not in (EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP, EntryKind.SECTION):
                record.reserved = True
                if match.group(1):
                    record.attributes["not_used_since"] = int(match.group(1))
            out.append(record)
        return out


def _join(parts: list[str], hyphen: list[bool]) -> str:
    text = ""
    for index, part in enumerate(parts):
        part = part.strip()
        if not part:
            continue
        if text and not (index > 0 and hyphen[index - 1] and text.endswith("-")):
            text += " "
        text += part
    return _norm(text)


# --------------------------------------------------------------------------------------------------
# The main lists (dual-use categories and munitions)


class _TreeParser:
    """Rebuilds the item tree of one list part from code lines, bare labels and their x positions."""

    def __init__(self, builder: _Builder, regime: Regime | None = Regime.WASSENAAR) -> None:
        self.b = builder
        self.regime = regime
        self.entry: _Node | None = None  # the current entry (3.A.1 / ML1)
        self.levels: list[_Level] = []  # item levels below the entry
        self.current: _Node | None = None  # the node continuation text goes to
        self.note: _Node | None = None
        self.note_x = 0.0
        self.container: _Node | None = None  # product group / part heading (for notes before entries)
        self.note_labels: list[tuple[float, str]] = []  # (x, label) of the open note's own list
        self.outer_note: tuple[_Node, float, list[tuple[float, str]]] | None = None
        self.depth_x: dict[int, float] = {}  # tab stop of each item depth (1 = first label below the entry)
        self.first_sep = "."  # between the entry code and the first label ("Category 1 Annex 9" uses " ")

    # -- code helpers
    def _item_code(self, labels: list[str]) -> str:
        assert self.entry is not None
        if not labels:
            return self.entry.record.code
        return self.entry.record.code + self.first_sep + ".".join(labels)

    def _item_key(self, labels: list[str]) -> str:
        assert self.entry is not None
        if not labels:
            return self.entry.record.key
        return self.entry.record.key + "." + ".".join(labels)

    def _make_item(self, labels: list[str], line: Line, text: str, repaired: str) -> _Node:
        assert self.entry is not None
        code = self._item_code(labels)
        expected_parent = self._item_key(labels[:-1])
        parent_key = expected_parent
        if parent_key not in self.b.by_key:
            parent_key = self._nearest_existing(labels[:-1])
        record = EntryRecord(
            code=code,
            key=self._item_key(labels),
            kind=EntryKind.ITEM,
            parent_key=parent_key,
            regime=self.regime,
        )
        eu = eu_code(code)
        if eu:
            record.attributes["eu_code"] = eu
        if parent_key != expected_parent:
            record.attributes["flags"] = ["parent_not_printed"]
        return self.b.add(record, line, text, repaired)

    def _nearest_existing(self, labels: list[str]) -> str:
        assert self.entry is not None
        while labels:
            key = self._item_key(labels)
            if key in self.b.by_key:
                return key
            labels = labels[:-1]
        return self.entry.record.key

    def _rest(self, line: Line, consumed_tokens: int) -> tuple[str, str]:
        """The line's text and repaired text after its first `consumed_tokens` words."""
        text, repaired = line.text.lstrip(), line.repaired.lstrip()
        for _ in range(consumed_tokens):
            text = re.sub(r"^\S+\s*", "", text, count=1)
            repaired = re.sub(r"^\S+\s*", "", repaired, count=1)
        return text, repaired

    # -- line handlers
    def start_entry(self, record: EntryRecord, line: Line, text: str, repaired: str) -> None:
        self.entry = self.b.add(record, line, text, repaired)
        self.levels = []
        self.current = self.entry
        self.note = None
        self.outer_note = None

    def code_line(self, labels: list[str], line: Line, label_tokens: int) -> None:
        """A line printed with its full code, e.g. `3. A. 1. a. 2. a.` or `ML8. a. 17.`."""
        assert self.entry is not None
        token_x = [x for _, x in line.tokens]
        xs = token_x[label_tokens - len(labels) : label_tokens]
        text, repaired = self._rest(line, label_tokens)
        node = self._make_item(labels, line, text, repaired)
        self.levels = [
            _Level(label, xs[i] if i < len(xs) else None, self._item_key(labels[: i + 1]), "")
            for i, label in enumerate(labels)
        ]
        self.current = node
        self.note = None
        self.outer_note = None

    def bare_entry_allowed(self, line: Line, label: str) -> bool:
        """May a bare `2.` on the entry-number tab stop start an entry here? Not inside "Technical
        Notes" (they number their points 1., 2. on that stop) nor as the next point of a note's list."""
        if self.note is None:
            return True
        if self.note.record.title.endswith("s") or self._heading_only(self.note):
            return False
        own = [lab for x, lab in self.note_labels if abs(x - line.x) <= 2.5]
        return not (own and _successor(own[-1]) == label)

    def _candidates(self, label: str) -> list[int]:
        kind = _label_kind(label)
        found = [i for i, level in enumerate(self.levels) if _successor(level.label) == label]
        first = label in ("a", "1")
        if first:
            deepest_kind = _label_kind(self.levels[-1].label) if self.levels else None
            if deepest_kind != kind:
                found.append(len(self.levels))
        return found

    def label_line(self, line: Line) -> bool:
        """A line starting with a bare label (`b.`, `2.`). Returns False if it is not an item."""
        if self.entry is None:
            return False
        match = _LABEL_RE.match(line.stripped)
        assert match is not None
        label = match.group(1)
        if len(label) == 2 and not label.isdigit() and label[0] != label[1]:
            return False
        if self.outer_note is not None and self.note is not None and line.x < self.note_x - 2:
            self.note, self.note_x, self.note_labels = self.outer_note
            self.current, self.outer_note = self.note, None
        if self.note is not None:
            own = [lab for x, lab in self.note_labels if abs(x - line.x) <= 2.5]
            if own and _successor(own[-1]) == label:
                self.note_labels.append((line.x, label))  # the note's own list goes on
                return False
        candidates = self._candidates(label)
        if not candidates:
            if self.note is not None:
                self.note_labels.append((line.x, label))
            return False

        def distance(i: int) -> float:
            known = []
            if i < len(self.levels) and self.levels[i].x is not None:
                known.append(abs(self.levels[i].x - line.x))
            if i + 1 in self.depth_x:
                known.append(abs(self.depth_x[i + 1] - line.x))
            if known:
                return min(known)
            return 50.0

        if self.note is not None:
            # inside a note, a label is the note's own list unless it lines up with an item level
            candidates = [i for i in candidates if distance(i) <= 6]
            so_far = _join(self.note.parts, self.note.hyphen)
            heading_only = re.fullmatch(r"(Technical )?Notes?( \d+)?|N\.\s?B\.( ?\d+\.?)?", so_far)
            if self.note.record.title.endswith("s") or so_far.endswith(":") or heading_only:
                # "Technical Notes" list their points as 1., 2.; a note ending in ":" goes on with a list
                candidates = [i for i in candidates if i < len(self.levels)]
            if not candidates:
                self.note_labels.append((line.x, label))
                return False
        if len(candidates) > 1:
            candidates.sort(key=lambda i: (distance(i), -i))
        depth = candidates[0]
        labels = [level.label for level in self.levels[:depth]] + [label]
        text, repaired = self._rest(line, 1)
        node = self._make_item(labels, line, text, repaired)
        self.levels = self.levels[:depth] + [_Level(label, line.x, node.record.key, node.record.code)]
        self.current = node
        self.note = None
        self.outer_note = None
        return True

    def _note_parent(self, line: Line, body: str) -> _Node | None:
        named = self._named_parent(body)
        if named is not None:
            return named
        if self.entry is None:
            return self.container
        # an unnamed note belongs to the deepest open item printed to its left
        parent = self.entry
        for level in self.levels:
            if level.x is not None and level.x < line.x - 3 and level.key in self.b.by_key:
                parent = self.b.by_key[level.key]
            else:
                break
        return parent

    @staticmethod
    def _normalise_ref(code: str) -> str:
        code = code.rstrip(".")
        if code.startswith("ML"):
            return code
        parts = code.split(".")
        return ".".join(parts)

    def note_line(self, line: Line, match: re.Match, scoped: str | None = None) -> None:
        keyword = re.sub(r"\s+", " ", match.group("kw"))
        number = (match.group("num") or "").strip()
        body = match.group("rest") or ""
        kind = (
            "tn"
            if keyword.startswith("Technical")
            else "nb"
            if keyword.startswith("N") and "B" in keyword
            else "note"
        )
        if match.group("cont") and self.note is not None:
            self.note_x = min(self.note_x, line.x)
            return  # "Note 2 cont." continues the open note
        if scoped and self.note is not None and self._heading_only(self.note):
            parent = self.b.by_key.get(code_key(scoped))
            if parent is not None and parent.record.key != self.note.record.parent_key:
                self._reparent(self.note, parent)
            self.b.append(self.note, line)
            return
        outer = None
        if self.note is not None and line.x > self.note_x + 15 and not scoped:
            # a note set inside an open note's list (an N.B. under its point b.): the open note goes on after it
            outer = (self.note, self.note_x, self.note_labels)
        if scoped:
            parent = self.b.by_key.get(code_key(scoped)) or self._note_parent(line, body)
        elif outer is not None:
            parent = self.b.by_key.get(outer[0].record.parent_key or "") or self._note_parent(line, body)
        else:
            parent = self._note_parent(line, body)
        if parent is None:
            return
        label = keyword + (f" {number.rstrip('.')}" if number else "")
        if kind == "nb":
            label = "N.B." + (f" {number.rstrip('.')}" if number else "")
        node = self.b.note(parent, kind, label, line)
        full = line.stripped
        node.parts.append(full)
        node.repaired.append(line.repaired.strip())
        node.hyphen.append(line.hyphen_end)
        self.note = node
        self.note_x = line.x
        self.note_labels = []
        self.outer_note = outer
        self.current = node

    def text_line(self, line: Line) -> None:
        if self.current is None:
            return
        if self.outer_note is not None and self.current is self.note and line.x < self.note_x - 2:
            self.note, self.note_x, self.note_labels = self.outer_note  # back to the enclosing note
            self.current, self.outer_note = self.note, None
        if self.current is self.note and self._heading_only(self.note):
            # "Technical Notes" / "For the purposes of 1.A.4.a.:" names the node the note belongs to
            parent = self._named_parent(line.stripped)
            if parent is not None and parent.record.key != self.note.record.parent_key:
                self._reparent(self.note, parent)
        self.b.append(self.current, line)

    @staticmethod
    def _heading_only(node: _Node) -> bool:
        return bool(
            re.fullmatch(r"(Technical )?Notes?( \d+)?|N\.\s?B\.( ?\d+\.?)?", _join(node.parts, node.hyphen))
        )

    def _named_parent(self, body: str) -> _Node | None:
        named = _REF_CODE_RE.match(body)
        if named:
            key = code_key(self._normalise_ref(named.group(0)))
            if key in self.b.by_key:
                return self.b.by_key[key]
        purposes = re.match(
            r"For (?:the )?purposes of ((?:ML\d+|\d\.[A-E]\.\d+)(?:\.[a-z0-9]+)*)\.?(?:[,:]| Note)", body
        )
        if purposes:
            key = code_key(self._normalise_ref(purposes.group(1)))
            if key in self.b.by_key:
                return self.b.by_key[key]
        return None

    def _reparent(self, note: _Node, parent: _Node) -> None:
        record = note.record
        old_parent = record.parent_key or ""
        kind = record.key.rsplit("~", 1)[1].split("-")[0]
        if self.b.note_counts.get((old_parent, kind)) == int(record.key.rsplit("-", 1)[1]):
            self.b.note_counts[(old_parent, kind)] -= 1
        number = self.b.note_counts.get((parent.record.key, kind), 0) + 1
        self.b.note_counts[(parent.record.key, kind)] = number
        del self.b.by_key[record.key]
        record.key = f"{parent.record.key}~{kind}-{number}"
        record.parent_key = parent.record.key
        record.code = f"{parent.record.code} {record.title}"
        eu = parent.record.attributes.get("eu_code")
        record.attributes.pop("eu_code", None)
        if eu:
            record.attributes["eu_code"] = f"{eu} {record.title}"
        self.b.by_key[record.key] = note
        # keep document order valid: the parent precedes the note already (it was parsed before)


def _tab_stops(lines: list[Line], code_re: re.Pattern, label_group: int, skip: int) -> dict[int, float]:
    """The x of each label depth, read from the lines printed with their full code (the document sets
    codes on tab stops, and bare sibling labels on the same stops)."""
    seen: dict[int, Counter[float]] = {}
    for line in lines:
        match = code_re.match(line.stripped)
        if not match or line.x >= 100:
            continue
        labels = re.findall(r"([a-z]{1,2}|\d{1,2})\.", match.group(label_group) or "")
        for depth, (_, x) in enumerate(line.tokens[skip : skip + len(labels)], start=1):
            seen.setdefault(depth, Counter())[round(x)] += 1
    stops = {depth: float(counter.most_common(1)[0][0]) for depth, counter in seen.items()}
    # keep the stops increasing; a stop seen only in odd lines is dropped
    result: dict[int, float] = {}
    for depth in sorted(stops):
        if not result or stops[depth] > max(result.values()) + 8:
            result[depth] = stops[depth]
    return result


def _note_match(text: str) -> re.Match | None:
    match = _NOTE_RE.match(text)
    if not match:
        return None
    rest = match.group("rest")
    kw = match.group("kw")
    # "Notes" / "Note" followed by lower-case prose is a sentence, not a note heading
    if kw.startswith("Note") and rest and rest[0].islower() and not match.group("num"):
        return None
    return match


def _parse_dual_use(pages: list[Page], builder: _Builder, texts: list[ListText]) -> None:
    tree = _TreeParser(builder)
    du_lines = [line for page in pages if "CATEGORY" in page.header for line in page.lines]
    tree.depth_x = _tab_stops(du_lines, _DU_CODE_RE, 4, 3)
    category_node: _Node | None = None
    category_no = ""
    part_node: _Node | None = None
    part = ""
    annex: _Node | None = None
    annex_tree: _TreeParser | None = None
    group_letter, subheading = "", ""
    entry_x = 125.0  # x of the entry number in `3. A. 1.`; a bare `1.` there starts an entry
    for page in pages:
        header = page.header
        match = re.search(r"CATEGORY (\d)(?:\s*[-–]\s*PART (\d))?\s*[-–]\s*(.+)$", header)
        if not match:
            continue
        number, part_no, title = match.group(1), match.group(2) or "", match.group(3).strip()
        if number != category_no:
            category_no = number
            group_letter, subheading = "", ""
            cat_title = title if not part_no else 'TELECOMMUNICATIONS AND "INFORMATION SECURITY"'
            category_node = builder.add(
                EntryRecord(
                    code=f"Category {number}",
                    key=f"category-{number}",
                    kind=EntryKind.CATEGORY,
                    title=cat_title,
                    text=cat_title,
                    regime=Regime.WASSENAAR,
                    location=f"page {page.number}",
                ),
            )
            category_node.parts.append(cat_title)
            category_node.hyphen.append(False)
            category_node.repaired.append(cat_title)
            part, part_node, annex, annex_tree = "", None, None, None
            tree.entry, tree.levels, tree.note, tree.current = None, [], None, category_node
            tree.container = category_node
        if part_no and part_no != part:
            part = part_no
            part_node = builder.add(
                EntryRecord(
                    code=f"Category {number} - Part {part_no}",
                    key=f"category-{number}-part-{part_no}",
                    kind=EntryKind.SECTION,
                    parent_key=f"category-{number}",
                    title=title,
                    regime=Regime.WASSENAAR,
                    location=f"page {page.number}",
                )
            )
            part_node.parts.append(title)
            part_node.hyphen.append(False)
            part_node.repaired.append(title)
            tree.entry, tree.levels, tree.note, tree.current = None, [], None, part_node
            tree.container = part_node
        assert category_node is not None
        for line in page.lines:
            text = line.stripped
            if annex_tree is not None:
                _annex_line(annex_tree, line, text)
                continue
            if re.fullmatch(r"ANNEX", text) and number == "1":
                annex = builder.add(
                    EntryRecord(
                        code="Category 1 Annex",
                        key="category-1-annex",
                        kind=EntryKind.SECTION,
                        parent_key=category_node.record.key,
                        title="ANNEX",
                        regime=Regime.WASSENAAR,
                    ),
                    line,
                )
                annex_tree = _TreeParser(builder)
                annex_tree.first_sep = " "
                annex_tree.entry = annex
                annex_tree.current = annex
                continue
            if re.fullmatch(r"Part \d - .+", text):
                continue  # the part heading repeats the running header
            group = _GROUP_RE.match(text)
            if group and line.x < 100:
                letter = group.group(2)
                key = f"{number}.{letter.lower()}" + (f"-part-{part}" if part == "2" else "")
                record = EntryRecord(
                    code=f"{number}.{letter}",
                    key=key,
                    kind=EntryKind.PRODUCT_GROUP,
                    parent_key=(part_node or category_node).record.key,
                    title=group.group(4).strip(),
                    regime=Regime.WASSENAAR,
                    attributes={"eu_code": f"{number}{letter}"},
                )
                if part:
                    record.attributes["part"] = int(part)
                if group.group(5):
                    record.attributes["none"] = True
                node = builder.add(record, line, text, line.repaired.strip())
                tree.entry, tree.levels, tree.note, tree.current = None, [], None, node
                group_letter, subheading = letter, ""
                tree.container = node
                continue
            code = _DU_CODE_RE.match(text)
            if code and line.x < 100 and code.group(1) == number:
                _du_code_line(tree, builder, code, line, part, subheading)
                continue
            if _SUBHEADING_RE.match(text) and line.x < 200 and tree.note is None:
                subheading = text  # "OPTICAL SENSORS" inside 6.A: kept on the entries that follow
                continue
            bare = re.match(r"^(\d{1,2})\.\s+(.*)$", text)
            if (
                bare
                and group_letter
                and abs(line.x - entry_x) <= 4
                and tree.bare_entry_allowed(line, bare.group(1))
            ):
                expected = 1 if tree.entry is None else _entry_number(tree.entry.record.code) + 1
                if int(bare.group(1)) == expected:
                    entry_code = f"{number}.{group_letter}.{expected}"
                    text_, repaired = tree._rest(line, 1)
                    record = EntryRecord(
                        code=entry_code,
                        key=code_key(entry_code),
                        kind=EntryKind.ENTRY,
                        parent_key=f"{number}.{group_letter.lower()}" + ("-part-2" if part == "2" else ""),
                        regime=Regime.WASSENAAR,
                        attributes={"eu_code": eu_code(entry_code)},
                    )
                    if subheading:
                        record.attributes["subheading"] = subheading
                    tree.start_entry(record, line, text_, repaired)
                    continue
            scoped = _SCOPED_NOTE_RE.match(text)
            if scoped:
                match_note = _NOTE_RE.match("Note " + scoped.group(2))
                if match_note:
                    tree.note_line(line, match_note, scoped=scoped.group(1))
                    continue
            note = _note_match(text)
            if note:
                tree.note_line(line, note)
                continue
            if _LABEL_RE.match(text) and tree.label_line(line):
                continue
            tree.text_line(line)


_SUBHEADING_RE = re.compile(r"^[A-Z][A-Z \"&,/-]{4,}$")


def _entry_number(code: str) -> int:
    return int(code.split(".")[2])


def _du_code_line(
    tree: _TreeParser, builder: _Builder, code: re.Match, line: Line, part: str, subheading: str = ""
) -> None:
    number, letter, entry_no = code.group(1), code.group(2), int(code.group(3))
    labels = re.findall(r"([a-z]{1,2}|\d{1,2})\.", code.group(4) or "")
    entry_code = f"{number}.{letter}.{entry_no}"
    entry_key = code_key(entry_code)
    group_key = f"{number}.{letter.lower()}" + ("-part-2" if part == "2" else "")
    if tree.entry is None or tree.entry.record.key != entry_key:
        if entry_key in builder.by_key and labels:
            tree.entry = builder.by_key[entry_key]
        elif labels:
            # sub-item printed before its entry heading: should not happen in this document
            record = EntryRecord(
                code=entry_code,
                key=entry_key,
                kind=EntryKind.ENTRY,
                parent_key=group_key if group_key in builder.by_key else None,
                regime=Regime.WASSENAAR,
                attributes={"eu_code": eu_code(entry_code), "flags": ["heading_not_printed"]},
            )
            tree.start_entry(record, line, "", "")
        else:
            text, repaired = tree._rest(line, 3)
            record = EntryRecord(
                code=entry_code,
                key=entry_key,
                kind=EntryKind.ENTRY,
                parent_key=group_key if group_key in builder.by_key else None,
                regime=Regime.WASSENAAR,
                attributes={"eu_code": eu_code(entry_code)},
            )
            if subheading:
                record.attributes["subheading"] = subheading
            tree.start_entry(record, line, text, repaired)
            tree.levels = []
            return
    tree.code_line(labels, line, 3 + len(labels))


def _annex_line(tree: _TreeParser, line: Line, text: str) -> None:
    if _LABEL_RE.match(text) and line.x < 140 and tree.label_line(line):
        return
    if _LABEL_RE.match(text) and tree.levels and tree.label_line(line):
        return
    note = _note_match(text)
    if note:
        tree.note_line(line, note)
        return
    tree.text_line(line)


def _parse_munitions(pages: list[Page], builder: _Builder, texts: list[ListText]) -> None:
    ml_pages = [p for p in pages if p.header.startswith("MUNITIONS LIST")]
    section = builder.add(
        EntryRecord(
            code="Munitions List",
            key="munitions-list",
            kind=EntryKind.CATEGORY,
            title="MUNITIONS LIST",
            regime=Regime.WASSENAAR,
            location=f"page {ml_pages[0].number}" if ml_pages else "",
        )
    )
    section.parts.append("MUNITIONS LIST")
    section.repaired.append("MUNITIONS LIST")
    section.hyphen.append(False)
    tree = _TreeParser(builder)
    tree.container = section
    tree.depth_x = _tab_stops([line for page in ml_pages for line in page.lines], _ML_CODE_RE, 2, 1)
    general: list[Line] = []
    for page in ml_pages:
        for line in page.lines:
            text = line.stripped
            code = _ML_CODE_RE.match(text)
            if code and line.x < 100:
                number = int(code.group(1))
                labels = re.findall(r"([a-z]{1,2}|\d{1,2})\.", code.group(2) or "")
                entry_code = f"ML{number}"
                if not labels:
                    text_, repaired = tree._rest(line, 1)
                    record = EntryRecord(
                        code=entry_code,
                        key=code_key(entry_code),
                        kind=EntryKind.ENTRY,
                        parent_key=section.record.key,
                        regime=Regime.WASSENAAR,
                    )
                    tree.start_entry(record, line, text_, repaired)
                    continue
                if tree.entry is None or tree.entry.record.code != entry_code:
                    if code_key(entry_code) in builder.by_key:
                        tree.entry = builder.by_key[code_key(entry_code)]
                    else:
                        record = EntryRecord(
                            code=entry_code,
                            key=code_key(entry_code),
                            kind=EntryKind.ENTRY,
                            parent_key=section.record.key,
                            regime=Regime.WASSENAAR,
                            attributes={"flags": ["heading_not_printed"]},
                        )
                        tree.start_entry(record, line, "", "")
                n_tokens = 1 + len(labels) if not re.match(r"^ML\s\d", text) else 2 + len(labels)
                tree.code_line(labels, line, n_tokens)
                continue
            if tree.entry is None:
                general.append(line)
                continue
            note = _note_match(text)
            if note:
                tree.note_line(line, note)
                continue
            if _LABEL_RE.match(text) and tree.label_line(line):
                continue
            tree.text_line(line)
    if general:
        texts.extend(_split_texts("Munitions List", general))


_SL_CATEGORY_RE = re.compile(r"^Category (\d)(?: - Part (\d))?(?: cont\.?)?\s*(None)?\s*$")


def _parse_sensitive(pages: list[Page], builder: _Builder, main_keys: set[str]) -> None:
    for tag, title, key in (
        ("SL", "Sensitive List", "sl"),
        ("VSL", "Very Sensitive List", "vsl"),
    ):
        list_pages = [p for p in pages if p.header == title]
        if not list_pages:
            continue
        section = builder.add(
            EntryRecord(
                code=title,
                key=key,
                kind=EntryKind.SECTION,
                title=title,
                regime=Regime.WASSENAAR,
                attributes={"sensitive_list": tag},
                location=f"page {list_pages[0].number}",
            )
        )
        category: _Node | None = None
        current: _Node = section
        pending: list[_Node] = []  # code-only lines waiting for their text lines
        pending_lines: list[Line] = []
        joined: _Node | None = None  # a reference whose code line ended in "," "&" or "to"
        for page in list_pages:
            for line in page.lines:
                text = line.stripped
                cat = _SL_CATEGORY_RE.match(text)
                if cat and line.x < 100:
                    _flush_pending(builder, pending, pending_lines)
                    cat_key = f"{key}:category-{cat.group(1)}" + (
                        f"-part-{cat.group(2)}" if cat.group(2) else ""
                    )
                    if cat_key in builder.by_key:
                        category = builder.by_key[cat_key]
                    else:
                        name = f"Category {cat.group(1)}" + (
                            f" - Part {cat.group(2)}" if cat.group(2) else ""
                        )
                        category = builder.add(
                            EntryRecord(
                                code=f"{title} {name}",
                                key=cat_key,
                                kind=EntryKind.SECTION,
                                parent_key=key,
                                title=name,
                                regime=Regime.WASSENAAR,
                                attributes={"sensitive_list": tag},
                            ),
                            line,
                            "None" if cat.group(3) else "",
                        )
                    current = category
                    continue
                lead = re.match(r"^(&|to)\s+(?=\d\.[A-E]\.)", text)
                if (
                    lead
                    and line.x < 100
                    and category is not None
                    and joined is None
                    and current is not category
                ):
                    joined = current  # "& 7.D.4.g." continues the reference on the line before
                    text = text[lead.end() :]
                    if not current.record.code.endswith(("&", "to", ",")):
                        current.record.code += f" {lead.group(1)}"
                codes = _sl_codes(text)
                if codes and line.x < 100 and category is not None and joined is not None:
                    # "6.A.2.a.1.a.," / "6.A.2.a.1.b. &" / "6.A.2.a.1.c.": one reference to several items
                    refs, rest = codes
                    _extend_reference(joined, refs, main_keys)
                    joined = joined if _ends_with_joiner(text) else None
                    if rest:
                        builder.append(current, line, rest, rest)
                    continue
                if codes and line.x < 100 and category is not None:
                    refs, rest = codes
                    if pending and rest:
                        _flush_pending(builder, pending, pending_lines)
                    node = _sl_record(builder, tag, key, category, refs, line, rest, main_keys)
                    joined = node if _ends_with_joiner(text) else None
                    if rest:
                        _flush_pending(builder, pending, pending_lines)
                    else:
                        pending.append(node)
                    current = node
                    continue
                if pending:
                    pending_lines.append(line)
                    continue
                builder.append(current, line)
        _flush_pending(builder, pending, pending_lines)


def _ends_with_joiner(text: str) -> bool:
    return bool(re.search(r"(,|&|\bto)\s*$", text))


def _extend_reference(node: _Node, refs: list[str], main_keys: set[str]) -> None:
    record = node.record
    first_joiner = "&" if not re.search(r"(,|\bto)\s*$", record.code) else ""
    joiners = [r.split("|", 1)[0] for r in refs]
    codes = [r.split("|", 1)[1] for r in refs]
    previous = re.search(r"(,|&|\bto)\s*$", record.code)
    joiner_before = previous.group(1) if previous else first_joiner
    record.code = record.code.rstrip(" ,&to") if not previous else record.code[: previous.start()].rstrip()
    keys = record.attributes.get("refers_to_all", [record.attributes["refers_to"]])
    for index, code in enumerate(codes):
        joiner = joiner_before if index == 0 else joiners[index]
        record.code += ("," if joiner == "," else f" {joiner}") + f" {code}"
        if joiner == "to":
            record.attributes["range"] = True
        keys.append(code_key(code))
    record.attributes["refers_to_all"] = keys
    missing = [k for k in keys if k not in main_keys]
    if missing:
        record.attributes["refers_to_missing"] = missing


def _sl_codes(text: str) -> tuple[list[str], str] | None:
    """`6.A.2.a.1.a., 6.A.2.a.1.b. & 6.A.2.a.1.c. text` -> (codes, text); ranges `to` kept as two codes."""
    refs = []
    rest = text
    joiner = ""
    while True:
        match = _SL_CODE_RE.match(rest)
        if not match:
            break
        refs.append((joiner, match.group(1)))
        rest = rest[match.end() :].lstrip()
        sep = re.match(r"^(,|&|to)\s*", rest)
        if sep:
            joiner = sep.group(1)
            rest = rest[sep.end() :]
            continue
        break
    if not refs:
        return None
    return [f"{j}|{c}" for j, c in refs], rest


def _sl_record(builder, tag, key, category, refs, line, rest, main_keys) -> _Node:
    codes = [r.split("|", 1)[1] for r in refs]
    target_keys = [code_key(c) for c in codes]
    first = codes[0]
    depth = first.count(".")
    printed = first
    for ref in refs[1:]:
        joiner, code = ref.split("|", 1)
        printed += ("," if joiner == "," else f" {joiner}") + f" {code}"
    if _ends_with_joiner(line.stripped) and not rest.strip(" ,&").replace("to", "").strip():
        # the code goes on on the next line ("6.A.2.a.1.a.," / "6.A.2.a.1.b. &")
        ending = line.stripped.rstrip()
        printed += "," if ending.endswith(",") else " &" if ending.endswith("&") else " to"
        rest = ""
    record = EntryRecord(
        code=printed,
        key=f"{key}:{target_keys[0]}",
        kind=EntryKind.ENTRY if depth == 2 else EntryKind.ITEM,
        parent_key=category.record.key,
        regime=Regime.WASSENAAR,
        attributes={"sensitive_list": tag, "refers_to": target_keys[0]},
    )
    if len(codes) > 1:
        record.attributes["refers_to_all"] = target_keys
        if any(r.startswith("to|") for r in refs):
            record.attributes["range"] = True
    eu = eu_code(first)
    if eu:
        record.attributes["eu_code"] = eu
    missing = [k for k in target_keys if k not in main_keys]
    if missing:
        record.attributes["refers_to_missing"] = missing
    return builder.add(record, line, rest, rest)


def _flush_pending(builder: _Builder, pending: list[_Node], lines: list[Line]) -> None:
    """Code-only lines printed in a column, their texts in the next column: pair them in order."""
    if not pending:
        return
    if lines and len(lines) == len(pending):
        for node, line in zip(pending, lines):
            builder.append(node, line)
    else:
        for line in lines:
            builder.append(pending[-1], line)
    pending.clear()
    lines.clear()


# --------------------------------------------------------------------------------------------------
# List-level texts


def _split_texts(prefix: str, lines: list[Line]) -> list[ListText]:
    """Split prose into ListTexts at headings (upper-case lines) and numbered notes."""
    texts: list[ListText] = []
    title, parts, hyphen = prefix, [], []
    for line in lines:
        text = line.stripped
        heading = (text.isupper() and len(text) > 6) or re.match(
            r"^(Note \d+|Statement of Understanding|Validity Note)\b", text
        )
        if heading and parts:
            texts.append(ListText(title=title, text=_join(parts, hyphen)))
            parts, hyphen = [], []
        if heading:
            named = re.match(r"^(Note \d+|Statement of Understanding|Validity Note)", text)
            title = f"{prefix}: {named.group(1) if named else text}"
        parts.append(line.text)
        hyphen.append(line.hyphen_end)
    if parts:
        texts.append(ListText(title=title, text=_join(parts, hyphen)))
    return texts


def _definitions(pages: list[Page]) -> list[ListText]:
    """One ListText per defined term ("Accuracy"), plus the preamble."""
    lines = [line for p in pages if p.header == "DEFINITIONS" for line in p.lines]
    texts: list[ListText] = []
    title, parts, hyphen = "Definitions", [], []
    for line in lines:
        text = line.stripped
        # a definition starts at the margin: where it applies ("Cat 5P2", "ML 22", "Both Lists"), the term
        term = re.search(r"(\"[^\"]+\")", text)
        if term and line.x < 100 and not text.startswith(("Note", "This document")):
            if parts:
                texts.append(ListText(title=title, text=_join(parts, hyphen)))
            title, parts, hyphen = f"Definition: {term.group(1)}", [], []
        parts.append(line.text)
        hyphen.append(line.hyphen_end)
    if parts:
        texts.append(ListText(title=title, text=_join(parts, hyphen)))
    return texts


# --------------------------------------------------------------------------------------------------


def parse(path: Path) -> ParsedList:
    path = Path(path)
    pages = read_pages(path)
    first = " ".join(line.text for line in pages[0].lines) if pages else ""
    if "Wassenaar Arrangement" not in first or "Munitions List" not in first:
        raise DocumentRefused(path, "not the Wassenaar Arrangement list (title page does not say so)")
    when = version_date(pages, path)
    builder = _Builder()
    texts: list[ListText] = []
    general = [line for p in pages if p.number == 3 for line in p.lines]
    texts.extend(_split_texts("Dual-Use List", general))
    _parse_dual_use(pages, builder, texts)
    _parse_munitions(pages, builder, texts)
    main_keys = set(builder.by_key)
    _parse_sensitive(pages, builder, main_keys)
    texts.extend(_definitions(pages))
    acronyms = [line for p in pages if p.header.startswith("Acronyms") for line in p.lines]
    if acronyms:
        texts.append(
            ListText(
                title="Acronyms and Abbreviations",
                text=_join([x.text for x in acronyms], [x.hyphen_end for x in acronyms]),
            )
        )
    sou = [line for p in pages if p.header.startswith("Statements of Understanding") for line in p.lines]
    texts.extend(_split_texts("Statements of Understanding and Validity Notes", sou))
    entries = builder.finish()
    return ParsedList(
        descriptor=DESCRIPTORS[0],
        version_date=when,
        source_path=path,
        sha256=file_sha256(path),
        entries=entries,
        texts=texts,
    )


def recognise(path: Path, head: bytes) -> bool:
    """The Wassenaar list PDF: a PDF whose title page names the Arrangement and both lists."""
    if not head.startswith(b"%PDF-"):
        return False
    try:
        import pypdfium2 as pdfium

        if Path(path).stat().st_size > MAX_BYTES:
            return False
        pdf = pdfium.PdfDocument(str(path))
        try:
            if len(pdf) < 2:
                return False
            title = pdf[0].get_textpage().get_text_range()
            second = pdf[1].get_textpage().get_text_range()
        finally:
            pdf.close()
    except Exception:  # noqa: BLE001 - any failure to read means "not mine"
        return False
    title = re.sub(r"\s+", " ", title)
    return (
        "Wassenaar Arrangement" in title
        and "List of Dual-Use Goods and Technologies" in title
        and "Munitions List" in title
        and "WA-LIST" in second
    )


DESCRIPTORS: list[SourceDescriptor] = [
    SourceDescriptor(
        jurisdiction="wa",
        list_id="wassenaar",
        title="Wassenaar Arrangement List of Dual-Use Goods and Technologies and Munitions List",
        publisher="Wassenaar Arrangement Secretariat",
        url="https://www.wassenaar.org/app/uploads/2026/01/List-of-Dual-Use-Goods-and-Technologies-and-ML-2025-Corr.pdf",
        format="pdf",
        licence="Wassenaar Arrangement public document; no explicit redistribution licence found",
        # WA-LIST (25) 1 Corr. yields: 3493 records; 2496 items, 236 entries (170 dual-use incl. the
        # Sensitive/Very Sensitive references at entry level, 22 ML), 341 notes, 208 technical notes,
        # 127 N.B., 50 product groups, 25 sections, 10 categories (9 + the Munitions List)
        expected_counts={
            "entries": (3140, 4190),
            "item": (2240, 3000),
            "entry": (212, 284),
            "note": (305, 410),
            "technical_note": (187, 250),
            "nb": (114, 153),
            "product_group": (45, 60),
            "section": (22, 30),
            "category": (10, 12),
        },
        recognise=recognise,
        parse=parse,
    )
]

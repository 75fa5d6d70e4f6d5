"""Australia — Defence and Strategic Goods List 2024 (F2024L01024), read from the FRL DOCX.

The list lives in `word/document.xml` (~5 MB). Everything is read with lxml (through
`importers.safe_xml`) from the Office Open XML markup; the EPUB rendition beside it is not read.

How the document is written, and how this module reads it:

* **Codes are split across runs.** A heading paragraph is `3.`⇥`A.`⇥`001.`⇥`g.`⇥text (a full path),
  `ML7.`⇥`b.`⇥text (Part 1), or just a local label `a.`⇥text / `1.`⇥text. Leading tab-separated label
  tokens are the code; tabs are never text. A full path is authoritative. A local label is placed by
  the Wassenaar alternation (depth 1 letters, depth 2 digits, depth 3 letters, ...) and by sequence:
  `c.` continues the deepest open level whose last label was `b.`; `a.`/`1.` opens a child level.
  The paragraph style (`DL0Aa1a`, `ML1a1`, `Cat0newstyle51a1a1…`) names a depth too, but in this
  document it is often wrong (e.g. `DL0Aa` on 3A001.a.14.a.1), so it is used only to break ties.
* **Notes** (`Note:`, `Note 2:`, `Technical Note(s):`, `N.B.:`, `N.B. 1:`) start a NOTE / TECHNICAL_NOTE /
  NB child; the following unlabelled paragraphs, and labelled ones in note styles (or in styles that
  are not item styles), are the note's text. A note belongs to the node open when it starts, or to the
  ancestor its text names first ("3A001.b.2. does not apply…", "For the purposes of ML4.b.2., …");
  numbered notes printed as one group (Note 1, Note 2, …) share the parent one of them names.
* **Characters.** `w:noBreakHyphen` is a hyphen "-", except that it is a minus sign "−" (U+2212) when
  a digit (or ".digit") follows and it starts a word (nothing, a space, or one of `( [ = < > ≤ ≥ ± ~ ≈`
  precede it): "(−55°C)", "−3 dBfs", but "CAS 2625-76-5", "100-400 nm", "silicon-on-sapphire".
  Inside a superscript run it is a superscript minus "⁻" (10⁻¹⁴ J). `w:sym` Symbol-font characters are
  mapped through `_SYMBOL_FONT` (F06D → µ, …). Superscript/subscript runs become Unicode superscripts /
  subscripts where Unicode has them (10⁻¹⁴, CO₂); a character without one is kept as printed and the
  entry is flagged. Where a node has such markup its TeX-like reading (`10^{-14} J`) is kept in
  attributes["markup"]. Soft hyphens and field instructions are dropped; line breaks become spaces.
* **Version date**: the date printed in the instrument, "Dated 14 August 2024" (the day it was made).
  The registration date (16 August 2024) is not printed in the document (only a file timestamp), and
  the commencement date (1 September 2024, in the commencement table) is kept as list text.

Records: Part 1 ML entries (ENTRY "ML1", ITEM "ML1.a"); Part 2 CATEGORY / PRODUCT_GROUP / ENTRY /
ITEM (Category 5 has two parts, so its product groups are "5A1" and "5A2" as printed); the Sensitive
and Very Sensitive Lists as SECTION records (one per list, one child per row) and as attributes on the
Part 2 entries they name. Australian additions (ML901–ML910, x9xx such as 3A901, 4A901) have regime
NATIONAL; Category 0 (the NSG trigger list) is NSG; otherwise the first of the three digits decides.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
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
from importers.safe_xml import parse_xml_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DOCUMENT_PART = "word/document.xml"

# Zip-bomb guards: the real document.xml is 5.3 MB, compressed 11:1.
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ARCHIVE_MEMBERS = 2000

# Symbol font (w:sym w:font="Symbol") private-use code points → Unicode. F06D is the micro sign in
# this document ("A/µs", "1 µs"), so it maps to µ (U+00B5) like the document's typed units do.
_SYMBOL_FONT = {
    0xF061: "α",
    0xF062: "β",
    0xF063: "χ",
    0xF064: "δ",
    0xF065: "ε",
    0xF066: "φ",
    0xF067: "γ",
    0xF068: "η",
    0xF069: "ι",
    0xF06A: "ϕ",
    0xF06B: "κ",
    0xF06C: "λ",
    0xF06D: "µ",
    0xF06E: "ν",
    0xF06F: "ο",
    0xF070: "π",
    0xF071: "θ",
    0xF072: "ρ",
    0xF073: "σ",
    0xF074: "τ",
    0xF075: "υ",
    0xF076: "ϖ",
    0xF077: "ω",
    0xF078: "ξ",
    0xF079: "ψ",
    0xF07A: "ζ",
    0xF044: "Δ",
    0xF046: "Φ",
    0xF047: "Γ",
    0xF04C: "Λ",
    0xF050: "Π",
    0xF051: "Θ",
    0xF053: "Σ",
    0xF057: "Ω",
    0xF058: "Ξ",
    0xF059: "Ψ",
    0xF02D: "−",
    0xF02B: "+",
    0xF03D: "=",
    0xF03C: "<",
    0xF03E: ">",
    0xF0A2: "′",
    0xF0A3: "≤",
    0xF0B0: "°",
    0xF0B1: "±",
    0xF0B2: "″",
    0xF0B3: "≥",
    0xF0B4: "×",
    0xF0B5: "∝",
    0xF0B7: "•",
    0xF0B8: "÷",
    0xF0B9: "≠",
    0xF0BB: "≈",
    0xF0D6: "√",
    0xF0A5: "∞",
    0xF0F2: "∫",
    0xF0E5: "∑",
    0xF0D7: "⋅",
}

_SUPERSCRIPT = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUBSCRIPT = dict(zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))

_NO_SCRIPT_NEEDED = set("°º'′″*")
_NBH = "\ue000"  # placeholder for w:noBreakHyphen outside superscripts, resolved per paragraph
_MINUS_BEFORE = set(" \t\n([{=<>≤≥±~≈")


# ----------------------------------------------------------------------------------------------
# Paragraph extraction


@dataclass
class Para:
    index: int  # 1-based position among all w:p of document.xml, in document order
    style: str
    text: str  # Unicode reading; "\t" for tabs, "\n" for line breaks
    markup: str  # the same with ^{…} / _{…} for superscript / subscript runs
    flags: list[str]
    table: int | None = None  # index of the enclosing top-level table, if any
    row: int | None = None
    cell: int | None = None

    @property
    def location(self) -> str:
        return f"word/document.xml paragraph {self.index}"


def _run_props(run: etree._Element) -> str | None:
    props = run.find(W + "rPr")
    if props is None:
        return None
    align = props.find(W + "vertAlign")
    if align is None:
        return None
    value = align.get(W + "val")
    return value if value in ("superscript", "subscript") else None


def _resolve_hyphens(text: str) -> str:
    if _NBH not in text:
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        if char != _NBH:
            out.append(char)
            continue
        before = out[-1] if out else ""
        after = text[i + 1 : i + 3]
        starts_word = before == "" or before in _MINUS_BEFORE
        number_follows = bool(after) and (after[0].isdigit() or (after[0] == "." and after[1:2].isdigit()))
        out.append("−" if starts_word and number_follows else "-")
    return "".join(out)


def _paragraph(p: etree._Element, index: int) -> Para:
    style_el = p.find(f"{W}pPr/{W}pStyle")
    style = style_el.get(W + "val", "") if style_el is not None else ""
    text: list[str] = []
    markup: list[str] = []
    flags: list[str] = []
    for run in p.iter(W + "r"):
        # Runs of nested paragraphs (text boxes) and of fallback renditions are not this paragraph's.
        owner = next(run.iterancestors(W + "p", MC_FALLBACK), None)
        if owner is not p:
            continue
        align = _run_props(run)
        run_text: list[str] = []
        for child in run:
            tag = child.tag
            if tag == W + "t":
                run_text.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                run_text.append("\t")
            elif tag in (W + "br", W + "cr"):
                run_text.append("\n")
            elif tag == W + "noBreakHyphen":
                run_text.append({"superscript": "−", "subscript": "-"}.get(align or "", _NBH))
            elif tag == W + "sym":
                code = int(child.get(W + "char", "0"), 16)
                if code < 0xF000:
                    code += 0xF000
                char = _SYMBOL_FONT.get(code)
                if char is None:
                    flags.append(f"unmapped symbol {child.get(W + 'font')} {child.get(W + 'char')}")
                    char = chr(code)
                run_text.append(char)
        raw = "".join(run_text)
        if not raw:
            continue
        if align is None:
            text.append(raw)
            markup.append(raw)
            continue
        table = _SUPERSCRIPT if align == "superscript" else _SUBSCRIPT
        if all(c in table or c in _NO_SCRIPT_NEEDED or c.isspace() for c in raw):
            mapped = "".join(table.get(c, c) for c in raw)
        else:  # a run Unicode cannot write as a whole (T_g, E_0,MPE): keep it as printed, flag it
            mapped = raw
            flags.append(f"{align} kept as plain text (no Unicode form): {raw!r}")
        text.append(mapped)
        markup.append(("^{" if align == "superscript" else "_{") + raw.replace(_NBH, "-") + "}")
    if p.find(f".//{W}object") is not None or p.find(f".//{M}oMath") is not None:
        flags.append("embedded formula object not read")
    joined = _resolve_hyphens("".join(text))
    joined_markup = _resolve_hyphens("".join(markup))
    return Para(index, style, joined, joined_markup, flags)


def _read_paragraphs(body: etree._Element) -> list[Para]:
    paras: list[Para] = []
    tables: dict[etree._Element, int] = {}
    for counter, p in enumerate(body.iter(W + "p"), start=1):
        para = _paragraph(p, counter)
        tc = next(p.iterancestors(W + "tc"), None)
        if tc is not None:
            tr = next(tc.iterancestors(W + "tr"))
            tbl = tr.getparent()
            top = tbl
            for ancestor in tbl.iterancestors(W + "tbl"):
                top = ancestor
            para.table = tables.setdefault(top, len(tables))
            para.row = tbl.findall(W + "tr").index(tr)
            para.cell = tr.findall(W + "tc").index(tc)
        paras.append(para)
    return paras


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(_NBH, "-")).strip()


# ----------------------------------------------------------------------------------------------
# Opening the document safely


def _open_document(path: Path) -> bytes:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise DocumentRefused(path, f"not a DOCX (zip) file: {error}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise DocumentRefused(path, f"archive has {len(infos)} members, over the cap")
        try:
            info = archive.getinfo(DOCUMENT_PART)
        except KeyError:
            raise DocumentRefused(path, f"the zip has no {DOCUMENT_PART}: not a Word document") from None
        if info.file_size > MAX_MEMBER_BYTES:
            raise DocumentRefused(path, f"{DOCUMENT_PART} declares {info.file_size:,} bytes, over the cap")
        if info.file_size > 1_000_000 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise DocumentRefused(path, f"{DOCUMENT_PART} compression ratio is suspicious (zip bomb?)")
        try:
            with archive.open(info) as handle:
                data = handle.read(MAX_MEMBER_BYTES + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, zlib.error) as error:
            raise DocumentRefused(path, f"cannot read {DOCUMENT_PART}: {error}") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise DocumentRefused(path, f"{DOCUMENT_PART} inflates past {MAX_MEMBER_BYTES:,} bytes")
    return data


_TITLE_MARK = b"Defence and Strategic Goods List"


def recognise(path: Path, head_bytes: bytes) -> bool:
    """A DOCX whose main part is the Defence and Strategic Goods List instrument."""
    if not head_bytes.startswith(b"PK\x03\x04") or path.suffix.lower() != ".docx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(DOCUMENT_PART)
            if info.file_size > MAX_MEMBER_BYTES:
                return False
            with archive.open(info) as handle:
                start = handle.read(256 * 1024)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
        return False
    plain = re.sub(rb"<[^>]*>", b"", start)
    return _TITLE_MARK in plain


# ----------------------------------------------------------------------------------------------
# Labels and codes

_LABEL = re.compile(r"^(?:[a-z]{1,2}|\d{1,2})\.$")
_PART2_PATH = re.compile(r"^(\d)\.?$")
_GROUP_LETTER = re.compile(r"^([A-E])\.?$")
_THREE_DIGITS = re.compile(r"^(\d{3})\.?$")
_ML_CODE = re.compile(r"^ML(\d{1,3})\.?$")
_NOTE_START = re.compile(
    r"^(?P<kind>Technical\s+Notes?|Notes?|N\.\s?B\.?)\s*(?P<num>\d+)?\s*\.?\s*(?::|(?=[\t\n])|$)"
)
_NOTE_TO = re.compile(r"^(?P<kind>Note to (?:the )?[^:\t]{1,60}):")
_CODE_REF = re.compile(r"(ML\d{1,3}|\d[A-E]\d{3})((?:\.(?:[a-z]{1,2}|\d{1,2}))*)\.?")
_CODE_REF_APPLIES = re.compile(
    r"(ML\d{1,3}|\d[A-E]\d{3})((?:\.(?:[a-z]{1,2}|\d{1,2}))*)\.?\s+(?:does not apply|do not apply|includes|include)\b"
)
_REF_LEAD = re.compile(
    r"^(?:For the purposes? of (?:this )?(?:entry |item )?|In (?:entry |item )?)?", re.IGNORECASE
)
_RESERVED = re.compile(r"^(?:\[Reserved\]|Not used(?: since (?P<year>\d{4}))?)\s*[.;]?$", re.IGNORECASE)
_CATEGORY_HEAD = re.compile(r"^Category\s+(\d)\s*[—–-]\s*(.+)$")


def _label_tokens(text: str) -> tuple[list[str], str]:
    """Split the leading tab-separated label tokens from a paragraph; return (tokens, body)."""
    parts = text.split("\t")
    tokens: list[str] = []
    i = 0
    while i < len(parts):
        token = parts[i].strip()
        if token == "":
            i += 1
            continue
        if i == len(parts) - 1:
            break  # the last part is text, never a label
        joined = re.match(r"^(\d\.)([A-E]\.?)$", token)  # "8.D." printed as one run
        if joined and not tokens:
            tokens.extend(joined.groups())
            i += 1
            continue
        if (
            _LABEL.match(token)
            or (not tokens and (_ML_CODE.match(token) or _PART2_PATH.match(token)))
            or (len(tokens) == 1 and _PART2_PATH.match(tokens[0]) and _GROUP_LETTER.match(token))
            or (len(tokens) == 2 and _GROUP_LETTER.match(tokens[1]) and _THREE_DIGITS.match(token))
            or (len(tokens) == 2 and _GROUP_LETTER.match(tokens[1]) and re.match(r"^[12]\.?$", token))
        ):
            tokens.append(token)
            i += 1
            continue
        break
    return tokens, "\t".join(parts[i:])


def _is_letter(label: str) -> bool:
    return label.isalpha()


def _pred(label: str) -> str | None:
    """The label before this one in its sequence ("c" → "b", "3" → "2", "aa" → "z")."""
    if label.isdigit():
        n = int(label)
        return str(n - 1) if n > 1 else None
    if len(label) == 1:
        return chr(ord(label) - 1) if label > "a" else None
    if len(label) == 2 and label[0] == label[1]:  # aa, bb, ...
        return "z" if label == "aa" else chr(ord(label[0]) - 1) * 2
    return None


def _is_first(label: str) -> bool:
    return label in ("a", "1")


def _style_depth(style: str) -> int | None:
    """The item depth a paragraph style names, if it names one (a hint only)."""
    m = re.match(r"^Cat0newstyle(\d)", style)
    if m:
        return max(int(m.group(1)) - 3, 0)
    for prefix in ("DL0A", "DLOA", "ZML1", "ML1", "1A", "DL1", "Tablea"):
        if style.startswith(prefix):
            rest = style[len(prefix) :]
            m = re.match(r"^((?:[a-z]\d?|\d[a-z]?)*)", rest)
            return len(re.findall(r"[a-z0-9]", m.group(1))) if m else 0
    return None


_NOTE_STYLE = re.compile(r"note|nb|tech|formula", re.IGNORECASE)
_ITEM_STYLE = re.compile(r"^(?:DL0A|DLOA|DL1|ZML|ML|1A1|Cat0newstyle|MunitionsList|MLnewstyle|Tablea)")


def _is_note_style(style: str) -> bool:
    return bool(_NOTE_STYLE.search(style))


def _is_item_style(style: str) -> bool:
    return bool(_ITEM_STYLE.match(style)) and not _is_note_style(style)


# ----------------------------------------------------------------------------------------------
# The tree being built


@dataclass
class Node:
    kind: EntryKind
    code: str
    parent: Node | None
    location: str
    texts: list[str] = field(default_factory=list)
    markups: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    labels: tuple[str, ...] = ()  # item path below the entry
    entry: Node | None = None  # the entry an item belongs to
    children_labels: dict[str, Node] = field(default_factory=dict)
    # notes only
    note_number: str | None = None
    note_heading: str = ""
    candidates: list[Node] = field(default_factory=list)
    group_prev: Node | None = None
    note_labels: list[str] = field(default_factory=list)
    digit_first: bool = False  # entries whose first level is numbered (1C350.1, 1C351…)

    def add_text(self, para: Para, body: str, markup: str | None = None) -> None:
        if body.strip():
            self.texts.append(body)
            self.markups.append(markup if markup is not None else body)
        self.flags.extend(para.flags)

    @property
    def text(self) -> str:
        return _norm(" ".join(self.texts))

    def chain(self) -> list[Node]:
        out: list[Node] = []
        node: Node | None = self
        while node is not None:
            out.append(node)
            node = node.parent
        return out


def _markup_body(para: Para, labels_count: int) -> str:
    """The markup reading of a paragraph's body (after the same number of label tokens)."""
    if labels_count == 0:
        return para.markup
    parts = para.markup.split("\t")
    seen = 0
    for i, part in enumerate(parts):
        if part.strip():
            seen += 1
            if seen == labels_count:
                return "\t".join(parts[i + 1 :])
    return ""


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.nodes: list[Node] = []
        self.by_key: dict[str, Node] = {}
        self.category: Node | None = None
        self.group: Node | None = None
        self.entry: Node | None = None
        self.item: Node | None = None  # deepest open item (or None: the entry is current)
        self.note: Node | None = None  # open note, collecting text
        self.last_note: Node | None = None
        self.part: int | None = None
        self.note_chain: list[Node] = []  # notes printed one inside another since the last item

    # -- structure
    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        return node

    def current(self) -> Node | None:
        return self.item or self.entry or self.group or self.category

    def close_note(self) -> None:
        self.note = None
        self.note_chain = []

    def set_category(self, number: str, title: str, para: Para) -> None:
        self.close_note()
        node = Node(EntryKind.CATEGORY, f"Category {number}", None, para.location)
        node.key = f"category-{number}"
        node.attributes["title"] = title
        node.add_text(para, title)
        self.category = self.add(node)
        self.group = self.entry = self.item = None

    def set_group(self, digit: str, letter: str, part: str | None, title: str, para: Para) -> None:
        self.close_note()
        code = f"{digit}{letter}{part or ''}"
        node = Node(EntryKind.PRODUCT_GROUP, code, self.category, para.location)
        node.key = code.lower()
        node.add_text(para, title, _markup_body(para, 3 if part is None else 4))
        self.group = self.add(node)
        self.entry = self.item = None

    def set_entry(self, code: str, body: str, para: Para, parent: Node | None, markup: str) -> Node:
        self.close_note()
        existing = self.by_key.get(code.lower())
        if existing is not None and existing.kind == EntryKind.ENTRY:
            self.entry, self.item = existing, None  # a repeated heading: continue the entry
            if body.strip():
                existing.add_text(para, body, markup)
            return existing
        node = Node(EntryKind.ENTRY, code, parent, para.location)
        node.key = code.lower()
        node.entry = node
        node.add_text(para, body, markup)
        self.by_key[node.key] = node
        self.entry = self.add(node)
        self.item = None
        return node

    def place_item(
        self, labels: tuple[str, ...], body: str, para: Para, markup: str, flags: list[str]
    ) -> Node:
        """Create (or continue) the item at `labels` under the current entry."""
        self.close_note()
        assert self.entry is not None
        entry = self.entry
        parent: Node = entry
        for depth in range(1, len(labels)):
            child = parent.children_labels.get(labels[depth - 1])
            if child is None:  # an intermediate level the document never printed on its own
                child = self._new_item(entry, parent, labels[:depth], para)
                child.flags.append("implied by a deeper code; no paragraph of its own")
            parent = child
        existing = parent.children_labels.get(labels[-1])
        if existing is not None and not body.strip():
            self.item = existing
            return existing
        if existing is not None:
            flags = [*flags, f"label {labels[-1]!r} repeats under {parent.code}"]
        node = self._new_item(entry, parent, labels, para, duplicate=existing is not None)
        node.add_text(para, body, markup)
        node.flags.extend(flags)
        self.item = node
        return node

    def _new_item(
        self, entry: Node, parent: Node, labels: tuple[str, ...], para: Para, duplicate: bool = False
    ) -> Node:
        code = entry.code + "." + ".".join(labels)
        node = Node(EntryKind.ITEM, code, parent, para.location)
        node.labels = labels
        node.entry = entry
        key = code.lower()
        if duplicate or key in self.by_key:
            n = 2
            while f"{key}~dup-{n}" in self.by_key:
                n += 1
            key = f"{key}~dup-{n}"
        node.key = key
        self.by_key[key] = node
        parent.children_labels.setdefault(labels[-1], node)
        return self.add(node)

    def item_continues(self, label: str) -> bool:
        """Whether a local label can continue the current entry's item path."""
        if self.entry is None:
            return False
        path = self.item.labels if self.item is not None else ()
        digit_first = self.entry.digit_first or (not path and label == "1" and not self.entry.children_labels)
        letter = _is_letter(label)
        if _is_first(label):
            return self._letter_at(len(path) + 1, digit_first) == letter
        pred = _pred(label)
        return any(
            self._letter_at(d, digit_first) == letter and path[d - 1] == pred for d in range(1, len(path) + 1)
        )

    @staticmethod
    def _letter_at(depth: int, digit_first: bool) -> bool:
        return (depth % 2 == 1) != digit_first

    def resolve_local(self, label: str, style: str) -> tuple[tuple[str, ...], list[str]]:
        """Where a local label goes under the current entry: its full label path.

        Depth 1 holds letters, depth 2 digits, and so on (or the reverse for an entry whose first
        level is numbered). A first label (a./1.) opens a child level; any other continues the deepest
        open level whose last label is its predecessor. The paragraph style is used only as a fallback.
        """
        assert self.entry is not None
        path = self.item.labels if self.item is not None else ()
        if not path and label == "1" and not self.entry.children_labels:
            self.entry.digit_first = True
        digit_first = self.entry.digit_first
        letter = _is_letter(label)

        def kind_at(depth: int) -> bool:  # True if depth holds letters
            return self._letter_at(depth, digit_first)

        if _is_first(label):
            depth = len(path) + 1
            if kind_at(depth) == letter:
                return (*path, label), []
            hint = _style_depth(style)
            if hint and hint <= len(path) and kind_at(hint) == letter:
                return (*path[: hint - 1], label), ["first label placed by paragraph style"]
            return (*path, label), [f"label {label!r} breaks the letter/digit alternation"]
        pred = _pred(label)
        candidates = [d for d in range(1, len(path) + 1) if kind_at(d) == letter and path[d - 1] == pred]
        if candidates:
            d = candidates[-1]
            return (*path[: d - 1], label), []
        # A gap in the sequence: use the style's depth if it fits, else the deepest level of this type.
        hint = _style_depth(style)
        if hint and hint <= len(path) + 1 and kind_at(hint) == letter:
            d = hint
        else:
            same = [d for d in range(1, len(path) + 2) if kind_at(d) == letter]
            d = same[-1] if same else 1
        return (*path[: d - 1], label), [
            f"label {label!r} does not follow its predecessor; placed at depth {d}"
        ]

    def start_note(
        self, kind: EntryKind, number: str | None, heading: str, body: str, para: Para, markup: str
    ) -> None:
        owner = self.current()
        if owner is None:
            raise DocumentRefused(self.path, f"a note before any list node at {para.location}")
        node = Node(kind, "", owner, para.location)
        node.note_number = number
        node.note_heading = heading
        node.candidates = owner.chain()
        node.add_text(para, body, markup)
        prev = self.last_note
        if (
            number is not None
            and prev is not None
            and prev.kind == kind
            and prev.note_number is not None
            and prev.note_number.isdigit()
            and number.isdigit()
            and int(number) == int(prev.note_number) + 1
            and prev.candidates
            and prev.candidates[0] is owner
        ):
            node.group_prev = prev
        self.note = self.add(node)
        self.note_chain.append(node)
        self.last_note = node


def _note_kind(match: re.Match) -> tuple[EntryKind, str]:
    kind = match.group("kind")
    if kind.startswith("Technical"):
        return EntryKind.TECHNICAL_NOTE, "Technical Note"
    if kind.startswith("N"):
        if kind.startswith("Note"):
            return EntryKind.NOTE, "Note"
        return EntryKind.NB, "N.B."
    return EntryKind.NOTE, "Note"


def _regime_for(code: str) -> Regime:
    m = re.match(r"^ML(\d+)$", code)
    if m:
        return Regime.NATIONAL if int(m.group(1)) >= 100 else Regime.WASSENAAR
    if code[0] == "0":
        return Regime.NSG
    return {
        "0": Regime.WASSENAAR,
        "1": Regime.MTCR,
        "2": Regime.NSG,
        "3": Regime.AUSTRALIA_GROUP,
        "4": Regime.CWC,
    }.get(code[2], Regime.NATIONAL)


# ----------------------------------------------------------------------------------------------
# The list parts


def _handle_list_paragraph(b: _Builder, para: Para) -> None:
    raw = para.text
    stripped = raw.strip()
    if not stripped:
        return
    typo = re.match(r"^\s*([A-E])\.\t(\d{3})\.?\t", raw)
    if typo and b.category is not None:  # "A.⇥002.⇥o.⇥3." printed without its category digit
        raw = b.category.code[-1] + ".\t" + raw.lstrip()
        para.flags.append("category digit missing from the printed code; taken from the category")
    tokens, body = _label_tokens(raw)
    body_clean = body.strip()

    # Category 5 part headings: "Part 1—TELECOMMUNICATIONS", "Part 2 — “INFORMATION SECURITY”"
    m = re.match(r"^Part\s+(\d)\s*[—–-]\s*(.+)$", stripped)
    if m and not tokens and b.category is not None:
        b.close_note()
        node = Node(EntryKind.SECTION, f"{b.category.code} Part {m.group(1)}", b.category, para.location)
        node.key = f"{b.category.key}-part-{m.group(1)}"
        node.add_text(para, stripped)
        b.add(node)
        b.group = node
        b.entry = b.item = None
        return

    # Headings of tables and long technical notes printed after a product group's entries
    if para.style == "DL0ATableHead" and not tokens:
        if b.note is not None and not re.search(r"TABLE|TECHNICAL NOTE|NOTES", stripped):
            b.note.add_text(para, stripped)
            return
        kind = EntryKind.TECHNICAL_NOTE if "TECHNICAL NOTE" in stripped.upper() else EntryKind.NOTE
        owner_before = b.item, b.entry
        b.item, b.entry = None, None  # attach to the product group
        b.start_note(
            kind, None, "Technical Note" if kind == EntryKind.TECHNICAL_NOTE else "Note", "", para, ""
        )
        b.item, b.entry = owner_before
        b.note.attributes["heading"] = stripped
        return

    # Note headings
    note_match = _NOTE_START.match(body_clean) or _NOTE_TO.match(body_clean)
    if note_match and (not tokens or all(t in ("-", "‑") for t in tokens)):
        if note_match.re is _NOTE_TO:
            kind, heading, number = EntryKind.NOTE, note_match.group("kind"), None
        else:
            kind, heading = _note_kind(note_match)
            number = note_match.group("num")
        rest = body_clean[note_match.end() :]
        b.start_note(kind, number, heading, rest, para, rest)
        return

    # Part 2 product group: 3.⇥A.⇥⇥Systems… (5.⇥A.⇥1.⇥… in Category 5, which has two parts)
    if (
        len(tokens) in (2, 3)
        and _PART2_PATH.match(tokens[0])
        and _GROUP_LETTER.match(tokens[1])
        and (
            len(tokens) == 2
            or (
                b.category is not None
                and b.category.code == "Category 5"
                and re.match(r"^[12]\.?$", tokens[2])
            )
        )
        and b.category is not None
        and not body_clean[:1].isdigit()
    ):
        part = tokens[2].rstrip(".") if len(tokens) == 3 else None
        b.set_group(tokens[0].rstrip("."), tokens[1].rstrip("."), part, body_clean, para)
        return

    # Full Part 2 path: 3.⇥A.⇥001.⇥a.⇥1.⇥text
    if (
        len(tokens) >= 3
        and _PART2_PATH.match(tokens[0])
        and _GROUP_LETTER.match(tokens[1])
        and _THREE_DIGITS.match(tokens[2])
    ):
        code = tokens[0].rstrip(".") + tokens[1].rstrip(".") + tokens[2].rstrip(".")
        labels = tuple(t.rstrip(".") for t in tokens[3:])
        _explicit(b, code, labels, body, para, len(tokens))
        return
    if tokens and _ML_CODE.match(tokens[0]):
        code = "ML" + _ML_CODE.match(tokens[0]).group(1)
        labels = tuple(t.rstrip(".") for t in tokens[1:])
        _explicit(b, code, labels, body, para, len(tokens))
        return

    # A local label: a. / 1. (sometimes two: 1.⇥a.⇥text)
    if tokens and all(_LABEL.match(t) for t in tokens):
        labels = [t.rstrip(".") for t in tokens]
        owner = _owning_note(b, labels, para.style) if b.note is not None else None
        if owner is not None:
            b.note = owner
            owner.note_labels.extend(labels)
            owner.add_text(para, raw.replace("\t", " "), para.markup.replace("\t", " "))
            return
        if b.entry is None:
            target = b.note or b.current()
            if target is None:
                return
            target.add_text(para, raw.replace("\t", " "), para.markup.replace("\t", " "))
            target.flags.append(f"labelled paragraph outside any entry at {para.location}")
            return
        path, flags = b.resolve_local(labels[0], para.style)
        for extra in labels[1:]:  # 1.⇥a.⇥…: the first label places the paragraph, the rest go deeper
            b.place_item(path, "", para, "", [])  # the level the first label names
            if b._letter_at(len(path) + 1, b.entry.digit_first) != _is_letter(extra):
                flags.append(f"label {extra!r} after {path[-1]!r} breaks the letter/digit alternation")
            path = (*path, extra)
        b.place_item(path, body, para, _markup_body(para, len(tokens)), flags)
        return

    # Unlabelled text (or a bullet "-"): continues the open note, else the current node.
    target = b.note or b.current()
    if target is None:
        return
    target.add_text(para, raw.replace("\t", " "), para.markup.replace("\t", " "))


def _owning_note(b: _Builder, labels: list[str], style: str) -> Node | None:
    """The open note whose own list a labelled paragraph continues, or None if it is a new item.

    Note styles always continue a note. Otherwise a first label (a./1.) continues a note whose text so
    far is empty or ends with ":"; a later label continues the (innermost) open note whose list holds
    its predecessor, unless — in an item style — it also continues the item path.
    """
    note = b.note
    assert note is not None
    label = labels[0]
    text = note.text
    strong = _is_first(label) and (not text or text.endswith(":"))
    pred = _pred(label)
    weak_owner = next((n for n in reversed(b.note_chain) if pred and pred in n.note_labels), None)
    if _is_note_style(style):
        return weak_owner or note
    item = b.item_continues(label)
    if strong:
        return note
    if weak_owner is not None and (not item or not _is_item_style(style)):
        return weak_owner
    if not item and not _is_item_style(style):
        return note
    return None


def _explicit(b: _Builder, code: str, labels: tuple[str, ...], body: str, para: Para, ntokens: int) -> None:
    markup = _markup_body(para, ntokens)
    entry = b.by_key.get(code.lower())
    if not labels:
        parent = b.group if code[:2] != "ML" else None
        if code[:2] != "ML" and (b.group is None or b.group.code[:2] != code[:2]):
            raise DocumentRefused(b.path, f"entry {code} outside its product group at {para.location}")
        node = b.set_entry(code, body, para, parent, markup)
        node.flags.extend([])
        return
    # A path whose predecessor sibling does not exist, printed inside a note whose own list it
    # continues, is the note's paragraph with a stray code (ML910.⇥e. inside the ML901–910 note).
    if b.note is not None and entry is not None:
        pred = _pred(labels[-1])
        parent = entry
        for label in labels[:-1]:
            parent = parent.children_labels.get(label) if parent is not None else None
        if pred is not None and parent is not None and pred not in parent.children_labels:
            text = _norm(" ".join(b.note.texts))
            if re.search(rf"(?:^|\s){re.escape(pred)}\.\s", text):
                b.note.add_text(para, f"{labels[-1]}. {body}", f"{labels[-1]}. {markup}")
                b.note.flags.append(
                    f"paragraph printed with code {code}.{'.'.join(labels)} read as note text"
                )
                return
    if entry is None:
        group = b.group
        if code[:2] != "ML" and (group is None or group.code[:2] != code[:2]):
            raise DocumentRefused(b.path, f"item of {code} outside its product group at {para.location}")
        b.set_entry(code, "", para, group if code[:2] != "ML" else None, "")
        b.entry.flags.append("entry heading implied by an item path")
    else:
        b.entry = entry
    b.place_item(labels, body, para, markup, [])


def _handle_sensitive(b: _Builder, section: Node, paras: list[Para], start: int) -> int:
    """Read one Sensitive / Very Sensitive list section; return the index after it."""
    i = start
    rows: dict[tuple[int, int], dict[int, list[Para]]] = {}
    order: list[tuple[int, int]] = []
    while i < len(paras) and not paras[i].style.startswith("ActHead"):
        para = paras[i]
        if para.table is None:
            if para.text.strip():
                section.add_text(para, para.text.replace("\t", " "), para.markup.replace("\t", " "))
        else:
            key = (para.table, para.row or 0)
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key].setdefault(para.cell or 0, []).append(para)
        i += 1
    category = None
    seen: set[str] = set()
    for key in order:
        cells = rows[key]
        cell_texts = {c: _norm(" ".join(p.text for p in ps)) for c, ps in cells.items()}
        if not any(cell_texts.values()):
            continue
        if any(p.style == "TableHeading" for ps in cells.values() for p in ps):
            m = re.match(r"^Category\s+(\d)", cell_texts.get(0, ""))
            if m:
                category = m.group(1)
            continue
        first = cell_texts.get(0, "")
        code = first if _CODE_REF.match(first.replace(" ", "")) else ""
        text_cells = [c for c in sorted(cells) if not (c == 0 and code)]
        parts = [p for c in text_cells for p in cells[c]]
        node = Node(EntryKind.SECTION, "", section, parts[0].location if parts else cells[0][0].location)
        for p in parts:
            node.add_text(p, p.text.replace("\t", " "), p.markup.replace("\t", " "))
        refs = [m.group(1) + m.group(2) for m in _CODE_REF.finditer(code)]
        slug = re.sub(r"[^a-z0-9.]+", "-", code.lower()).strip("-.") if code else f"category-{category}-row"
        base = f"{section.key}~{slug}"
        node_key = base
        n = 2
        while node_key in seen:
            node_key = f"{base}-{n}"
            n += 1
        seen.add(node_key)
        node.key = node_key
        node.code = f"{section.code} {code}".strip() if code else f"{section.code} Category {category}"
        node.attributes["category"] = category
        node.attributes["refers_to"] = [r.lower() for r in refs]
        if _RESERVED.match(node.text):
            node.attributes["reserved"] = True
        b.add(node)
    return i


def _parse_date(text: str) -> date | None:
    m = re.search(
        r"(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})",
        text,
    )
    if not m:
        return None
    return datetime.strptime(" ".join(m.groups()), "%d %B %Y").date()


def _leading_phrase(text: str) -> str:
    if not text.endswith(":"):
        return ""
    phrase = re.sub(
        r",?\s*(?:as follows|any of the following|all of the following|both of the following|the following)\s*:$",
        "",
        text,
    )
    phrase = phrase.rstrip(":").strip()
    return phrase


def parse(path: Path) -> ParsedList:
    path = Path(path)
    data = _open_document(path)
    root = parse_xml_bytes(data, f"{path}!{DOCUMENT_PART}")
    body = root.find(W + "body")
    if root.tag != W + "document" or body is None:
        raise DocumentRefused(path, "word/document.xml is not a WordprocessingML document")
    paras = _read_paragraphs(body)

    version: date | None = None
    texts: list[ListText] = []
    title_seen = False
    for para in paras[:40]:
        t = _norm(para.text)
        if t.startswith("Defence and Strategic Goods List"):
            title_seen = True
        if t.startswith("Dated ") and version is None:
            version = _parse_date(t)
    if not title_seen:
        raise DocumentRefused(path, "this Word document is not the Defence and Strategic Goods List")
    if version is None:
        raise DocumentRefused(path, "the instrument's date ('Dated …') was not found")

    b = _Builder(path)
    i = 0
    mode = "front"
    front_title = ""
    front_text: list[str] = []
    part_nodes = 0

    def flush_front() -> None:
        nonlocal front_text
        if front_title and front_text:
            texts.append(ListText(front_title, _norm(" ".join(front_text))))
        front_text = []

    while i < len(paras):
        para = paras[i]
        t = _norm(para.text)
        if para.style.startswith("ActHead"):
            b.close_note()
            if para.style == "ActHead2" and re.match(r"^Part 1\s*[—–-]\s*Munitions", t):
                flush_front()
                mode = "part1"
                b.part = 1
                part_nodes += 1
                node = Node(EntryKind.SECTION, "Part 1", None, para.location, key="part-1")
                node.add_text(para, t)
                b.add(node)
                b.category = b.group = b.entry = b.item = None
                i += 1
                continue
            if para.style == "ActHead2" and re.match(r"^Part 2\s*[—–-]\s*Dual", t):
                mode = "part2"
                b.part = 2
                part_nodes += 1
                node = Node(EntryKind.SECTION, "Part 2", None, para.location, key="part-2")
                node.add_text(para, t)
                b.add(node)
                b.category = b.group = b.entry = b.item = None
                i += 1
                continue
            m = _CATEGORY_HEAD.match(t)
            if m and mode in ("part2",):
                b.set_category(m.group(1), m.group(2), para)
                i += 1
                continue
            if re.match(r"^(Very sensitive|Sensitive) list", t, re.IGNORECASE):
                very = t.lower().startswith("very")
                node = Node(
                    EntryKind.SECTION,
                    "Very Sensitive List" if very else "Sensitive List",
                    None,
                    para.location,
                )
                node.key = "very-sensitive-list" if very else "sensitive-list"
                node.attributes["heading"] = t
                b.add(node)
                b.category = b.group = b.entry = b.item = None
                mode = "sensitive"
                i = _handle_sensitive(b, node, paras, i + 1)
                continue
            if mode in ("part2", "sensitive") and para.style in ("ActHead6", "ActHead2"):
                mode = "end"
            if mode == "front":
                flush_front()
                front_title = t
            i += 1
            continue
        if mode == "front":
            if para.style.startswith("TOC") or not t:
                i += 1
                continue
            if para.table is not None and front_title.startswith("1.2") and _parse_date(t):
                texts.append(ListText("Commencement date", t))
            front_text.append(para.text.replace("\t", " "))
            i += 1
            continue
        if mode in ("part1", "part2"):
            if para.table is not None:
                # A table inside the list (e.g. the 2E003.f coating table): rows of the current node.
                target = b.note or b.current()
                table_rows: dict[int, dict[int, list[str]]] = {}
                tno = para.table
                while i < len(paras) and paras[i].table == tno:
                    p = paras[i]
                    table_rows.setdefault(p.row or 0, {}).setdefault(p.cell or 0, []).append(_norm(p.text))
                    i += 1
                rows = [
                    [" ".join(x for x in cells[c] if x) for c in sorted(cells)]
                    for _, cells in sorted(table_rows.items())
                ]
                rows = [r for r in rows if any(r)]
                if target is not None and rows:
                    target.attributes.setdefault("tables", []).append(
                        {"location": para.location, "rows": rows}
                    )
                continue
            _handle_list_paragraph(b, para)
        i += 1
    flush_front()
    if part_nodes != 2:
        raise DocumentRefused(path, "Part 1 (munitions) and Part 2 (dual-use) headings were not both found")

    entries = _finish(b)
    return ParsedList(
        descriptor=DESCRIPTORS[0],
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        entries=entries,
        texts=texts,
    )


def _resolve_note_parents(b: _Builder) -> None:
    for node in b.nodes:
        if node.kind not in (EntryKind.NOTE, EntryKind.TECHNICAL_NOTE, EntryKind.NB):
            continue
        text = node.text
        lead = _REF_LEAD.match(text)
        m = _CODE_REF.match(text, lead.end() if lead else 0)
        refs = [(m.group(1) + m.group(2)).lower()] if m else []
        # "… 3A001.b.2. does not apply to …" later in the text names the node too.
        refs += [(x.group(1) + x.group(2)).lower() for x in _CODE_REF_APPLIES.finditer(text)]
        for ref in refs:
            target = next((c for c in node.candidates if c.key == ref), None)
            if target is not None:
                node.parent = target
                node.attributes["attached_by"] = "reference"
                break
    # Notes printed as a numbered group share the parent one of them names.
    for node in b.nodes:
        if node.group_prev is None:
            continue
        group = [node]
        prev = node.group_prev
        while prev is not None:
            group.append(prev)
            prev = prev.group_prev
        named = [n for n in group if n.attributes.get("attached_by") == "reference"]
        if named:
            target = named[-1].parent
            for n in group:
                if n.attributes.get("attached_by") != "reference" and target in n.candidates:
                    n.parent = target
                    n.attributes["attached_by"] = "note group"


def _finish(b: _Builder) -> list[EntryRecord]:
    _resolve_note_parents(b)
    # Keys and codes of notes, counted per parent and kind in document order.
    counters: dict[tuple[str, EntryKind], int] = {}
    suffix = {EntryKind.NOTE: "note", EntryKind.TECHNICAL_NOTE: "tn", EntryKind.NB: "nb"}
    for node in b.nodes:
        if node.kind in suffix:
            assert node.parent is not None
            n = counters.get((node.parent.key, node.kind), 0) + 1
            counters[(node.parent.key, node.kind)] = n
            node.key = f"{node.parent.key}~{suffix[node.kind]}-{n}"
            heading = node.note_heading
            if node.note_number:
                heading = f"{heading} {node.note_number}"
            node.code = f"{node.parent.code} {heading}"
    # Australia-marked membership of the Sensitive / Very Sensitive Lists.
    keys = {n.key: n for n in b.nodes}
    for node in b.nodes:
        if (
            node.kind == EntryKind.SECTION
            and node.parent is not None
            and node.parent.key.endswith("sensitive-list")
        ):
            for ref in node.attributes.get("refers_to", []):
                target = keys.get(ref)
                if target is not None:
                    target.attributes.setdefault("sensitive_lists", [])
                    if node.parent.code not in target.attributes["sensitive_lists"]:
                        target.attributes["sensitive_lists"].append(node.parent.code)
                else:
                    node.flags.append(f"names {ref}, which the dual-use list does not have")

    records: list[EntryRecord] = []
    for node in b.nodes:
        text = node.text
        attributes = dict(node.attributes)
        reserved = False
        if node.kind in (EntryKind.ENTRY, EntryKind.ITEM):
            m = _RESERVED.match(text)
            if m:
                reserved = True
                if m.group("year"):
                    attributes["not_used_since"] = int(m.group("year"))
        elif node.kind == EntryKind.SECTION and attributes.pop("reserved", False):
            reserved = True
        markup = _norm(" ".join(node.markups))
        if markup != text and markup:
            attributes["markup"] = markup
        if "ᵒC" in text:
            attributes["repaired_text"] = text.replace("ᵒC", "°C")
        if node.flags:
            attributes["flags"] = list(dict.fromkeys(node.flags))
        regime = None
        title = ""
        if node.kind == EntryKind.ENTRY:
            regime = _regime_for(node.code)
            title = text
        elif node.kind == EntryKind.ITEM:
            regime = _regime_for(node.entry.code) if node.entry else None
            title = _leading_phrase(text)
        elif node.kind in (EntryKind.CATEGORY, EntryKind.PRODUCT_GROUP):
            title = _norm(node.texts[0]) if node.texts else ""  # the heading, without "None." etc.
            attributes.pop("title", None)
        elif node.kind == EntryKind.SECTION:
            title = attributes.pop("heading", "") or (text if node.parent is None else "")
            if node.parent is None and node.key.endswith("sensitive-list"):
                title = title or node.code
        records.append(
            EntryRecord(
                code=node.code,
                key=node.key,
                kind=node.kind,
                parent_key=node.parent.key if node.parent is not None else None,
                title=title,
                text=text,
                reserved=reserved,
                regime=regime,
                location=node.location,
                attributes=attributes,
            )
        )
    return records


DESCRIPTORS: list[SourceDescriptor] = [
    SourceDescriptor(
        jurisdiction="au",
        list_id="dsgl",
        title="Defence and Strategic Goods List 2024",
        publisher="Australian Government, Department of Defence (Federal Register of Legislation, F2024L01024)",
        url="https://www.legislation.gov.au/F2024L01024/latest/text",
        format="docx",
        licence="CC BY 4.0 (Federal Register of Legislation content, Commonwealth of Australia)",
        # The 2024 document yields: 410 entries (30 ML, 380 dual-use), 3,412 items, 487 notes,
        # 278 technical notes, 199 N.B., 231 sections, 55 product groups, 10 categories.
        expected_counts={
            "category": (10, 10),
            "product_group": (50, 66),
            "entry": (369, 492),
            "item": (3070, 4094),
            "note": (438, 584),
            "technical_note": (250, 334),
            "nb": (179, 239),
            "section": (207, 277),
            "entries": (4573, 6098),
        },
        recognise=recognise,
        parse=parse,
    )
]

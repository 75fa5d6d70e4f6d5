"""Japan: e-Gov Standard Law XML (法令標準XML) → the common schema.

Written for the schema, not for one file: any `AppdxTable/TableStruct/Table/TableRow/TableColumn/Sentence`
table and any `Article/Paragraph/Item/Subitem1…Subitem10` tree. Three lists come out of two laws:

- "export-order-table-1": 輸出貿易管理令 別表第一. ENTRY per row (項: code "7の項", key "7"; 三の二 →
  "3の2の項", key "3-2"), ITEM per labelled sentence ((八の二) → "7の項(8の2)", key "7.8-2") and per
  numbered sentence below it (１ → "2の項(12)1", key "2.12.1", the form the table itself uses when it cites
  "（二）１"). An unlabelled sentence before the first sub-item is the row's own text.
- "goods-order": 貨物等省令. ENTRY per Article ("貨物等省令第6条", key "art6"), ITEM per 号 ("…第6条第1号",
  "art6.1"; 十六の三 → "第16号の3", "art6.16-3"), per Subitem1 イ ("…第1号イ", "art6.1.i"; romanisation in
  data/jp_iroha.tsv), Subitem2 （一） ("…イ(1)", ".1"), Subitem3 １ ("…イ(1)1"), Subitem4 一 ("…1一") and so on.
  An article with several paragraphs gets an ITEM per paragraph ("第6条第2項", "art6.p2").
- "export-order-other-tables" (REFERENCE): 別表第三 Group A countries as table "jp_group_a" (ISO alpha-2),
  別表第三の二 as "jp_arms_embargo", 別表第四 as "jp_table_4", 別表第二の四 as "jp_table_2_4"; every
  appended table's text as ListText.

Version date: e-Gov XML carries no revision date inside the document, so it comes from the e-Gov revision
id in the file name (`{law id}_{enforcement date}_…`, e.g. 324CO0000000378_20260605_… → 2026-06-05).

Excerpts: the corpus files are cuts of larger files. Besides a complete document, exactly two cut forms are
accepted, and each is recorded in the top-level entries' attributes["excerpt"]: a run of sibling
`<AppdxTable>` or `<Article>` elements (wrapped in a synthetic `<EgovExcerpt>` root), and the head of a
law cut at an element boundary with only structural containers (Law, LawBody, MainProvision, Article,
Paragraph, Item, Subitem…) left open (closed synthetically; the entries whose elements were closed are
marked attributes["excerpt_truncated"]). Anything else that is not well-formed is refused, as is any
DOCTYPE or entity declaration.

Text: `text` is the node's sentences as printed, with the copy's pretty-printing whitespace (runs holding a
line break) removed and other ASCII whitespace runs collapsed; U+3000 and everything else kept. Labels are
not repeated in `text` (they are in `code` and attributes["label"]). Where a Sentence holds <Ruby> or <Sub>
(the copy moved the text in front of those children), the text is kept in the copy's order and flagged
"inline_order_lost"; Ruby readings are in attributes["ruby"]. Quantities are in attributes["parameters"].
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from importers.countries import UnknownCountry, iso_code
from importers.errors import DocumentRefused
from importers.japanese_numbers import (
    extract_quantities,
    iroha_code,
    iroha_key,
    is_iroha_label,
    label_arabic,
    label_kanji,
    label_key,
    parse_label,
)
from importers.records import (
    EntryKind,
    EntryRecord,
    ListKind,
    ListText,
    ParsedList,
    ReferenceRecord,
    Regime,
    SourceDescriptor,
    file_sha256,
)
from importers.safe_xml import MAX_XML_BYTES, parse_xml_bytes

FORMAT = "egov-law-xml"
EXPORT_ORDER_ID = "324CO0000000378"  # 輸出貿易管理令
EXPORT_ORDER_LAWNUM = "昭和二十四年政令第三百七十八号"
GOODS_ORDER_ID = "403M50000400049"  # 貨物等省令
GOODS_ORDER_LAWNUM = "平成三年通商産業省令第四十九号"
GOODS_ORDER_SHORT = "貨物等省令"
LICENCE = "Japanese statutes are not subject to copyright (Copyright Act art. 13); e-Gov terms of use"

_DATA = Path(__file__).with_name("data")
_FILE_NAME = re.compile(r"^(?P<law>[0-9A-Z]{15})_(?P<date>\d{8})(?=[_.])")

# ------------------------------------------------------------------------------------------- loading

_SIBLING_CUT_ELEMENTS = {"AppdxTable", "Article"}
_CONTAINERS = {
    "Law", "LawBody", "MainProvision", "Part", "Chapter", "Section", "Subsection", "Division",
    "Article", "Paragraph", "Item", "AppdxTable", "SupplProvision",
    *(f"Subitem{n}" for n in range(1, 11)),
}  # fmt: skip
_SYNTHETIC_ROOT = "EgovExcerpt"
_TOKEN = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>"
    r"|</(?P<close>[A-Za-z_][\w.\-]*)\s*>"
    r"|<(?P<open>[A-Za-z_][\w.\-]*)(?:\s+[^\s=/<>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*(?P<empty>/?)>",
    re.DOTALL,
)


@dataclass
class EgovDocument:
    path: Path
    root: etree._Element
    law_id: str | None
    version_date: date
    excerpt: dict[str, Any] | None  # None for a complete document
    truncated: list[etree._Element] = field(default_factory=list)  # elements closed synthetically


def _scan(path: Path, body: str) -> tuple[list[str], list[str]]:
    """Top-level element names and the elements still open at the end; refuses broken markup."""
    top: list[str] = []
    stack: list[str] = []
    position = 0
    while True:
        start = body.find("<", position)
        if start < 0:
            tail = body[position:]
            if not stack and tail.strip():
                raise DocumentRefused(path, "text outside any element at the end of the document")
            if stack and tail.strip():
                raise DocumentRefused(path, f"document is truncated inside the text of <{stack[-1]}>")
            return top, stack
        if not stack and body[position:start].strip():
            raise DocumentRefused(path, f"text outside any element at character {position}")
        match = _TOKEN.match(body, start)
        if match is None:
            raise DocumentRefused(path, f"truncated or malformed markup at character {start}")
        if match.group("close"):
            name = match.group("close")
            if not stack or stack[-1] != name:
                raise DocumentRefused(
                    path, f"closing tag </{name}> at character {start} matches no open element"
                )
            stack.pop()
        elif match.group("open"):
            name = match.group("open")
            if not stack:
                top.append(name)
            if not match.group("empty"):
                stack.append(name)
        elif body.startswith("<!", start) and not body.startswith(("<!--", "<![CDATA["), start):
            raise DocumentRefused(path, "the document has a DOCTYPE or declaration, which is refused")
        position = match.end()


def _version_and_law(path: Path) -> tuple[str | None, date]:
    match = _FILE_NAME.match(path.name)
    if not match:
        raise DocumentRefused(
            path,
            "e-Gov XML carries no revision date; the file name must start with the e-Gov revision id "
            "{law id}_{YYYYMMDD}",
        )
    raw = match.group("date")
    try:
        version = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        raise DocumentRefused(path, f"revision id date {raw!r} in the file name is not a date") from None
    return match.group("law"), version


def load_document(path: Path) -> EgovDocument:
    """Read an e-Gov XML document or one of the accepted excerpt cuts; refuse anything else."""
    path = Path(path)
    if path.stat().st_size > MAX_XML_BYTES:
        raise DocumentRefused(path, f"file is over the {MAX_XML_BYTES:,}-byte cap")
    data = path.read_bytes()
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        raise DocumentRefused(path, "the document has a DOCTYPE or entity declaration, which is refused")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentRefused(path, f"not UTF-8: {error}") from None
    text = text.removeprefix("\ufeff")
    declaration = re.match(r"\s*<\?xml[^>]*\?>", text)
    body = text[declaration.end() :] if declaration else text
    top, open_elements = _scan(path, body)
    if not top:
        raise DocumentRefused(path, "no XML element in the document")
    excerpt: dict[str, Any] | None = None
    if not open_elements and len(top) == 1:
        source = data
    elif not open_elements:
        if declaration or len(set(top)) != 1 or top[0] not in _SIBLING_CUT_ELEMENTS:
            raise DocumentRefused(
                path, f"{len(top)} top-level elements ({', '.join(sorted(set(top)))}): not one document"
            )
        excerpt = {"form": "sibling-elements", "synthetic_root": _SYNTHETIC_ROOT, "element": top[0],
                   "count": len(top)}  # fmt: skip
        source = f"<{_SYNTHETIC_ROOT}>{body}</{_SYNTHETIC_ROOT}>".encode()
    else:
        not_containers = [name for name in open_elements if name not in _CONTAINERS]
        if top != ["Law"] or not_containers:
            raise DocumentRefused(
                path,
                "document is truncated (unclosed "
                + ", ".join(f"<{name}>" for name in open_elements)
                + "); only a law head cut at a structural element boundary is accepted",
            )
        closers = "".join(f"</{name}>" for name in reversed(open_elements))
        excerpt = {"form": "head", "closed_elements": list(reversed(open_elements))}
        source = (text.rstrip() + "\n" + closers).encode()
    root = parse_xml_bytes(source, path)
    truncated: list[etree._Element] = []
    if excerpt and excerpt["form"] == "head":
        # the last element of each open name along the right edge of the tree was closed synthetically
        node = root
        for _name in open_elements[1:]:
            truncated.append(node)
            node = [c for c in node if isinstance(c.tag, str)][-1]
        truncated.append(node)
    law_id, version = _version_and_law(path)
    if law_id is None:
        law_id = _law_id_from_lawnum(root)
    return EgovDocument(path, root, law_id, version, excerpt, truncated)


def _law_id_from_lawnum(root: etree._Element) -> str | None:
    lawnum = root.findtext(".//LawNum")
    return {EXPORT_ORDER_LAWNUM: EXPORT_ORDER_ID, GOODS_ORDER_LAWNUM: GOODS_ORDER_ID}.get(
        (lawnum or "").strip()
    )


# ---------------------------------------------------------------------------------------------- text

_PRETTY_WHITESPACE = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
_ASCII_SPACE_RUN = re.compile(r"[ \t\r\n]+")
_INLINE_REORDERED = {"Ruby", "Sub", "Sup"}


def _clean(piece: str | None) -> str:
    if not piece:
        return ""
    return _ASCII_SPACE_RUN.sub(" ", _PRETTY_WHITESPACE.sub("", piece))


@dataclass
class SentenceText:
    text: str
    flags: list[str] = field(default_factory=list)
    ruby: list[dict[str, str]] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)
    inline: list[dict[str, str]] = field(default_factory=list)  # Sub/Sup children, in the copy's order


def sentence_text(element: etree._Element) -> SentenceText:
    """The printed text of a Sentence (or any text-bearing element) in the copy's order, Rt excluded."""
    result = SentenceText("")
    pieces: list[str] = []
    inline: set[str] = set()

    def walk(node: etree._Element) -> None:
        pieces.append(_clean(node.text))
        for child in node:
            if not isinstance(child.tag, str):  # comment or processing instruction
                pieces.append(_clean(child.tail))
                continue
            if child.tag == "Rt":
                pieces.append(_clean(child.tail))
                continue
            if child.tag in _INLINE_REORDERED:
                inline.add(child.tag)
            if child.tag == "Ruby":
                result.ruby.append(
                    {"base": _clean(child.text).strip(), "reading": _clean(child.findtext("Rt")).strip()}
                )
            if child.tag in ("Sub", "Sup"):
                result.inline.append({"element": child.tag, "text": _clean(child.text).strip()})
            if child.tag == "ArithFormula":
                result.formulas.append("".join(t.strip() for t in child.itertext()))
                if len(child) or _clean(node.text).strip():
                    inline.add("ArithFormula")
            walk(child)
            pieces.append(_clean(child.tail))

    walk(element)
    result.text = "".join(pieces).strip(" ")
    if inline:
        result.flags.append("inline_order_lost")
    if result.formulas:
        result.flags.append("arith_formula")
    return result


def _join_sentences(elements: list[etree._Element]) -> SentenceText:
    """Several Sentence/Column elements of one node: sentences joined directly, columns with U+3000."""
    merged = SentenceText("")
    parts: list[str] = []
    for element in elements:
        if element.tag == "Column":
            inner = _join_sentences(element.findall("Sentence"))
            parts.append(("\u3000" if parts else "") + inner.text)
            one = inner
        else:
            one = sentence_text(element)
            parts.append(one.text)
        merged.flags += [f for f in one.flags if f not in merged.flags]
        merged.ruby += one.ruby
        merged.formulas += one.formulas
        merged.inline += one.inline
    merged.text = "".join(parts)
    return merged


_PAREN = re.compile(r"（[^（）]*）")


def strip_parentheticals(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _PAREN.sub("", text)
    return text


_SUBJECT_CUT = re.compile(r"であつて|であって|のうち|であり|であるもの|として経済産業省令")
_SUBJECT_LEAD = re.compile(r"^(次のいずれかに該当する|次に掲げる)")


def subject_phrase(text: str) -> str:
    """The goods noun phrase a provision names: parentheticals removed, cut before であつて/のうち."""
    phrase = strip_parentheticals(text)
    match = _SUBJECT_CUT.search(phrase)
    if match:
        phrase = phrase[: match.start()]
    phrase = phrase.strip("、。 \u3000")
    if phrase.startswith("次に掲げる貨物"):
        return ""
    return _SUBJECT_LEAD.sub("", phrase)


def leading_phrase(text: str) -> str:
    """The goods phrase a 省令 provision leads with ("…であって、次の…"), or "" if it has none."""
    return subject_phrase(text) if _SUBJECT_CUT.search(strip_parentheticals(text)) else ""


def _node_attributes(content: SentenceText) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    parameters = extract_quantities(content.text)
    if parameters:
        attributes["parameters"] = parameters
    if content.flags:
        attributes["flags"] = list(content.flags)
    if content.ruby:
        attributes["ruby"] = content.ruby
    if content.formulas:
        attributes["formulas"] = content.formulas
    if content.inline:
        attributes["inline_children"] = content.inline
    return attributes


@cache
def _table1_regimes() -> dict[str, Regime]:
    with open(_DATA / "jp_table1_regimes.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["row"]: Regime(row["regime"]) for row in rows}


def _appdx_title(table: etree._Element) -> str:
    return _clean(table.findtext("AppdxTableTitle")).strip()


# ------------------------------------------------------------------------------------ 別表第一 (table 1)

_T1_ITEM_LABEL = re.compile(
    r"^（(?P<label>[〇一二三四五六七八九十百]+(?:の[〇一二三四五六七八九十百]+)*)）\u3000"
)
_T1_SUBITEM_LABEL = re.compile(r"^(?P<label>[０-９0-9]+(?:の[０-９0-9]+)*)\u3000")
_DELEGATION = "経済産業省令で定める"
_TABLE1_TITLE = "別表第一"


def table1_row_code(numbers: tuple[int, ...]) -> str:
    return f"{label_arabic(numbers)}の項"


def parse_table1_document(document: EgovDocument) -> list[EntryRecord]:
    path = document.path
    tables = [t for t in document.root.iter("AppdxTable") if _appdx_title(t) == _TABLE1_TITLE]
    if len(tables) != 1:
        raise DocumentRefused(path, f"expected one AppdxTable titled {_TABLE1_TITLE}, found {len(tables)}")
    table = tables[0]
    entries: list[EntryRecord] = []
    rows = table.findall("TableStruct/Table/TableRow")
    if not rows:
        raise DocumentRefused(path, f"{_TABLE1_TITLE} has no TableStruct/Table/TableRow")
    headings: list[str] = []
    for row_number, row in enumerate(rows, 1):
        columns = row.findall("TableColumn")
        if not columns:
            raise DocumentRefused(path, f"{_TABLE1_TITLE} row {row_number} has no TableColumn")
        label = _join_sentences(columns[0].findall("Sentence")).text.strip(" \u3000")
        if not label:  # the heading row ("　 / 貨物 / 地域")
            headings = [_join_sentences(c.findall("Sentence")).text for c in columns]
            continue
        if len(columns) < 2:
            raise DocumentRefused(path, f"{_TABLE1_TITLE} row {label} has no goods column")
        try:
            numbers = parse_label(label)
        except ValueError:
            raise DocumentRefused(path, f"{_TABLE1_TITLE} row label {label!r} is not a row number") from None
        entries.extend(_table1_row(document, row_number, numbers, label, columns, headings))
    return entries


def _table1_row(
    document: EgovDocument,
    row_number: int,
    numbers: tuple[int, ...],
    printed_label: str,
    columns: list[etree._Element],
    headings: list[str],
) -> list[EntryRecord]:
    row_code = table1_row_code(numbers)
    row_key = label_key(numbers)
    regime = _table1_regimes().get(row_key)
    location = f"AppdxTable[{_TABLE1_TITLE}]/TableStruct/Table/TableRow[{row_number}]"
    entry = EntryRecord(
        code=row_code, key=row_key, kind=EntryKind.ENTRY, regime=regime, location=location,
        attributes={"label": printed_label, "alt_codes": [f"{printed_label}の項"]},
    )  # fmt: skip
    if len(columns) > 2:
        entry.attributes["regions"] = _join_sentences(columns[2].findall("Sentence")).text
    if headings:
        entry.attributes["column_headings"] = headings
    records = [entry]
    lead: list[str] = []
    current_item: EntryRecord | None = None
    current_sub: EntryRecord | None = None
    for index, sentence in enumerate(columns[1].findall("Sentence"), 1):
        content = sentence_text(sentence)
        sentence_location = f"{location}/TableColumn[2]/Sentence[{index}]"
        item_match = _T1_ITEM_LABEL.match(content.text)
        sub_match = None if item_match else _T1_SUBITEM_LABEL.match(content.text)
        if not item_match and not sub_match:
            target = current_sub or current_item
            if target is None:
                lead.append(content.text)
                entry.attributes.update({k: v for k, v in _node_attributes(content).items()})
            else:  # an unlabelled sentence after a sub-item: printed continuation of that sub-item
                target.text += content.text
                target.attributes.setdefault("continuation_sentences", []).append(index)
            continue
        match = item_match or sub_match
        printed = match.group("label")
        item_numbers = parse_label(printed)
        content.text = content.text[match.end() :]
        attributes = {"label": match.group(0).strip("\u3000"), **_node_attributes(content)}
        reserved = content.text.strip() == "削除"
        if item_match:
            code = f"{row_code}({label_arabic(item_numbers)})"
            key = f"{row_key}.{label_key(item_numbers)}"
            attributes["alt_codes"] = [f"{row_code}({printed})", f"{printed_label}の項（{printed}）"]
            parent = row_key
        else:
            base = current_item or entry
            code = f"{base.code}{label_arabic(item_numbers)}"
            key = f"{base.key}.{label_key(item_numbers)}"
            parent = base.key
        if _DELEGATION in content.text:
            attributes["delegates_to_ministerial_order"] = True
        record = EntryRecord(
            code=code, key=key, kind=EntryKind.ITEM, parent_key=parent,
            title="" if reserved else subject_phrase(content.text),
            text=content.text, reserved=reserved, regime=regime, location=sentence_location,
            attributes=attributes,
        )  # fmt: skip
        records.append(record)
        if item_match:
            current_item, current_sub = record, None
        else:
            current_sub = record
    entry.text = "".join(lead)
    entry.title = subject_phrase(entry.text)
    if _DELEGATION in entry.text:
        entry.attributes["delegates_to_ministerial_order"] = True
    return records


# ----------------------------------------------------------------------------- 貨物等省令 (articles)

_ANSWERS_FOR = re.compile(
    r"別表第一の(?P<row>[〇一二三四五六七八九十]+(?:の[〇一二三四五六七八九十]+)?)の項"
    r"(?:（(?P<item>[〇一二三四五六七八九十]+(?:の[〇一二三四五六七八九十]+)*)）)?"
)
_SUBITEM_TAGS = [f"Subitem{n}" for n in range(1, 11)]
_KNOWN_CHILDREN = {
    "ArticleCaption", "ArticleTitle", "ParagraphNum", "ParagraphCaption", "ParagraphSentence", "ItemTitle",
    "ItemSentence", "List", "Paragraph", "Item", *_SUBITEM_TAGS,
    *(f"{t}Title" for t in _SUBITEM_TAGS), *(f"{t}Sentence" for t in _SUBITEM_TAGS),
}  # fmt: skip


def answers_for(text: str) -> list[dict[str, str]]:
    """Which 別表第一 rows (or row sub-items) a provision says it specifies: "別表第一の七の項" → row "7"."""
    found = []
    for match in _ANSWERS_FOR.finditer(text):
        row = label_key(parse_label(match.group("row")))
        item = {"table": _TABLE1_TITLE, "row": row, "printed": match.group(0)}
        if match.group("item"):
            item["item"] = f"{row}.{label_key(parse_label(match.group('item')))}"
        found.append(item)
    return found


def _branch_suffix(numbers: tuple[int, ...]) -> str:
    return "".join(f"の{n}" for n in numbers[1:])


def article_code(numbers: tuple[int, ...]) -> str:
    return f"{GOODS_ORDER_SHORT}第{numbers[0]}条{_branch_suffix(numbers)}"


def _subitem_segment(title: str, num: str | None) -> tuple[str, str, list[str]]:
    """(code segment, key segment, flags) for a Subitem title: イ / （一） / １ / 一 / ロの二."""
    flags: list[str] = []
    if is_iroha_label(title):
        return iroha_code(title), iroha_key(title), flags
    try:
        if re.fullmatch(r"（.+）", title):
            numbers = parse_label(title)
            return f"({label_arabic(numbers)})", label_key(numbers), flags
        if re.fullmatch(r"[０-９0-9]+(?:の[０-９0-9]+)*", title):
            numbers = parse_label(title)
            return label_arabic(numbers), label_key(numbers), flags
        if title:
            numbers = parse_label(title)
            return title, label_key(numbers), flags
    except ValueError:
        pass
    numbers = parse_label(num or "0")
    flags.append("label_from_num_attribute")
    return f"[{label_arabic(numbers)}]", f"n{label_key(numbers)}", flags


def parse_articles_document(document: EgovDocument) -> list[EntryRecord]:
    articles = list(document.root.iter("Article"))
    if not articles:
        raise DocumentRefused(document.path, "no Article elements in the document")
    entries: list[EntryRecord] = []
    for position, article in enumerate(articles, 1):
        entries.extend(_article(document, article, position))
    return entries


def _article(document: EgovDocument, article: etree._Element, position: int) -> list[EntryRecord]:
    try:
        numbers = parse_label(article.get("Num") or _clean(article.findtext("ArticleTitle")))
    except ValueError:
        raise DocumentRefused(document.path, f"Article {position} has no readable number") from None
    code = article_code(numbers)
    key = f"art{label_key(numbers)}"
    caption = _clean(article.findtext("ArticleCaption")).strip()
    location = f"Article[@Num='{article.get('Num')}']"
    attributes: dict[str, Any] = {"article_title": _clean(article.findtext("ArticleTitle")).strip()}
    if caption:
        attributes["caption"] = caption
    if document.excerpt:
        attributes["excerpt"] = document.excerpt
    record = EntryRecord(code=code, key=key, kind=EntryKind.ENTRY, title=caption, location=location,
                         attributes=attributes)  # fmt: skip
    records = [record]
    paragraphs = article.findall("Paragraph")
    _mark_truncated(document, article, record)
    if len(paragraphs) == 1:
        content = _join_sentences(paragraphs[0].findall("ParagraphSentence/*"))
        record.text = content.text
        record.attributes.update(_node_attributes(content))
        _mark_truncated(document, paragraphs[0], record)
        records += _children(document, paragraphs[0], record, f"{code}", f"{location}/Paragraph[1]")
    else:
        for index, paragraph in enumerate(paragraphs, 1):
            p_numbers = parse_label(paragraph.get("Num") or str(index))
            content = _join_sentences(paragraph.findall("ParagraphSentence/*"))
            p_code = f"{code}第{label_arabic(p_numbers)}項"
            p_record = EntryRecord(
                code=p_code, key=f"{key}.p{label_key(p_numbers)}", kind=EntryKind.ITEM, parent_key=key,
                text=content.text, location=f"{location}/Paragraph[{index}]",
                attributes={"label": _clean(paragraph.findtext("ParagraphNum")).strip(),
                            **_node_attributes(content)},
            )  # fmt: skip
            _mark_truncated(document, paragraph, p_record)
            records.append(p_record)
            records += _children(document, paragraph, p_record, p_code, p_record.location)
    statement = answers_for(record.text)
    if statement:
        record.attributes["answers_for"] = statement
    regime = _regime_for(statement)
    for child in records:
        child.regime = regime
    _unknown_children(article, record)
    return records


def _regime_for(statement: list[dict[str, str]]) -> Regime | None:
    regimes = {_table1_regimes().get(s["row"]) for s in statement}
    return regimes.pop() if len(regimes) == 1 else None


def _mark_truncated(document: EgovDocument, element: etree._Element, record: EntryRecord) -> None:
    if any(element is closed for closed in document.truncated):
        record.attributes["excerpt_truncated"] = True


def _unknown_children(element: etree._Element, record: EntryRecord) -> None:
    other = [
        {"element": child.tag, "text": sentence_text(child).text}
        for child in element
        if isinstance(child.tag, str) and child.tag not in _KNOWN_CHILDREN
    ]
    if other:
        record.attributes.setdefault("other_content", []).extend(other)


def _children(
    document: EgovDocument, element: etree._Element, parent: EntryRecord, parent_code: str, location: str
) -> list[EntryRecord]:
    """Item / Subitem children of `element`, depth first, in document order."""
    records: list[EntryRecord] = []
    child_tag = "Item" if element.tag == "Paragraph" else _next_subitem(element.tag)
    if child_tag is None:
        return records
    for index, child in enumerate(element.findall(child_tag), 1):
        title = _clean(child.findtext(f"{child_tag}Title")).strip()
        flags: list[str] = []
        if child_tag == "Item":
            try:
                numbers = parse_label(title) if title else parse_label(child.get("Num") or "")
            except ValueError:
                numbers = parse_label(child.get("Num") or str(index))
                flags.append("label_from_num_attribute")
            code = f"{parent_code}第{numbers[0]}号{_branch_suffix(numbers)}"
            key = f"{parent.key}.{label_key(numbers)}"
            alt = [
                f"{parent_code}第{label_kanji(numbers[:1])}号{''.join('の' + label_kanji((n,)) for n in numbers[1:])}"
            ]
        else:
            segment, key_segment, flags = _subitem_segment(title, child.get("Num"))
            code = f"{parent_code}{segment}"
            key = f"{parent.key}.{key_segment}"
            alt = [f"{parent_code}{title}"] if title and title != segment else []
        sentences = child.findall(f"{child_tag}Sentence/*") + child.findall("List/ListSentence/Sentence")
        content = _join_sentences(sentences)
        if len(child.findall("List")):
            content.text = " ".join(
                [_join_sentences(child.findall(f"{child_tag}Sentence/*")).text]
                + [_join_sentences(s.findall("*")).text for s in child.findall("List/ListSentence")]
            )
        attributes: dict[str, Any] = {"label": title, **_node_attributes(content)}
        if alt:
            attributes["alt_codes"] = alt
        if flags:
            attributes["flags"] = attributes.get("flags", []) + flags
        child_location = f"{location}/{child_tag}[{index}]"
        record = EntryRecord(
            code=code, key=key, kind=EntryKind.ITEM, parent_key=parent.key, title=leading_phrase(content.text),
            text=content.text, reserved=content.text.strip() == "削除", location=child_location,
            attributes=attributes,
        )  # fmt: skip
        _mark_truncated(document, child, record)
        _unknown_children(child, record)
        records.append(record)
        records += _children(document, child, record, code, child_location)
    return records


def _next_subitem(tag: str) -> str | None:
    if tag == "Item":
        return "Subitem1"
    match = re.fullmatch(r"Subitem(\d+)", tag)
    if match and int(match.group(1)) < 10:
        return f"Subitem{int(match.group(1)) + 1}"
    return None


# --------------------------------------------------------------------------- other appended tables

REFERENCE_TABLES = {  # 別表 title → reference table name; each is a list of countries/regions
    "別表第三": "jp_group_a",
    "別表第三の二": "jp_arms_embargo",
    "別表第四": "jp_table_4",
    "別表第二の四": "jp_table_2_4",
}


@cache
def _exact_aliases() -> dict[str, str]:
    with open(_DATA / "country_aliases.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["name"]: row["alpha2"] for row in rows}


def country_code(name: str) -> str:
    """ISO alpha-2 for a printed (Japanese) country name. countries.iso_code folds names to ASCII, which
    erases Japanese text, so a name with no Latin letter must also match a country_aliases.tsv row exactly."""
    if re.search(r"[A-Za-z]", name):
        return iso_code(name)
    exact = _exact_aliases().get(name)
    if exact is None:
        raise UnknownCountry(f"no ISO 3166 code known for country name {name!r}")
    return exact


def parse_other_tables(document: EgovDocument) -> tuple[list[ListText], list[ReferenceRecord]]:
    texts: list[ListText] = []
    reference: list[ReferenceRecord] = []
    for table in document.root.iter("AppdxTable"):
        title = _appdx_title(table)
        related = _clean(table.findtext("RelatedArticleNum")).strip()
        sentences = [sentence_text(s).text for s in table.iter("Sentence")]
        texts.append(ListText(title=f"{title}{related}", text=" ".join(sentences)))
        name = REFERENCE_TABLES.get(title)
        if name is None:
            continue
        seen: set[str] = set()
        for item in table.findall("Item"):
            for printed in _join_sentences(item.findall("ItemSentence/Sentence")).text.split("、"):
                printed = printed.strip()
                try:
                    alpha2 = country_code(printed)
                except UnknownCountry as error:
                    raise DocumentRefused(document.path, f"{title}: {error}") from None
                if alpha2 in seen:
                    raise DocumentRefused(document.path, f"{title}: {printed} ({alpha2}) listed twice")
                seen.add(alpha2)
                reference.append(ReferenceRecord(table=name, key=alpha2, data={"name_as_printed": printed}))
    return texts, reference


# ----------------------------------------------------------------------------------- descriptors


def _head_text(head: bytes) -> str:
    return head.decode("utf-8", "ignore")


def _law_of(path: Path, head_text: str) -> str | None:
    match = _FILE_NAME.match(path.name)
    if match:
        return match.group("law")
    for lawnum, law_id in ((EXPORT_ORDER_LAWNUM, EXPORT_ORDER_ID), (GOODS_ORDER_LAWNUM, GOODS_ORDER_ID)):
        if f"<LawNum>{lawnum}</LawNum>" in head_text:
            return law_id
    return None


def _first_element(head_text: str) -> str | None:
    match = re.match(r"\s*(?:<\?xml[^>]*\?>\s*)?<([A-Za-z_][\w.\-]*)", head_text.removeprefix("\ufeff"))
    return match.group(1) if match else None


def _first_appdx_title(head_text: str) -> str | None:
    match = re.search(r"<AppdxTableTitle[^>]*>([^<]*)</AppdxTableTitle>", head_text)
    return match.group(1).strip() if match else None


def _recognise_table1(path: Path, head: bytes) -> bool:
    text = _head_text(head)
    first = _first_element(text)
    if _law_of(path, text) != EXPORT_ORDER_ID:
        return False
    return (first == "AppdxTable" and _first_appdx_title(text) == _TABLE1_TITLE) or first == "Law"


def _recognise_other_tables(path: Path, head: bytes) -> bool:
    text = _head_text(head)
    if _law_of(path, text) != EXPORT_ORDER_ID or _first_element(text) != "AppdxTable":
        return False
    title = _first_appdx_title(text)
    return title is not None and title != _TABLE1_TITLE


def _recognise_goods_head(path: Path, head: bytes) -> bool:
    text = _head_text(head)
    return (
        _law_of(path, text) == GOODS_ORDER_ID and _first_element(text) == "Law" and "<ArticleTitle>" in text
    )


def _recognise_goods_articles(path: Path, head: bytes) -> bool:
    text = _head_text(head)
    return _law_of(path, text) == GOODS_ORDER_ID and _first_element(text) == "Article"


def _parsed(descriptor: SourceDescriptor, document: EgovDocument, **lists: Any) -> ParsedList:
    return ParsedList(
        descriptor=descriptor,
        version_date=document.version_date,
        source_path=document.path,
        sha256=file_sha256(document.path),
        **lists,
    )


def _check_law(document: EgovDocument, expected: str) -> None:
    if document.law_id != expected:
        raise DocumentRefused(document.path, f"e-Gov law id {document.law_id!r} is not {expected}")


def _parse_table1(path: Path) -> ParsedList:
    document = load_document(Path(path))
    _check_law(document, EXPORT_ORDER_ID)
    entries = parse_table1_document(document)
    if document.excerpt:
        for entry in entries:
            if entry.parent_key is None:
                entry.attributes["excerpt"] = document.excerpt
    return _parsed(TABLE1, document, entries=entries)


def _parse_other(path: Path) -> ParsedList:
    document = load_document(Path(path))
    _check_law(document, EXPORT_ORDER_ID)
    texts, reference = parse_other_tables(document)
    if document.excerpt:
        texts.append(ListText(title="Source excerpt", text=repr(document.excerpt)))
    return _parsed(OTHER_TABLES, document, texts=texts, reference=reference)


def _goods_parser(descriptor_name: str):
    def parse(path: Path) -> ParsedList:
        document = load_document(Path(path))
        _check_law(document, GOODS_ORDER_ID)
        entries = parse_articles_document(document)
        texts = []
        title = document.root.findtext(".//LawTitle")
        if title:
            texts.append(ListText(title="LawTitle", text=_clean(title).strip()))
        enact = document.root.find(".//EnactStatement")
        if enact is not None:
            texts.append(ListText(title="EnactStatement", text=sentence_text(enact).text))
        return _parsed(globals()[descriptor_name], document, entries=entries, texts=texts)

    return parse


_URL_TABLE = "https://laws.e-gov.go.jp/law/324CO0000000378"
_URL_GOODS = "https://laws.e-gov.go.jp/law/403M50000400049"
_PUBLISHER = "Digital Agency of Japan (e-Gov 法令検索); law by METI"

TABLE1 = SourceDescriptor(
    jurisdiction="jp",
    list_id="export-order-table-1",
    title="輸出貿易管理令 別表第一 (Export Trade Control Order, Appended Table 1)",
    publisher=_PUBLISHER,
    url=_URL_TABLE,
    format=FORMAT,
    licence=LICENCE,
    # both revisions: 17 rows; 297 items (2025-01-23) and 318 items (2026-06-05)
    expected_counts={"entry": (15, 21), "item": (267, 382), "entries": (282, 402)},
    recognise=_recognise_table1,
    parse=_parse_table1,
)
OTHER_TABLES = SourceDescriptor(
    jurisdiction="jp",
    list_id="export-order-other-tables",
    title="輸出貿易管理令 別表第二の四〜第七 (country groups: 別表第三 Group A, 第三の二, 第四)",
    publisher=_PUBLISHER,
    url=_URL_TABLE,
    format=FORMAT,
    licence=LICENCE,
    expected_counts={
        "reference:jp_group_a": (24, 32),
        "reference:jp_arms_embargo": (9, 12),
        "reference:jp_table_4": (3, 4),
        "reference:jp_table_2_4": (9, 12),
    },
    recognise=_recognise_other_tables,
    parse=_parse_other,
    kind=ListKind.REFERENCE,
)
GOODS_ORDER_HEAD = SourceDescriptor(
    jurisdiction="jp",
    # its own list: an excerpt of other articles than GOODS_ORDER_ARTICLES, and a version is one document
    list_id="goods-order-article-1",
    title="貨物等省令 (excerpt: law head and 第一条 to 第十号の三)",
    publisher=_PUBLISHER,
    url=_URL_GOODS,
    format=FORMAT,
    licence=LICENCE,
    expected_counts={"entry": (1, 2), "item": (49, 65), "entries": (50, 66)},  # yields 1 article, 54 items
    recognise=_recognise_goods_head,
    parse=_goods_parser("GOODS_ORDER_HEAD"),
)
GOODS_ORDER_ARTICLES = SourceDescriptor(
    jurisdiction="jp",
    list_id="goods-order",
    title="貨物等省令 (excerpt: 第六条 to 第八条, items 7 to 9 of 別表第一)",
    publisher=_PUBLISHER,
    url=_URL_GOODS,
    format=FORMAT,
    licence=LICENCE,
    expected_counts={"entry": (3, 4), "item": (612, 816), "entries": (615, 820)},  # yields 3, 680 items
    recognise=_recognise_goods_articles,
    parse=_goods_parser("GOODS_ORDER_ARTICLES"),
)

DESCRIPTORS: list[SourceDescriptor] = [TABLE1, OTHER_TABLES, GOODS_ORDER_HEAD, GOODS_ORDER_ARTICLES]


# ------------------------------------------------------------------------------- code → key lookups

_NUM = "0-9０-９〇一二三四五六七八九十百"
_TABLE1_CODE = re.compile(
    f"^(?:輸出令)?(?:別表第[一1]の)?(?P<row>[{_NUM}]+(?:の[{_NUM}]+)?)の?項"
    f"(?:[（(](?P<item>[^）)]+)[）)](?P<sub>[0-9０-９]+(?:の[0-9０-９]+)*)?)?$"
)
_GOODS_CODE = re.compile(
    f"^(?:{GOODS_ORDER_SHORT})?第(?P<art>[{_NUM}]+)条(?P<artb>(?:の[{_NUM}]+)*)"
    f"(?:第(?P<item>[{_NUM}]+)号(?P<itemb>(?:の[{_NUM}]+)*))?(?P<rest>.*)$"
)
_REST_TOKEN = re.compile(
    f"[（(](?P<paren>[^）)]+)[）)]|(?P<kana>[ァ-ヺ](?:の[{_NUM}]+)*)|(?P<digits>[0-9０-９]+(?:の[0-9０-９]+)*)"
    "|(?P<kanji>[〇一二三四五六七八九十]+(?:の[〇一二三四五六七八九十]+)*)"
)


def code_to_key(code: str) -> str:
    """Any printed form of a 別表第一 or 貨物等省令 code → its entry key.

    >>> code_to_key("7の項(十五の三)"), code_to_key("三の二の項"), code_to_key("貨物等省令第6条第1号イ")
    ('7.15-3', '3-2', 'art6.1.i')
    >>> code_to_key("第6条第十六号の三"), code_to_key("2の項(12)1")
    ('art6.16-3', '2.12.1')
    """
    text = re.sub(r"\s", "", code)
    match = _TABLE1_CODE.match(text)
    if match:
        key = label_key(parse_label(match.group("row")))
        if match.group("item"):
            key += "." + label_key(parse_label(match.group("item")))
        if match.group("sub"):
            key += "." + label_key(parse_label(match.group("sub")))
        return key
    match = _GOODS_CODE.match(text)
    if not match:
        raise ValueError(f"not a 別表第一 or {GOODS_ORDER_SHORT} code: {code!r}")
    article = parse_label(match.group("art") + match.group("artb"))
    key = f"art{label_key(article)}"
    if match.group("item"):
        key += "." + label_key(parse_label(match.group("item") + match.group("itemb")))
    rest = match.group("rest")
    position = 0
    while position < len(rest):
        token = _REST_TOKEN.match(rest, position)
        if not token:
            raise ValueError(f"cannot read {rest[position:]!r} in code {code!r}")
        if token.group("kana"):
            key += "." + iroha_key(token.group("kana"))
        else:
            key += "." + label_key(parse_label(token.group(0)))
        position = token.end()
    return key

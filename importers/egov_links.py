"""Link 輸出令 別表第一 sub-items to the 貨物等省令 provisions that specify them.

`link_lists(table1, goods_order)` takes the ParsedList of 別表第一 and one or more ParsedLists of the
貨物等省令 (the corpus holds it as separate excerpts) and writes, on both sides:

- attributes["specified_by"] on 別表 entries/items: [{"key": "art6.1", "code": ..., "method": ..., "confidence": ...}]
- attributes["specifies"] on 省令 articles and 号: [{"key": "7.1", "code": ..., "method": ..., "confidence": ...}]

Methods, from surest to weakest:
- "article-item-number": the article says which row it answers for ("輸出令別表第一の七の項の経済産業省令で
  定める仕様のもの…"); article ↔ row. The usual rule (article n ↔ row n+1) is only a fallback,
  "article-number-offset", for an article whose text states nothing.
- "whole-row": the row has no sub-items (8の項), so every 号 of its article specifies the row itself.
- "named-subject": the 号's goods noun phrase names the sub-item's goods (parentheticals removed, the phrase
  cut before であって/のうち, coordinated parts compared; 又は/若しくは/、 split the parts). The score mixes
  the best part match (same words, or the same head noun), how much of the sub-item's phrase is named,
  and whole-phrase character-bigram similarity; it must be >= SURE and ahead of the runner-up by a margin.
- "named-subject-enumeration": the 号 names, in separate coordinated parts, the whole goods phrase of two
  or more sub-items (第8条第1号: 伝送通信装置、電子式交換装置、…).
- "named-subject-synonym": the same, after the term groups of data/jp_term_synonyms.tsv.
- "cross-reference": the 号 says "前号"/"前二号…" ("the preceding N 号"), so it specifies what those do.
- "named-subject-in-order": a weaker name match accepted only between the sub-items of the nearest
  surely-linked 号 before and after it (sub-items and 号 are in the same order except where they are not).
- "document-order": no name matches; linked to the sub-item of the nearest surely-linked 号 before it.
Sub-item and 号 numbers are never compared with each other: they do not line up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from importers.egov_xml import answers_for, code_to_key, strip_parentheticals, subject_phrase
from importers.records import EntryKind, EntryRecord, ParsedList

_DATA = Path(__file__).with_name("data")
SURE = 0.6  # a name match at or above this, clearly ahead of the runner-up, anchors the order
_MARGIN = 0.1
_WEAK = 0.3


@dataclass
class Link:
    table_key: str  # 別表第一 entry/item key: "7", "7.1"
    provision_key: str  # 貨物等省令 key: "art6", "art6.1"
    method: str
    confidence: float
    table_code: str = ""
    provision_code: str = ""


@cache
def _synonyms() -> dict[str, str]:
    canonical: dict[str, str] = {}
    with open(_DATA / "jp_term_synonyms.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or line.strip() in ("", "terms"):
                continue
            terms = [t.strip() for t in line.split("\t") if t.strip()]
            for term in terms:
                canonical[term] = terms[0]
    return canonical


_SPLIT = re.compile(r"、|又は|若しくは|及び|並びに")
_GENERIC = re.compile(r"^(その|これらの|これの|それらの)?(部分品|附属品|附属装置|制御装置|部品)$")
_GENERIC_HEADS = {"装置", "機器", "部品", "材料", "物質", "もの", "貨物", "基板", "製品"}
_NOISE = re.compile(r"[\s\u3000・]")
_DESIGNED = re.compile(r"(?:に|するように|できるように)(?:特に)?(?:設計|改造)(?:した|された)")


def _parts(phrase: str) -> list[str]:
    """Coordinated noun parts of a goods phrase, without generic 部分品/附属品 parts and particles の."""
    text = _DESIGNED.sub("", unicodedata.normalize("NFKC", phrase))
    parts = [_NOISE.sub("", p) for p in _SPLIT.split(text)]
    parts = [p if _GENERIC.match(p) else p.replace("の", "") for p in parts]
    return [p for p in parts if len(p) >= 2 and not _GENERIC.match(p)]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _part_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if long.endswith(short) and short not in _GENERIC_HEADS:  # same head noun: "セル" / "一次セル"
        return 0.6 + 0.4 * len(short) / len(long)
    return _dice(a, b)


def _apply_synonyms(phrase: str) -> str:
    for term, canonical in _synonyms().items():
        phrase = phrase.replace(term, canonical)
    return phrase


_PURPOSE_HEAD = re.compile(
    r"(?:(?:設計|製造|試験|測定|開発|組立|検査|校正)用|製造に用いられる)(?:装置|機械|工具|設備)$"
    r"|^(?:試験|測定|検査|校正)装置$"
)


def _is_equipment_for(parts: list[str]) -> bool:
    """The phrase's head (its last part) is equipment for designing/making/testing something else."""
    return bool(parts) and bool(_PURPOSE_HEAD.search(parts[-1]))


def name_score(provision_phrase: str, table_phrase: str, *, synonyms: bool = False) -> float:
    """How well two goods phrases name the same goods, 0..1. Goods named only as the object of
    "…の設計用の装置" / "…試験装置" are not those goods: a mismatch of that head scores x0.5."""
    if synonyms:
        provision_phrase, table_phrase = _apply_synonyms(provision_phrase), _apply_synonyms(table_phrase)
    a, b = _parts(provision_phrase), _parts(table_phrase)
    if not a or not b:
        return 0.0
    best_part = max(_part_similarity(x, y) for x in a for y in b)
    covered = sum(max(_part_similarity(x, y) for x in a) for y in b) / len(b)
    whole = _dice("".join(a), "".join(b))
    score = max(0.5 * best_part + 0.3 * covered + 0.2 * whole, whole)
    if _is_equipment_for(a) != _is_equipment_for(b):
        score *= 0.5
    return round(score, 3)


def covering_parts(provision_phrase: str, table_phrase: str) -> set[int] | None:
    """The provision's parts that name the sub-item's parts, if every part of the sub-item is named."""
    a, b = _parts(provision_phrase), _parts(table_phrase)
    used: set[int] = set()
    for y in b:
        best = max(range(len(a)), key=lambda i: _part_similarity(a[i], y), default=None)
        if best is None or _part_similarity(a[best], y) < 0.9:
            return None
        used.add(best)
    return used or None


def _provision_phrase(entry: EntryRecord) -> str:
    return subject_phrase(entry.text) or strip_parentheticals(entry.text)


def _children_of(entries: list[EntryRecord], parent_key: str) -> list[EntryRecord]:
    return [e for e in entries if e.parent_key == parent_key]


def _goods_provisions(entries: list[EntryRecord], article: EntryRecord) -> list[EntryRecord]:
    """The 号 of an article (through its paragraphs when it has several)."""
    direct = _children_of(entries, article.key)
    if direct and all(e.key.startswith(f"{article.key}.p") for e in direct):
        return [g for p in direct for g in _children_of(entries, p.key)]
    return direct


_PRECEDING = re.compile(r"^前(?P<n>[二三四五六七八九]?)号(?:のいずれか)?に該当する")


def _match_row(row: EntryRecord, items: list[EntryRecord], provisions: list[EntryRecord]) -> list[Link]:
    links: list[Link] = []
    candidates = [i for i in items if not i.reserved]
    goods = [p for p in provisions if not p.reserved]
    if not candidates:
        return [Link(row.key, p.key, "whole-row", 0.95) for p in goods]
    targets: dict[
        str, list[tuple[int, float, str]]
    ] = {}  # provision key -> [(candidate index, score, method)]
    scores: dict[str, list[float]] = {}
    for provision in goods:
        phrase = _provision_phrase(provision)
        plain = [name_score(phrase, subject_phrase(c.text) or c.text) for c in candidates]
        synonym = [name_score(phrase, subject_phrase(c.text) or c.text, synonyms=True) for c in candidates]
        scores[provision.key] = plain
        ranked = sorted(range(len(candidates)), key=lambda i: plain[i], reverse=True)
        best = ranked[0]
        runner_up = plain[ranked[1]] if len(ranked) > 1 else 0.0
        # a 号 that enumerates several sub-items' goods whole ("伝送通信装置、電子式交換装置、…")
        chosen: list[int] = []
        taken: set[int] = set()
        for i in ranked:
            parts = covering_parts(phrase, subject_phrase(candidates[i].text) or candidates[i].text)
            if parts and not parts & taken:
                chosen.append(i)
                taken |= parts
        if len(chosen) >= 2:
            targets[provision.key] = [(i, plain[i], "named-subject-enumeration") for i in sorted(chosen)]
            continue
        if plain[best] >= SURE and plain[best] - runner_up >= _MARGIN:
            targets[provision.key] = [(best, plain[best], "named-subject")]
            continue
        s_best = max(range(len(candidates)), key=lambda i: synonym[i])
        s_runner = max((synonym[i] for i in range(len(candidates)) if i != s_best), default=0.0)
        if (
            synonym[s_best] > plain[best]
            and synonym[s_best] >= SURE
            and synonym[s_best] - s_runner >= _MARGIN
        ):
            targets[provision.key] = [(s_best, round(synonym[s_best] * 0.9, 3), "named-subject-synonym")]
    # second pass: the rest, in document order, between the nearest anchored neighbours
    for index, provision in enumerate(goods):
        if provision.key in targets:
            continue
        preceding = _PRECEDING.match(provision.text)
        if preceding:
            count = {"": 1}.get(preceding.group("n")) or "一二三四五六七八九".index(preceding.group("n")) + 1
            referred = [t for g in goods[max(0, index - count) : index] for t in targets.get(g.key, [])]
            if referred:
                seen = sorted({t[0] for t in referred})
                targets[provision.key] = [(i, 0.7, "cross-reference") for i in seen]
                continue
        before = next((targets[g.key] for g in reversed(goods[:index]) if g.key in targets), None)
        after = next((targets[g.key] for g in goods[index + 1 :] if g.key in targets), None)
        low = min(t[0] for t in before) if before else 0
        high = max(t[0] for t in after) if after else len(candidates) - 1
        low, high = min(low, high), max(low, high)
        window = range(low, high + 1)
        plain = scores[provision.key]
        best = max(window, key=lambda i: plain[i])
        if plain[best] >= _WEAK:
            targets[provision.key] = [(best, round(0.3 + 0.5 * plain[best], 3), "named-subject-in-order")]
        elif before:
            targets[provision.key] = [(max(t[0] for t in before), 0.3, "document-order")]
        else:
            targets[provision.key] = [(low, 0.2, "document-order")]
    for provision in goods:
        for candidate_index, confidence, method in targets.get(provision.key, []):
            links.append(Link(candidates[candidate_index].key, provision.key, method, confidence))
    return links


def _as_lists(goods_order: ParsedList | Iterable[ParsedList]) -> list[ParsedList]:
    return [goods_order] if isinstance(goods_order, ParsedList) else list(goods_order)


def link_lists(table1: ParsedList, goods_order: ParsedList | Iterable[ParsedList]) -> list[Link]:
    """Link 別表第一 and the 貨物等省令 (one or more excerpts); writes attributes on both; returns the links."""
    goods_lists = _as_lists(goods_order)
    table_entries = {e.key: e for e in table1.entries}
    goods_entries = {e.key: e for g in goods_lists for e in g.entries}
    for entry in [*table_entries.values(), *goods_entries.values()]:
        entry.attributes.pop("specified_by", None)
        entry.attributes.pop("specifies", None)
    links: list[Link] = []
    for goods in goods_lists:
        for article in (e for e in goods.entries if e.kind == EntryKind.ENTRY):
            statement = article.attributes.get("answers_for") or answers_for(article.text)
            method, confidence = "article-item-number", 1.0
            if not statement:
                number = re.fullmatch(r"art(\d+)", article.key)
                if not number or str(int(number.group(1)) + 1) not in table_entries:
                    continue
                statement = [{"row": str(int(number.group(1)) + 1)}]
                method, confidence = "article-number-offset", 0.5
            for said in statement:
                target = table_entries.get(said.get("item") or said["row"])
                if target is None:
                    continue
                links.append(Link(target.key, article.key, method, confidence))
                items = [e for e in table1.entries if e.parent_key == target.key]
                links += _match_row(target, items, _goods_provisions(goods.entries, article))
    for link in links:
        table_entry, provision = table_entries[link.table_key], goods_entries[link.provision_key]
        link.table_code, link.provision_code = table_entry.code, provision.code
        table_entry.attributes.setdefault("specified_by", []).append(
            {
                "key": provision.key,
                "code": provision.code,
                "method": link.method,
                "confidence": link.confidence,
            }
        )
        provision.attributes.setdefault("specifies", []).append(
            {"key": table_entry.key, "code": table_entry.code, "method": link.method,
             "confidence": link.confidence}
        )  # fmt: skip
    return links


def lookup(code: str, table1: ParsedList, goods_order: ParsedList | Iterable[ParsedList]) -> dict:
    """Find a 別表 item or 省令 provision by any printed code form ("7の項(十五の三)", "第6条第十六号の三",
    "貨物等省令第6条第1号イ") and return it with its links (run link_lists first)."""
    key = code_to_key(code)
    for parsed in [table1, *_as_lists(goods_order)]:
        for entry in parsed.entries:
            if entry.key == key:
                links = entry.attributes.get("specified_by") or entry.attributes.get("specifies") or []
                return {"list_id": parsed.descriptor.list_id, "entry": entry, "links": links}
    raise KeyError(f"no entry {code!r} (key {key!r})")


def link_parsed(parsed_lists: list[ParsedList]) -> list[Link]:
    """Link every 別表第一 version among `parsed_lists` to the 貨物等省令 excerpts among them (in place).

    Called by the import job once all documents of a run are parsed, before any is written."""
    tables = [
        p
        for p in parsed_lists
        if p.descriptor.jurisdiction == "jp" and p.descriptor.list_id == "export-order-table-1"
    ]
    goods = [
        p
        for p in parsed_lists
        if p.descriptor.jurisdiction == "jp" and p.descriptor.list_id.startswith("goods-order")
    ]
    links: list[Link] = []
    if goods:
        for table in tables:
            links += link_lists(table, goods)
    return links

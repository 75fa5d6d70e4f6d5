"""The crosswalk: for every entry of every list, what corresponds to it in every other jurisdiction's list.

`compute_crosswalk(lists, curated)` runs once per import (not per request) and returns mappings in both
directions. Methods, in order of trust:

1. **code** — lists that share the Wassenaar numbering (EU, UK, US, Australia, Wassenaar's own
   `3.A.1.a` = `3A001.a`) are joined on the code; the two texts are then compared, so "same code,
   different content" (edition lag such as Wassenaar 2025's "Not used since 2025", national edits,
   different thresholds) comes out `close` with the differences in the evidence, and editorial
   differences (spelling, quotes, separators) stay `exact`.
2. **text / parameters** — entries left over on both sides (national additions adopted under different
   numbers, e.g. EU 3A501.a.15 and US 3A901.a, or sub-items labelled differently) are paired by text
   similarity and parameter fingerprints within the same product group.
3. **parameters + order** (Japan) — the 貨物等省令 follows the Wassenaar order within a category, with
   splits and merges; its items are aligned to the list by a maximum-weight monotone chain over
   parameter-fingerprint matches, gaps of equal shape between anchors are paired by order, and each
   Japanese node is then mapped to the smallest set of list nodes that its matches cover. The 輸出令
   別表第一 rows are linked to the 省令 items that specify them (number and name) and inherit their
   mappings.
4. **no_counterpart** where it is decidable: an entry of a list that shares the numbering whose code
   the other list lacks (national entries such as UK PL9xxx or US 600-series against the EU list; the
   nuclear Category 0 against Wassenaar). Unmatched Japanese items are not declared national.
5. **transitive** — exact matches (and only exact ones) are chained where no direct mapping exists.
6. **curated** — reviewed SSSOM files override whatever was computed for the same pair.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from mappings.compare import (
    Comparison,
    compare_entries,
    normalise_words,
    quick_similarity,
    text_similarity,
    word_bag,
)
from mappings.model import EntryView, Mapping, Method, Relation
from mappings.parameters import (
    Parameter,
    entry_text_for_parameters,
    extract_parameters,
    guess_decimal_comma,
    match_key,
)

ListRef = tuple[str, str]
MAPPED_KINDS = frozenset({"entry", "item"})
_DATA = Path(__file__).with_name("data")

# ------------------------------------------------------------------------------------------ codes

_WA_STYLE = re.compile(r"^(\d)\s*\.?\s*([A-Za-z])\s*\.?\s*(\d{1,3})((?:\s*\.\s*[A-Za-z0-9]+)*)\s*\.?$")
_ML_STYLE = re.compile(r"^ML\s*(\d{1,3})((?:\.[A-Za-z0-9]+)*)\.?$", re.IGNORECASE)
_PL_STYLE = re.compile(r"^PL\s*(\d{4})((?:\.[A-Za-z0-9]+)*)\.?$", re.IGNORECASE)


def canonical_code(code: str) -> str | None:
    """The shared Wassenaar-style form, lower-cased: "3.A.1.a.5" and "3A001.a.5" → "3a001.a.5";
    "ML8.a.1" → "ml8.a.1"; "PL9001" → "pl9001"; None for numbering that is not shared (Japan)."""
    code = (code or "").strip()
    match = _WA_STYLE.match(code)
    if match:
        digit, letter, number, rest = match.groups()
        rest = re.sub(r"\s+", "", rest or "")
        return f"{digit}{letter.lower()}{int(number):03d}{rest.lower()}"
    match = _ML_STYLE.match(code)
    if match:
        return f"ml{int(match.group(1))}{(match.group(2) or '').lower()}"
    match = _PL_STYLE.match(code)
    if match:
        return f"pl{match.group(1)}{(match.group(2) or '').lower()}"
    return None


def view_canonical_code(view: Any) -> str | None:
    attributes = getattr(view, "attributes", None) or {}
    for candidate in (attributes.get("eu_code"), getattr(view, "code", None)):
        if candidate:
            canon = canonical_code(str(candidate))
            if canon:
                return canon
    return None


def _path_key(canon: str) -> tuple[tuple[int, Any], ...]:
    """Natural sort key of a canonical code: "3a001.a.10" after "3a001.a.9"."""
    parts = canon.split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


# ------------------------------------------------------------------------------------------ nodes


@dataclass(eq=False)
class _Node:
    view: Any
    ref: ListRef
    order: int
    canon: str | None
    top: str | None  # the five-character entry ("3a001"), "ml8", "pl9001"
    group: str | None  # "3a", "ml", "pl"
    series: str | None  # "cat3", "ml", "pl"
    digit: str | None  # first digit of the three-digit entry number
    national: bool
    params: list[Parameter]
    keys: frozenset[tuple[str, float]]
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    depth: int = 0

    @property
    def key(self) -> str:
        return self.view.key

    @property
    def code(self) -> str:
        return self.view.code

    @property
    def reserved(self) -> bool:
        return bool(self.view.reserved)

    _words: tuple[str, ...] | None = None
    _bag: dict[str, int] | None = None

    def words(self, decimal_comma: bool) -> tuple[str, ...]:
        if self._words is None:
            self._words = normalise_words(entry_text_for_parameters(self.view), decimal_comma)
        return self._words

    def bag(self, decimal_comma: bool) -> dict[str, int]:
        if self._bag is None:
            self._bag = word_bag(self.words(decimal_comma))
        return self._bag

    def ancestors(self) -> Iterable[_Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def descendants(self) -> Iterable[_Node]:
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class _ListIndex:
    ref: ListRef
    nodes: list[_Node]
    by_key: dict[str, _Node]
    by_canon: dict[str, _Node]
    decimal_comma: bool
    coded: bool
    tops: set[str]
    series: set[str]
    japanese: bool

    @property
    def jurisdiction(self) -> str:
        return self.ref[0]


def _index_list(ref: ListRef, views: list[Any]) -> _ListIndex:
    mapped = [v for v in views if str(getattr(v, "kind", "")).lower() in MAPPED_KINDS]
    sample = [entry_text_for_parameters(v) for v in mapped[:4000]]
    japanese = (
        sum(1 for t in sample[:500] if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t or ""))
        > len(sample[:500]) // 2
    )
    decimal_comma = False if japanese else guess_decimal_comma(sample)
    parent_of = {v.key: v.parent_key for v in views}
    nodes: list[_Node] = []
    by_key: dict[str, _Node] = {}
    by_canon: dict[str, _Node] = {}
    seen_canon: set[str] = set()
    for order, view in enumerate(mapped):
        canon = view_canonical_code(view)
        if canon and canon in seen_canon:
            continue  # a repeat by reference (Wassenaar's Sensitive List): the first occurrence stands for it
        if canon:
            seen_canon.add(canon)
        top = group = series = digit = None
        national = str(getattr(view, "regime", "") or "").lower() == "national"
        if canon:
            top = canon.split(".")[0]
            if top.startswith("ml"):
                group, series = "ml", "ml"
            elif top.startswith("pl"):
                group, series, national = "pl", "pl", True
            else:
                group, series, digit = top[:2], f"cat{top[0]}", top[2]
                national = national or digit in "56789"
        params = extract_parameters(entry_text_for_parameters(view), decimal_comma=decimal_comma)
        node = _Node(
            view=view,
            ref=ref,
            order=order,
            canon=canon,
            top=top,
            group=group,
            series=series,
            digit=digit,
            national=national,
            params=params,
            keys=frozenset(match_key(p) for p in params),
        )
        nodes.append(node)
        by_key[view.key] = node
        if canon and canon not in by_canon:
            by_canon[canon] = node
    for node in nodes:
        parent_key = node.view.parent_key
        while parent_key and parent_key not in by_key and parent_key in parent_of:
            parent_key = parent_of[parent_key]  # a note or section between: climb to the mapped ancestor
        parent = by_key.get(parent_key) if parent_key else None
        if parent is not None:
            node.parent = parent
            parent.children.append(node)
    for node in nodes:
        node.depth = sum(1 for _ in node.ancestors())
    coded = bool(nodes) and sum(1 for n in nodes if n.canon) >= 0.5 * len(nodes)
    return _ListIndex(
        ref=ref,
        nodes=nodes,
        by_key=by_key,
        by_canon=by_canon,
        decimal_comma=decimal_comma,
        coded=coded,
        tops={n.top for n in nodes if n.top},
        series={n.series for n in nodes if n.series},
        japanese=japanese,
    )


# ---------------------------------------------------------------------------------------- results


class _Results:
    """Mappings keyed by (subject list, subject key, object list, object key); later writers may replace."""

    def __init__(self) -> None:
        self.rows: dict[tuple[ListRef, str, ListRef, str | None], Mapping] = {}

    @staticmethod
    def key_of(m: Mapping) -> tuple[ListRef, str, ListRef, str | None]:
        return (
            (m.subject_jurisdiction, m.subject_list),
            m.subject_key,
            (m.object_jurisdiction, m.object_list),
            m.object_key,
        )

    def add(self, mapping: Mapping, *, replace: bool = False) -> None:
        key = self.key_of(mapping)
        current = self.rows.get(key)
        if current is None or replace or mapping.confidence > current.confidence:
            self.rows[key] = mapping

    def add_both(self, mapping: Mapping, *, replace: bool = False) -> None:
        self.add(mapping, replace=replace)
        if mapping.object_key is not None:
            self.add(mapping.inverted(), replace=replace)

    def for_subject_list(self, subject: ListRef, subject_key: str, obj: ListRef) -> list[Mapping]:
        return [m for k, m in self.rows.items() if k[0] == subject and k[1] == subject_key and k[2] == obj]


def _mapping(a: _Node, b: _Node | None, relation: Relation, confidence: float, method: str,
             evidence: dict[str, Any], *, other: ListRef | None = None) -> Mapping:  # fmt: skip
    obj_ref = b.ref if b is not None else other
    assert obj_ref is not None
    return Mapping(
        subject_jurisdiction=a.ref[0],
        subject_list=a.ref[1],
        subject_key=a.key,
        subject_code=a.code,
        object_jurisdiction=obj_ref[0],
        object_list=obj_ref[1],
        object_key=b.key if b is not None else None,
        object_code=b.code if b is not None else None,
        relation=relation,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        method=str(method),
        evidence=evidence,
        subject_label=_label(a.view),
        object_label=_label(b.view) if b is not None else "",
    )


def _label(view: Any) -> str:
    text = (getattr(view, "title", "") or getattr(view, "text", "") or "").strip()
    return text if len(text) <= 120 else text[:117] + "..."


# ------------------------------------------------------------------------------- same-code pairs


def _comparison_evidence(cmp: Comparison, a: _Node, b: _Node) -> dict[str, Any]:
    evidence: dict[str, Any] = {
        "matched_codes": {"subject": a.code, "object": b.code},
        "status": cmp.status,
        "text_similarity": cmp.text_similarity,
    }
    if cmp.text_diff:
        evidence["text_diff"] = cmp.text_diff
    if cmp.parameters:
        pairs = cmp.parameters if len(cmp.parameters) <= 6 else cmp.threshold_changes
        evidence["parameters"] = [
            {"quantity": p.quantity, "unit": p.unit, "status": p.status, "a": p.a, "b": p.b} for p in pairs
        ]
        evidence["parameters_equal"] = cmp.parameters_equal
    if cmp.reserved_a or cmp.reserved_b:
        evidence["reserved"] = {"a": cmp.reserved_a, "b": cmp.reserved_b}
    if cmp.notes:
        evidence["notes"] = cmp.notes
    return evidence


def _relation_for(cmp: Comparison, a: _Node, b: _Node) -> tuple[Relation, float]:
    """exact when nothing but editorial wording differs; close when content differs.

    A threshold both texts print with different values is a difference; one printed on one side only
    counts when the texts also differ (with near-identical texts it is an extraction artefact, such as a
    bare number read from a cross-reference).
    """
    if cmp.reserved_a and cmp.reserved_b:
        return Relation.EXACT, 0.95
    if cmp.reserved_a != cmp.reserved_b:
        return Relation.CLOSE, 0.9
    different = [p for p in cmp.parameters if p.status == "different"]
    one_sided = [p for p in cmp.parameters if p.status.startswith("only_in") and p.unit != "1"]
    if different and not all(p.unit == "1" for p in different):
        return Relation.CLOSE, 0.9
    if (different or one_sided) and cmp.text_similarity < 0.9:
        return Relation.CLOSE, 0.85
    if cmp.same_text:
        return Relation.EXACT, 1.0
    container = bool(a.children) or bool(b.children)
    if cmp.text_similarity >= 0.75:
        return Relation.EXACT, 0.95
    if container and cmp.text_similarity >= 0.4:
        return Relation.EXACT, 0.85
    if len(a.words(False)) <= 4 or len(b.words(False)) <= 4:
        return Relation.EXACT, 0.8  # a bare heading ("Systems", "Equipment") says too little to differ
    return Relation.CLOSE, 0.8


def _compare(a: _Node, b: _Node, la: _ListIndex, lb: _ListIndex) -> Comparison:
    return compare_entries(
        a.view,
        b.view,
        parameters_a=a.params,
        parameters_b=b.params,
        decimal_comma_a=la.decimal_comma,
        decimal_comma_b=lb.decimal_comma,
    )


def _pair_coded(la: _ListIndex, lb: _ListIndex, results: _Results) -> None:
    matched_a: set[int] = set()
    matched_b: set[int] = set()
    pairs: dict[int, _Node] = {}
    for a in la.nodes:
        if a.canon is None:
            continue
        b = lb.by_canon.get(a.canon)
        if b is None:
            continue
        cmp = _compare(a, b, la, lb)
        # national numbers may collide across jurisdictions: the same code must also say the same
        if (
            a.national
            and b.national
            and not (a.reserved or b.reserved)
            and cmp.text_similarity < 0.3
            and not (a.keys & b.keys)
            and not cmp.same_text
        ):
            continue
        relation, confidence = _relation_for(cmp, a, b)
        evidence = _comparison_evidence(cmp, a, b)
        results.add_both(_mapping(a, b, relation, confidence, Method.CODE, evidence))
        matched_a.add(id(a))
        matched_b.add(id(b))
        pairs[id(a)] = b
    rescued = _rescue(la, lb, matched_a, matched_b)
    for a, b, score, cmp in rescued:
        relation, confidence = _relation_for(cmp, a, b)
        evidence = _comparison_evidence(cmp, a, b)
        evidence["score"] = round(score, 3)
        evidence["reason"] = "codes differ; matched by text similarity and parameters within " + (
            a.group or ""
        )
        method = Method.TEXT if not (a.keys & b.keys) else Method.PARAMETERS
        results.add_both(_mapping(a, b, relation, min(confidence, score), method, evidence))
        matched_a.add(id(a))
        matched_b.add(id(b))
        pairs[id(a)] = b
    reverse_pairs: dict[int, _Node] = {}
    for a in la.nodes:
        if id(a) in pairs:
            reverse_pairs[id(pairs[id(a)])] = a
    matched_a |= _lift(la, lb, pairs, matched_a, results)
    matched_b |= _lift(lb, la, reverse_pairs, matched_b, results)
    for own, other, matched in ((la, lb, matched_a), (lb, la, matched_b)):
        _no_counterparts(own, other, matched, results)


def _param_dice(a: _Node, b: _Node) -> float:
    if not a.keys and not b.keys:
        return 0.0
    return 2.0 * len(a.keys & b.keys) / (len(a.keys) + len(b.keys))


def _rescue(la: _ListIndex, lb: _ListIndex, matched_a: set[int], matched_b: set[int]
            ) -> list[tuple[_Node, _Node, float, Comparison]]:  # fmt: skip
    """Leftovers on both sides, same product group: pair them by text and parameters, best first.

    Leaves first; a heading ("Parametric signal amplifiers having all of the following") joins only
    when one of its children was paired with one of the other heading's children.
    """
    free_b: dict[str, list[_Node]] = defaultdict(list)
    for b in lb.nodes:
        if id(b) not in matched_b and b.group and not b.reserved and b.words(lb.decimal_comma):
            free_b[b.group].append(b)
    candidates: list[tuple[float, int, int, _Node, _Node]] = []
    for a in la.nodes:
        if id(a) in matched_a or not a.group or a.reserved:
            continue
        words_a = a.words(la.decimal_comma)
        if not words_a:
            continue
        bag_a = a.bag(la.decimal_comma)
        for b in free_b.get(a.group, ()):
            words_b = b.words(lb.decimal_comma)
            if quick_similarity(words_a, words_b, bag_a, b.bag(lb.decimal_comma)) < 0.6:
                continue
            similarity = text_similarity(words_a, words_b)
            score = 0.75 * similarity + 0.25 * _param_dice(a, b) if (a.keys or b.keys) else similarity
            if bool(a.children) != bool(b.children):
                score -= 0.1
            if score >= 0.8:
                candidates.append((score, a.order, b.order, a, b))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    partner: dict[int, _Node] = {}
    out = []

    def take(a: _Node, b: _Node, score: float) -> None:
        partner[id(a)] = b
        partner[id(b)] = a
        out.append((a, b, score, _compare(a, b, la, lb)))

    for score, _, _, a, b in candidates:  # leaves
        if a.children or b.children or id(a) in partner or id(b) in partner:
            continue
        if min(len(a.words(la.decimal_comma)), len(b.words(lb.decimal_comma))) < 4 and score < 0.99:
            continue
        take(a, b, score)
    for _ in range(4):  # headings, from the bottom up
        progressed = False
        for score, _, _, a, b in candidates:
            if not (a.children or b.children) or id(a) in partner or id(b) in partner:
                continue
            b_children = {id(c) for c in b.children}
            if any(id(partner.get(id(c))) in b_children for c in a.children if id(c) in partner):
                take(a, b, score)
                progressed = True
        if not progressed:
            break
    return out


def _lift(la: _ListIndex, lb: _ListIndex, pairs: dict[int, _Node], matched_a: set[int],
          results: _Results) -> set[int]:  # fmt: skip
    """Unpaired headings whose descendants were paired: map them to where those partners meet."""
    lifted: set[int] = set()
    for a in la.nodes:
        if id(a) in matched_a or not a.children or a.canon is None:
            continue
        partners = [pairs[id(d)] for d in a.descendants() if id(d) in pairs]
        if not partners:
            continue
        common = None
        for b in partners:
            chain = [b, *b.ancestors()]
            common = chain if common is None else [n for n in common if any(n is m for m in chain)]
        if not common:
            continue
        target = common[0]
        if str(target.view.kind).lower() not in MAPPED_KINDS:
            continue
        both_entries = str(a.view.kind).lower() == "entry" and str(target.view.kind).lower() == "entry"
        relation = Relation.CLOSE if both_entries else Relation.RELATED
        evidence = {
            "reason": "descendants correspond",
            "matched_descendants": [{"subject": d.code, "object": pairs[id(d)].code}
                                    for d in a.descendants() if id(d) in pairs][:12],
        }  # fmt: skip
        results.add_both(_mapping(a, target, relation, 0.6, Method.TEXT, evidence))
        lifted.add(id(a))
    return lifted


def _no_counterparts(own: _ListIndex, other: _ListIndex, matched: set[int], results: _Results) -> None:
    if not other.coded:
        return
    for node in own.nodes:
        if id(node) in matched or node.canon is None or node.reserved:
            continue
        if node.series not in other.series:
            reason = f"{other.ref[0].upper()} {other.ref[1]} has no {node.series} entries at all"
            confidence, method = 0.7, Method.SCOPE
        elif node.top not in other.tops:
            reason = f"{other.ref[0].upper()} {other.ref[1]} has no entry {node.top.upper()}"
            confidence, method = (0.9 if node.national else 0.8), Method.CODE
        else:
            reason = f"entry {node.top.upper()} exists in both, but not item {node.code}"
            confidence, method = 0.6, Method.CODE
        evidence = {
            "reason": reason,
            "code": node.code,
            "national": node.national,
            "entry_absent": node.top not in other.tops,
            "series_absent": node.series not in other.series,
        }
        results.add(
            _mapping(node, None, Relation.NO_COUNTERPART, confidence, method, evidence, other=other.ref)
        )


# ------------------------------------------------------------------------------------------- Japan


@dataclass(frozen=True)
class _RowSpec:
    row: str
    categories: str
    digits: str
    ordered: bool
    whole_categories: str


@cache
def _row_specs() -> dict[str, _RowSpec]:
    with open(_DATA / "jp_rows.tsv", encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    specs = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        key = _row_key(row["row"])
        specs[key] = _RowSpec(
            row=key,
            categories=row["categories"],
            digits=row["digits"],
            ordered=row["ordered"].strip() == "yes",
            whole_categories=row["whole_categories"].strip().replace("-", ""),
        )
    return specs


def _row_key(row: str) -> str:
    """ "3の2" / "3-2" / "三の二" → "3-2"; "7" → "7"."""
    row = str(row).strip()
    kanji = "〇一二三四五六七八九"
    row = "".join(str(kanji.index(c)) if c in kanji else c for c in row)
    return row.replace("の", "-")


def _virtual_canon(node: _Node) -> str:
    """National additions that extend a Wassenaar entry sit where they extend it: 3A501.a.15 → 3a001.a.15."""
    canon = node.canon or ""
    if node.digit == "5" and len(canon) >= 5:
        return canon[:2] + "0" + canon[3:]
    return canon


def _articles(lg: _ListIndex) -> list[tuple[_Node, str]]:
    out = []
    for node in lg.nodes:
        answers = (node.view.attributes or {}).get("answers_for") or []
        for answer in answers:
            if isinstance(answer, dict) and answer.get("row"):
                out.append((node, _row_key(answer["row"])))
                break
    return out


def _candidates_for(lx: _ListIndex, spec: _RowSpec) -> list[_Node]:
    chosen = []
    for node in lx.nodes:
        if not node.canon or node.series is None or not node.series.startswith("cat"):
            continue
        category = node.series[3:]
        if category in spec.whole_categories or (category in spec.categories and node.digit in spec.digits):
            chosen.append(node)
    chosen.sort(key=lambda n: (_path_key(_virtual_canon(n)), n.national, n.order))
    return chosen


def _idf(nodes: Iterable[_Node]) -> dict[tuple[str, float], float]:
    df: dict[tuple[str, float], int] = defaultdict(int)
    total = 0
    for node in nodes:
        total += 1
        for key in node.keys:
            df[key] += 1
    return {k: math.log((total + 1) / (v + 0.5)) for k, v in df.items()}


def _score(a: _Node, b: _Node, idf: dict[tuple[str, float], float]) -> tuple[float, float]:
    common = a.keys & b.keys
    if not common:
        return 0.0, 0.0
    weight = sum(idf.get(k, 0.0) for k in common)
    total = max(sum(idf.get(k, 0.0) for k in a.keys), sum(idf.get(k, 0.0) for k in b.keys))
    return (weight / total if total else 0.0), weight


def _best_chain(points: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Maximum-weight chain strictly increasing in both coordinates (Fenwick tree over the second)."""
    if not points:
        return []
    js = sorted({p[1] for p in points})
    rank = {j: r + 1 for r, j in enumerate(js)}
    size = len(js)
    tree_value = [0.0] * (size + 1)
    tree_index = [-1] * (size + 1)

    def query(r: int) -> tuple[float, int]:
        best, index = 0.0, -1
        while r > 0:
            if tree_value[r] > best:
                best, index = tree_value[r], tree_index[r]
            r -= r & -r
        return best, index

    def update(r: int, value: float, index: int) -> None:
        while r <= size:
            if value > tree_value[r]:
                tree_value[r], tree_index[r] = value, index
            r += r & -r

    points = sorted(points)
    best_value = [0.0] * len(points)
    previous = [-1] * len(points)
    start = 0
    while start < len(points):
        end = start
        while end < len(points) and points[end][0] == points[start][0]:
            end += 1
        for k in range(start, end):  # same first coordinate: none may precede another
            value, index = query(rank[points[k][1]] - 1)
            best_value[k], previous[k] = value + points[k][2], index
        for k in range(start, end):
            update(rank[points[k][1]], best_value[k], k)
        start = end
    k = max(range(len(points)), key=lambda i: best_value[i])
    chain = []
    while k != -1:
        chain.append(points[k])
        k = previous[k]
    return list(reversed(chain))


@dataclass
class _JpMatch:
    jp: _Node
    x: _Node
    relation: Relation
    confidence: float
    evidence: dict[str, Any]


def _align_article(article: _Node, spec: _RowSpec, lg: _ListIndex, lx: _ListIndex) -> list[_JpMatch]:
    jp_nodes = list(article.descendants())
    x_nodes = _candidates_for(lx, spec)
    if not jp_nodes or not x_nodes:
        return []
    idf = _idf([*jp_nodes, *x_nodes])
    by_key: dict[tuple[str, float], list[int]] = defaultdict(list)
    for j, x in enumerate(x_nodes):
        for key in x.keys:
            by_key[key].append(j)
    points: list[tuple[int, int, float]] = []
    strength: dict[tuple[int, int], tuple[float, float]] = {}
    for i, jp in enumerate(jp_nodes):
        seen: set[int] = set()
        for key in jp.keys:
            if len(by_key.get(key, ())) > 60:
                continue  # a value everyone prints (20 °C, 1 mm) anchors nothing
            for j in by_key.get(key, ()):
                if j in seen:
                    continue
                seen.add(j)
                score, weight = _score(jp, x_nodes[j], idf)
                if score >= 0.34 and (weight >= 2.0 or score >= 0.6):
                    points.append((i, j, score))
                    strength[(i, j)] = (score, weight)
    direct: dict[int, tuple[int, float, str]] = {}
    if spec.ordered:
        chain = _best_chain(points)
        for i, j, score in chain:
            direct[i] = (j, score, "parameters")
        anchors = [(i, j) for i, j, _ in chain]
        for (i1, j1), (i2, j2) in pairwise(anchors):
            gap_jp, gap_x = list(range(i1 + 1, i2)), list(range(j1 + 1, j2))
            if not gap_jp or len(gap_jp) != len(gap_x) or len(gap_jp) > 15:
                continue
            base_jp, base_x = jp_nodes[i1].depth, x_nodes[j1].depth
            shape_jp = [jp_nodes[i].depth - base_jp for i in gap_jp]
            shape_x = [x_nodes[j].depth - base_x for j in gap_x]
            if shape_jp != shape_x:
                continue
            for i, j in zip(gap_jp, gap_x, strict=True):
                direct[i] = (j, 0.5, "order")
    else:
        # regime rows are not in list order: keep only matches that are strong and unique both ways
        best_for_i: dict[int, tuple[float, int]] = {}
        count_for_j: dict[int, int] = defaultdict(int)
        for i, j, score in points:
            if score >= 0.6 and strength[(i, j)][1] >= 3.0:
                count_for_j[j] += 1
                if i not in best_for_i or score > best_for_i[i][0]:
                    best_for_i[i] = (score, j)
        for i, (score, j) in best_for_i.items():
            ties = sum(1 for ii, jj, s in points if ii == i and s >= score - 1e-9)
            if ties == 1 and count_for_j[j] == 1:
                direct[i] = (j, score, "parameters")
    return _cover(jp_nodes, x_nodes, direct, lx)


def _cover(jp_nodes: list[_Node], x_nodes: list[_Node], direct: dict[int, tuple[int, float, str]],
           lx: _ListIndex) -> list[_JpMatch]:  # fmt: skip
    """Map each Japanese node to the smallest set of list nodes its own and its descendants' matches cover."""
    index_of = {id(n): i for i, n in enumerate(jp_nodes)}
    matched_x = {direct[i][0] for i in direct}
    # for every list node: matched nodes below it (any Japanese node), and nodes with thresholds below it
    matched_under: dict[int, int] = defaultdict(int)
    for j in matched_x:
        node = x_nodes[j]
        matched_under[id(node)] += 1
        for ancestor in node.ancestors():
            matched_under[id(ancestor)] += 1
    has_params: dict[int, bool] = {}

    def parametric(node: _Node) -> bool:
        if id(node) not in has_params:
            has_params[id(node)] = bool(node.keys) or any(parametric(c) for c in node.children)
        return has_params[id(node)]

    u_sets: dict[int, set[int]] = {}
    for jp in reversed(jp_nodes):  # children come after parents in document order
        i = index_of[id(jp)]
        u: set[int] = set()
        if i in direct:
            u.add(direct[i][0])
        for child in jp.children:
            u |= u_sets.get(id(child), set())
        u_sets[id(jp)] = u
    out: list[_JpMatch] = []
    for jp in jp_nodes:
        i = index_of[id(jp)]
        u = u_sets[id(jp)]
        if not u:
            continue
        count: dict[int, int] = defaultdict(int)
        for j in u:
            node = x_nodes[j]
            count[id(node)] += 1
            for ancestor in node.ancestors():
                count[id(ancestor)] += 1
        covers: dict[int, _Node] = {}
        matched_ids = {id(x_nodes[j]) for j in u}
        for j in u:
            node = x_nodes[j]
            while node.parent is not None and str(node.parent.view.kind).lower() in MAPPED_KINDS:
                parent = node.parent
                if matched_under[id(parent)] != count[id(parent)]:
                    break
                if any(parametric(c) and count.get(id(c), 0) == 0 for c in parent.children):
                    break
                node = parent
            # come back down to where the matches meet: no ancestor that only repeats one child's matches
            while id(node) not in matched_ids:
                live = [c for c in node.children if count.get(id(c), 0)]
                if len(live) != 1 or count[id(live[0])] != count[id(node)]:
                    break
                node = live[0]
            covers[id(node)] = node
        own = direct.get(i)
        evidence_base: dict[str, Any] = {
            "method_detail": own[2] if own else "descendants",
            "matched_descendants": len(u),
        }
        if len(covers) == 1:
            (target,) = covers.values()
            if own and x_nodes[own[0]] is target:
                cmp = compare_entries(jp.view, target.view, parameters_a=jp.params, parameters_b=target.params,
                                      decimal_comma_a=False, decimal_comma_b=lx.decimal_comma)  # fmt: skip
                # across languages a threshold read on one side only is usually wording ("in less than one
                # second"): only a threshold that both print and that differs makes the pair close
                differs = any(p.status == "different" for p in cmp.parameters)
                if own[2] == "order":
                    same_shape = len(jp.children) == len(target.children)
                    relation = Relation.EXACT if (not differs and same_shape) else Relation.CLOSE
                    confidence = 0.55
                else:
                    relation = Relation.CLOSE if differs else Relation.EXACT
                    confidence = 0.6 + 0.35 * own[1]
                evidence = {**evidence_base, "parameters": [
                    {"quantity": p.quantity, "unit": p.unit, "status": p.status, "a": p.a, "b": p.b}
                    for p in cmp.parameters], "parameters_equal": cmp.parameters_equal}  # fmt: skip
            else:
                size_jp = 1 + sum(1 for _ in jp.descendants())
                size_x = 1 + sum(1 for _ in target.descendants())
                ratio = size_jp / size_x
                relation = Relation.EXACT if 0.67 <= ratio <= 1.5 else Relation.CLOSE
                confidence = min(0.9, 0.45 + 0.1 * len(u))
                evidence = {**evidence_base, "subtree_sizes": {"a": size_jp, "b": size_x}}
            out.append(_JpMatch(jp, target, relation, confidence, evidence))
        else:
            for target in sorted(covers.values(), key=lambda n: n.order):
                out.append(_JpMatch(jp, target, Relation.NARROW, min(0.8, 0.4 + 0.05 * len(u)),
                                    {**evidence_base, "merged": len(covers)}))  # fmt: skip
    return out


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"（[^（）]*）|\([^()]*\)", "", text or "")
    text = re.sub(r"[\s、。，]", "", text)
    return {text[k : k + 2] for k in range(len(text) - 1)} or ({text} if text else set())


def _title_similarity(a: str, b: str) -> float:
    """Name overlap: half Dice, half how much of the shorter name the longer contains (a 別表 row names
    a kind of goods briefly; the 省令 item repeats it inside a longer description)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    common = len(x & y)
    return 0.5 * (2.0 * common / (len(x) + len(y))) + 0.5 * (common / min(len(x), len(y)))


def _link_table_rows(lt: _ListIndex, lg: _ListIndex) -> list[tuple[_Node, _Node, float, dict[str, Any]]]:
    """輸出令 別表第一 row items ↔ the 省令 items (号) that specify them: by name, helped by the number.

    The numbers mostly agree (7の項(8) ↔ 第6条第8号) but not always (7の項(5) superconducting magnets
    ↔ 第6条第7号), so every pair is scored by name, the same number adds a bonus, and the best pairs
    are taken one to one.
    """
    scored: list[tuple[float, float, int, int, _Node, _Node]] = []
    for article, row in _articles(lg):
        row_items = [n for n in lt.nodes if n.parent is not None and n.parent.key == row]
        for item in row_items:
            number = item.key.rsplit(".", 1)[-1]
            title = item.view.title or item.view.text
            for candidate in article.children:
                name = _title_similarity(title, candidate.view.title or candidate.view.text)
                same_number = candidate.key.rsplit(".", 1)[-1] == number
                score = name + (0.3 if same_number else 0.0)
                if score >= 0.6:
                    scored.append((score, name, item.order, candidate.order, item, candidate))
    scored.sort(key=lambda s: (-s[0], s[2], s[3]))
    linked_items: set[int] = set()
    linked_goods: set[int] = set()
    links = []
    for score, name, _, _, item, candidate in scored:
        if id(item) in linked_items or (id(candidate) in linked_goods and name < 0.95):
            continue
        linked_items.add(id(item))
        linked_goods.add(id(candidate))
        by = "number and name" if score - name > 0.1 else "name"
        links.append((item, candidate, round(min(0.95, 0.5 + score / 2), 3),
                      {"by": by, "name_similarity": round(name, 3)}))  # fmt: skip
    return links


def _japan(lists: dict[ListRef, _ListIndex], results: _Results, include_intra: bool) -> None:
    goods = [lg for lg in lists.values() if lg.japanese and _articles(lg)]
    tables = [lt for lt in lists.values() if lt.japanese and not _articles(lt)]
    coded = [lx for lx in lists.values() if lx.coded]
    specs = _row_specs()
    derived: dict[ListRef, list[_JpMatch]] = defaultdict(list)
    for lg in goods:
        for lx in coded:
            if lx.jurisdiction == lg.jurisdiction:
                continue
            for article, row in _articles(lg):
                spec = specs.get(row)
                if spec is None:
                    continue
                for match in _align_article(article, spec, lg, lx):
                    evidence = {**match.evidence, "article": article.code, "row": row}
                    mapping = _mapping(match.jp, match.x, match.relation, match.confidence, Method.PARAMETERS,
                                       evidence)  # fmt: skip
                    results.add_both(mapping)
                    derived[lg.ref].append(match)
    for lt in tables:
        for lg in goods:
            if lg.jurisdiction != lt.jurisdiction:
                continue
            links = _link_table_rows(lt, lg)
            by_goods: dict[int, list[_JpMatch]] = defaultdict(list)
            for match in derived[lg.ref]:
                by_goods[id(match.jp)].append(match)
            for item, goods_node, link_confidence, link_evidence in links:
                if include_intra:
                    results.add_both(_mapping(item, goods_node, Relation.EXACT, link_confidence, Method.DELEGATION,
                                              link_evidence))  # fmt: skip
                for match in by_goods.get(id(goods_node), ()):
                    evidence = {"via": goods_node.code, "link": link_evidence, "specified_by": match.evidence}
                    results.add_both(_mapping(item, match.x, match.relation, match.confidence * link_confidence,
                                              Method.DELEGATION, evidence))  # fmt: skip


# -------------------------------------------------------------------------------------- transitive


def _transitive(results: _Results) -> None:
    """Chain exact matches (only exact ones) where a subject has no mapping at all to the third list."""
    exact: dict[tuple[ListRef, str], list[Mapping]] = defaultdict(list)
    has_any: set[tuple[ListRef, str, ListRef]] = set()
    for key, m in results.rows.items():
        has_any.add((key[0], key[1], key[2]))
        if m.relation == Relation.EXACT and m.object_key is not None:
            exact[(key[0], key[1])].append(m)
    added = []
    for (subject_ref, subject_key), first_hops in exact.items():
        for first in first_hops:
            middle = ((first.object_jurisdiction, first.object_list), first.object_key)
            for second in exact.get(middle, ()):
                target_ref = (second.object_jurisdiction, second.object_list)
                if target_ref[0] == subject_ref[0]:
                    continue
                if (subject_ref, subject_key, target_ref) in has_any:
                    continue
                chained = Mapping(
                    subject_jurisdiction=first.subject_jurisdiction,
                    subject_list=first.subject_list,
                    subject_key=first.subject_key,
                    subject_code=first.subject_code,
                    object_jurisdiction=second.object_jurisdiction,
                    object_list=second.object_list,
                    object_key=second.object_key,
                    object_code=second.object_code,
                    relation=Relation.EXACT,
                    confidence=round(first.confidence * second.confidence * 0.95, 3),
                    method=Method.TRANSITIVE,
                    evidence={
                        "via": {
                            "jurisdiction": first.object_jurisdiction,
                            "list": first.object_list,
                            "code": first.object_code,
                        },
                        "methods": [first.method, second.method],
                    },
                    subject_label=first.subject_label,
                    object_label=second.object_label,
                )
                added.append(chained)
    for mapping in added:
        results.add(mapping)


# ----------------------------------------------------------------------------------------- curated


def _resolve(lists: dict[ListRef, _ListIndex], jurisdiction: str, list_id: str, key: str | None
             ) -> tuple[_ListIndex, _Node | None] | None:  # fmt: skip
    candidates = [
        l for ref, l in lists.items() if ref[0] == jurisdiction and (not list_id or ref[1] == list_id)
    ]
    for index in candidates:
        if key is None:
            return index, None
        node = index.by_key.get(key)
        if node is None:
            canon = canonical_code(key)
            node = index.by_canon.get(canon) if canon else None
        if node is not None:
            return index, node
    return None


def _apply_curated(lists: dict[ListRef, _ListIndex], curated: list[Mapping], results: _Results) -> None:
    explicit = {(m.subject_jurisdiction, m.subject_key, m.object_jurisdiction, m.object_key) for m in curated}
    for row in curated:
        subject = _resolve(lists, row.subject_jurisdiction, row.subject_list, row.subject_key)
        if subject is None or subject[1] is None:
            continue
        subject_index, subject_node = subject
        obj = _resolve(lists, row.object_jurisdiction, row.object_list, row.object_key)
        if obj is None or (row.object_key is not None and obj[1] is None):
            continue
        object_index, object_node = obj
        evidence = dict(row.evidence or {})
        if object_node is not None:  # the reviewers' verdict, with the texts compared for the reader
            cmp = _compare(subject_node, object_node, subject_index, object_index)
            evidence = {**_comparison_evidence(cmp, subject_node, object_node), **evidence}
        mapping = _mapping(subject_node, object_node, Relation(row.relation), row.confidence, Method.CURATED,
                           evidence, other=object_index.ref)  # fmt: skip
        mapping.author, mapping.date, mapping.justification = row.author, row.date, row.justification
        _override(results, mapping)
        if (
            object_node is not None
            and (row.object_jurisdiction, row.object_key, row.subject_jurisdiction, row.subject_key)
            not in explicit
        ):
            _override(results, mapping.inverted())


def _override(results: _Results, mapping: Mapping) -> None:
    subject_ref = (mapping.subject_jurisdiction, mapping.subject_list)
    object_ref = (mapping.object_jurisdiction, mapping.object_list)
    for key in list(results.rows):
        if key[0] != subject_ref or key[1] != mapping.subject_key or key[2] != object_ref:
            continue
        current = results.rows[key]
        if current.method == Method.CURATED and key[3] != mapping.object_key:
            continue  # several curated rows for one subject may coexist
        if mapping.relation == Relation.NO_COUNTERPART or key[3] is None or key[3] == mapping.object_key:
            del results.rows[key]
        elif current.relation == Relation.EXACT and mapping.relation == Relation.EXACT:
            del results.rows[key]  # a curated exact match replaces a computed one to another entry
    results.add(mapping, replace=True)


# --------------------------------------------------------------------------------------------- API


def compute_crosswalk(
    lists: dict[tuple[str, str], list[EntryView]],
    curated: list[Mapping],
    *,
    versions: dict[tuple[str, str], str] | None = None,
    include_intra_jurisdiction: bool = False,
) -> list[Mapping]:
    """Every mapping between the lists' entries and items, both directions, curated rows winning.

    `lists` maps (jurisdiction, list_id) to the list's entries (any EntryView; notes, sections and
    categories are skipped). `versions` names the list versions the crosswalk is computed from (stored on
    every mapping). Reference lists (country charts) must not be passed.
    """
    indexes = {ref: _index_list(ref, list(views)) for ref, views in lists.items()}
    indexes = {ref: index for ref, index in indexes.items() if index.nodes}
    results = _Results()
    refs = sorted(indexes)
    for n, ref_a in enumerate(refs):
        for ref_b in refs[n + 1 :]:
            la, lb = indexes[ref_a], indexes[ref_b]
            if ref_a[0] == ref_b[0] or not (la.coded and lb.coded):
                continue
            _pair_coded(la, lb, results)
    _japan(indexes, results, include_intra_jurisdiction)
    _transitive(results)
    _apply_curated(indexes, curated, results)
    out = list(results.rows.values())
    if not include_intra_jurisdiction:
        out = [m for m in out if m.subject_jurisdiction != m.object_jurisdiction]
    for mapping in out:
        if versions:
            mapping.subject_list_version = versions.get((mapping.subject_jurisdiction, mapping.subject_list))
            mapping.object_list_version = versions.get((mapping.object_jurisdiction, mapping.object_list))
    order = {ref: index for ref, index in indexes.items()}

    def sort_key(m: Mapping) -> tuple[Any, ...]:
        subject_index = order.get((m.subject_jurisdiction, m.subject_list))
        subject_node = subject_index.by_key.get(m.subject_key) if subject_index else None
        object_index = order.get((m.object_jurisdiction, m.object_list))
        object_node = object_index.by_key.get(m.object_key) if (object_index and m.object_key) else None
        return (m.subject_jurisdiction, m.subject_list, subject_node.order if subject_node else 1 << 30,
                m.subject_key, m.object_jurisdiction, m.object_list,
                object_node.order if object_node else -1, m.object_key or "")  # fmt: skip

    out.sort(key=sort_key)
    return out

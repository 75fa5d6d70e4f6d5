"""EU — Annex I of Regulation (EU) 2021/821 (dual-use items), from the JSON dataset built from the
consolidated XHTML (rikiosso/exports-watch ``data/annex.json``, consolidation 02021R0821-20251115).

What the dataset looks like (see corpus/eu/PROVENANCE.md and docs/formats.md):

* ``entries[]``: one record per five-character entry, ``{entry_code, category, verbatim_text,
  parameters, applicable_notes}``. Every line of ``verbatim_text`` starts with the full item path the
  dataset author added (``3A001.a.1.c Note: ...``); the Official Journal prints only the local label
  (``c.``). The tree is rebuilt from those paths. ``parameters`` / ``applicable_notes`` are the
  author's heuristic extractions and are ignored.
* A line whose path names a node already seen, and which is not a Note / Technical Note / N.B., is a
  continuation of the preceding record (a multi-paragraph note or a table row split onto its own line).
* A handful of paths break the letter/number alternation of EU item labels; see ``_Tree`` for the
  three repairs made (each recorded in the record's ``attributes["flags"]``).
* ``docs[]`` (General Notes, NTN, GTN, GSN, definitions, acronyms, category/section notes, Article 2,
  4 and 5 text) become list-level texts; ``geas[]`` + ``gea_common_list`` (Annex II, Section I) become
  ``eu_general_authorisation`` reference rows EU001..EU008.

Decimal commas are kept as printed (``4,5 K``) and also read as numbers into ``attributes["numbers"]``.
Flattened superscripts (``5 × 103 Gy``) stay as printed; the repaired reading goes to
``attributes["repaired_text"]``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from importers.countries import UnknownCountry, iso_code
from importers.errors import DocumentRefused
from importers.records import (
    EntryKind,
    EntryRecord,
    ListText,
    ParsedList,
    ReferenceRecord,
    Regime,
    SourceDescriptor,
    file_sha256,
)

CELEX = "02021R0821"
MAX_JSON_BYTES = 32 * 1024 * 1024  # the real dataset is ~1.2 MB
GEA_TABLE = "eu_general_authorisation"

_ENTRY_CODE = re.compile(r"^[0-9][A-E][0-9]{3}$")
_NOTE_LABEL = re.compile(
    r"^(?P<label>(?P<kind>Technical Notes?|Notes?|N\.B\.)\s*(?P<number>\d+)?\.?)\s*:?(?=\s|$)"
)
_NOTE_KINDS = {
    "Note": (EntryKind.NOTE, "note"),
    "Notes": (EntryKind.NOTE, "note"),
    "Technical Note": (EntryKind.TECHNICAL_NOTE, "tn"),
    "Technical Notes": (EntryKind.TECHNICAL_NOTE, "tn"),
    "N.B.": (EntryKind.NB, "nb"),
}
_RESERVED = re.compile(r"^(?:Not used(?: since (?P<year>\d{4}))?|\[Reserved\])\s*[.;]?\s*$", re.IGNORECASE)
_NOTE_RESERVED = re.compile(r"^\S.*?:\s*Not used\.?$")
_REGIMES = {
    "0": Regime.WASSENAAR,
    "1": Regime.MTCR,
    "2": Regime.NSG,
    "3": Regime.AUSTRALIA_GROUP,
    "4": Regime.CWC,
}

# A decimal comma: digits,digits with no space, not part of a chain ("1,1,3,3,3-") and not a chemical
# locant ("1,4-dioxane", "1,1'-").
_DECIMAL_COMMA = re.compile(
    r"(?<![\d,])(?P<sign>[-−](?=\d))?(?<!\d,)(?P<int>\d+),(?P<frac>\d+)(?!\d|,\d|'?-)"
)
# Flattened powers of ten: "5 × 103 Gy", "1× 10-8", "3,3×10-11".
_POWER = re.compile(r"(?P<base>×\s?10)(?P<exp>-?\d{1,2})(?P<after>(?=[\s;,.:)/]|$)|(?=[A-Za-zµμ]))")
_UNIT_POWER = re.compile(
    r"(?:(?<![\w])(?P<unit>mm|cm|km|m|µm|μm|nm)(?P<exp>-?[1-3])"
    r"|(?<=/)(?P<unit2>s|V|K|h)(?P<exp2>-?[1-3])"
    r"|(?<![\w])(?P<unit3>N|h|s|K|Hz|W)(?P<exp3>-[1-3]))(?![\w])"
)
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------
# Numbers and superscripts


def decimal_comma_numbers(text: str) -> list[dict[str, Any]]:
    """Numbers printed with a decimal comma, as printed and as values: "4,5" -> 4.5."""
    numbers = []
    for match in _DECIMAL_COMMA.finditer(text):
        sign = "-" if match.group("sign") else ""
        printed = (match.group("sign") or "") + f"{match.group('int')},{match.group('frac')}"
        numbers.append(
            {"printed": printed, "value": float(f"{sign}{match.group('int')}.{match.group('frac')}")}
        )
    return numbers


def repair_superscripts(text: str) -> tuple[str, list[str]]:
    """The reading of text whose superscripts the source flattened ("5 × 103 Gy" -> "5 × 10³ Gy").

    Returns (repaired text, flags). A power of ten directly followed by a letter ("1,7 × 103V2,65Q")
    is repaired but flagged as ambiguous.
    """
    flags: list[str] = []

    def power(match: re.Match[str]) -> str:
        rest = text[match.end() :]
        if rest[:1].isalpha():
            flags.append(f"ambiguous flattened superscript near {match.group(0) + rest[:6]!r}")
        return match.group("base") + match.group("exp").translate(_SUPERSCRIPT)

    def unit(match: re.Match[str]) -> str:
        name = match.group("unit") or match.group("unit2") or match.group("unit3")
        exp = match.group("exp") or match.group("exp2") or match.group("exp3")
        return name + exp.translate(_SUPERSCRIPT)

    repaired = _POWER.sub(power, text)
    repaired = _UNIT_POWER.sub(unit, repaired)
    return repaired, flags


# --------------------------------------------------------------------------------------------------
# Tree rebuilding


@dataclass
class _Node:
    record: EntryRecord
    dataset_path: str
    lines: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _alternation_broken(path: str) -> bool:
    """EU labels alternate letter / number by level (3A001.a.5.a.2); two of a kind in a row is odd."""
    segments = path.split(".")
    if len(segments) < 3:
        return False
    return segments[-1].isdigit() == segments[-2].isdigit()


class _Tree:
    """Rebuilds one entry's item tree from the dataset's line paths.

    Repairs (each flagged on the record):
    1. Lost letter level: a first-level numeric path after letter-labelled first-level items in an
       entry that has no numeric first level (1C010.1 after 1C010.e) is read as a child of the last
       letter item (1C010.e.1); notes printed on that exact path belong to the letter item.
    2. Note list members: a path that breaks the letter/number alternation directly under an open
       Note / Technical Note that ends its lead-in (9A106.d.a after "9A106.d Note: ... the following:")
       is the note's own list and is folded into the note's text.
    3. Sibling mislabelled as child: a path that breaks the alternation (1C010.e.1.2 after 1C010.e.1.b.2)
       is read as a sibling of its parent (1C010.e.2) when that code is free; otherwise it is kept as
       printed and flagged.
    """

    def __init__(self, entry_code: str, index: int, parsed: list[EntryRecord], parent_key: str):
        self.code = entry_code
        self.index = index
        self.out = parsed
        self.parent_key = parent_key
        self.nodes: dict[str, _Node] = {}  # code (repaired) -> node
        self.remap: dict[str, str] = {}  # dataset path prefix -> repaired code
        self.note_remap: dict[str, str] = {}  # dataset path -> code notes on it attach to
        self.counters: dict[tuple[str, str], int] = defaultdict(int)
        self.last: _Node | None = None
        self.open_note: _Node | None = None  # a note whose list may follow on child-looking lines
        self.first_level_letters: list[str] = []
        self.first_level_digits = False
        self.all_nodes: list[_Node] = []

    def _apply_remap(self, path: str) -> tuple[str, str | None]:
        best = None
        for prefix in self.remap:
            if (path == prefix or path.startswith(prefix + ".")) and (
                best is None or len(prefix) > len(best)
            ):
                best = prefix
        if best is None:
            return path, None
        return self.remap[best] + path[len(best) :], best

    def add_line(self, line_no: int, line: str) -> None:
        path, _, rest = line.strip().partition(" ")
        rest = _norm(rest)
        location = f"entries[{self.index}] ({self.code}) line {line_no}"
        if not (path == self.code or path.startswith(self.code + ".")):
            raise DocumentRefused(
                "", f"entry {self.code}: line {line_no} path {path!r} is not under the entry ({line[:60]!r})"
            )
        note = _NOTE_LABEL.match(rest)
        if not self.nodes:
            if path != self.code or note:
                raise DocumentRefused("", f"entry {self.code}: the first line is not the entry heading")
            self._new_node(EntryKind.ENTRY, path, path, self.parent_key, rest, location)
            return
        if note:
            self._add_note(path, rest, note, location)
            return
        code, remapped_from = self._apply_remap(path)
        flags: list[str] = []
        if remapped_from is not None and code != path:
            flags.append(f"dataset path {path} read as {code} (see {remapped_from})")
        if code in self.nodes:  # continuation of the previous record
            target = (
                self.last if self.last and self.last.record.code.split(" ")[0] == code else self.nodes[code]
            )
            target.lines.append(rest)
            target.flags.append(f"continuation line {line_no} joined to this record")
            return
        # 2. list members of an open note
        parent_code = code.rsplit(".", 1)[0]
        if (
            self.open_note is not None
            and _alternation_broken(code)
            and self.open_note.record.parent_key == self.nodes.get(parent_code, _NULL).record.key
        ):
            label = code.rsplit(".", 1)[1]
            self.open_note.lines.append(f"{label}. {rest}")
            self.open_note.flags.append(
                f"line {line_no} ({path}) is a member of this note's list, folded in with label '{label}.'"
            )
            return
        segments = code[len(self.code) + 1 :].split(".")
        # 1. lost letter level
        if len(segments) == 1:
            if segments[0].isdigit() and self.first_level_letters and not self.first_level_digits:
                letter = self.first_level_letters[-1]
                new = f"{self.code}.{letter}.{segments[0]}"
                self.remap[path] = new
                self.note_remap[path] = f"{self.code}.{letter}"
                flags.append(
                    f"dataset path {path} follows {self.code}.{letter}; read as {new} (the dataset lost "
                    "the letter level)"
                )
                code = new
            elif segments[0].isdigit():
                self.first_level_digits = True
            else:
                self.first_level_letters.append(segments[0])
        # 3. sibling mislabelled as child
        elif _alternation_broken(code):
            grand, _, label = code.rpartition(".")
            candidate = f"{grand.rsplit('.', 1)[0]}.{label}"
            if candidate not in self.nodes and grand.rsplit(".", 1)[0] in self.nodes:
                self.remap[path] = candidate
                flags.append(f"dataset path {path} breaks the label alternation; read as sibling {candidate}")
                code = candidate
            else:
                flags.append(f"label alternation broken at {code} (kept as printed)")
        parent = code.rsplit(".", 1)[0]
        while parent not in self.nodes and "." in parent:
            flags.append(f"parent {parent} not printed; attached to the nearest printed ancestor")
            parent = parent.rsplit(".", 1)[0]
        if parent not in self.nodes:
            raise DocumentRefused("", f"entry {self.code}: no parent for {path}")
        node = self._new_node(EntryKind.ITEM, code, path, self.nodes[parent].record.key, rest, location)
        node.record.attributes["printed_label"] = code.rsplit(".", 1)[1] + "."
        node.flags.extend(flags)

    def _new_node(self, kind, code, dataset_path, parent_key, text, location) -> _Node:
        record = EntryRecord(
            code=code,
            key=code.lower(),
            kind=kind,
            parent_key=parent_key,
            title=text if kind is EntryKind.ENTRY else "",
            location=location,
            regime=_REGIMES.get(self.code[2], Regime.NATIONAL),
        )
        node = _Node(record, dataset_path, [text])
        if kind in (EntryKind.ENTRY, EntryKind.ITEM):
            self.nodes[code] = node
        self.out.append(record)
        self.all_nodes.append(node)
        self.last = node
        self.open_note = None
        return node

    def _add_note(self, path: str, rest: str, match: re.Match[str], location: str) -> None:
        flags = []
        if path in self.note_remap:
            owner = self.note_remap[path]
            flags.append(f"dataset path {path} stands for {owner} (lost letter level); note attached there")
        else:
            owner, remapped_from = self._apply_remap(path)
            if remapped_from is not None and owner != path:
                flags.append(f"dataset path {path} read as {owner}")
        if owner not in self.nodes:
            raise DocumentRefused("", f"entry {self.code}: note on {path}, which was not printed before it")
        parent = self.nodes[owner].record
        kind, slug = _NOTE_KINDS[match.group("kind")]
        self.counters[(parent.key, slug)] += 1
        n = self.counters[(parent.key, slug)]
        label = match.group("label").strip()
        if not label.endswith("N.B."):
            label = label.rstrip(".")
        node = self._new_node(kind, f"{parent.code} {label}", path, parent.key, rest, location)
        node.record.key = f"{parent.key}~{slug}-{n}"
        node.record.attributes["label"] = label
        if match.group("number"):
            node.record.attributes["number"] = int(match.group("number"))
        node.flags.extend(flags)
        self.open_note = node if rest.rstrip().endswith(":") else None

    def finish(self) -> None:
        for node in self.all_nodes:
            record = node.record
            record.text = _norm(" ".join(node.lines))
            if record.kind is EntryKind.ENTRY:
                record.title = record.text
            reserved = _RESERVED.match(record.text)
            if reserved or (record.kind is EntryKind.NOTE and _NOTE_RESERVED.match(record.text)):
                record.reserved = True
                if reserved and reserved.group("year"):
                    record.attributes["not_used_since"] = int(reserved.group("year"))
            if node.dataset_path != record.code.split(" ")[0]:
                record.attributes["dataset_path"] = node.dataset_path
            numbers = decimal_comma_numbers(record.text)
            if numbers:
                record.attributes["numbers"] = numbers
            repaired, flags = repair_superscripts(record.text)
            if repaired != record.text:
                record.attributes["repaired_text"] = repaired
            node.flags.extend(flags)
            if node.flags:
                record.attributes["flags"] = node.flags


class _Null:
    record = EntryRecord(code="", key="\0", kind=EntryKind.ITEM)


_NULL = _Null()


# --------------------------------------------------------------------------------------------------
# Annex II general export authorisations

_CODE_IN_TEXT = re.compile(r"(?<![\w.])[0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*\.?(?![\w])")


def _split_top_level(text: str, sep: str = ",") -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _top_level_paren(text: str) -> tuple[str, str, str]:
    """(before the first top-level parenthesis, its content, what follows it)."""
    start = text.find("(")
    if start < 0:
        return text, "", ""
    depth = 0
    for i in range(start, len(text)):
        depth += text[i] == "("
        depth -= text[i] == ")"
        if depth == 0:
            return text[:start], text[start + 1 : i], text[i + 1 :]
    return text[:start], text[start + 1 :], ""


def _countries(names_text: str) -> tuple[list[str], list[str], list[str]]:
    """(ISO codes, names as printed, names that are not one country) for a printed destination list.

    "Switzerland, including Liechtenstein" and "China (including Hong Kong and Macao)" yield every
    country they name; other parentheses ("United Kingdom (without prejudice ...)") are qualifications.
    """
    printed: list[str] = []
    for part in _split_top_level(names_text):
        part = re.sub(r"^(?:and|or)\s+", "", part).strip().rstrip(".;").strip()
        if part.startswith("including ") and printed:
            printed[-1] = f"{printed[-1]}, {part}"
        else:
            printed.append(part)
    codes: list[str] = []
    unresolved: list[str] = []
    for name in printed:
        before, inside, after = _top_level_paren(name)
        core, _, tail = before.partition(",")
        names = [core.strip()]
        for extra in (tail.strip(), inside.strip(), after.strip(" ,")):
            if extra.startswith("including "):
                names.extend(n.strip() for n in re.split(r",| and ", extra[len("including ") :]) if n.strip())
        for candidate in names:
            try:
                code = iso_code(candidate)
            except UnknownCountry:
                unresolved.append(candidate)
                continue
            if code not in codes:
                codes.append(code)
    return codes, printed, unresolved


def item_key(code: str) -> str:
    """The list key of an item code as printed in Annex II ("3A001.a.3." -> "3a001.a.3")."""
    return code.rstrip(".").lower()


def _codes(text: str) -> list[str]:
    found: list[str] = []
    for match in _CODE_IN_TEXT.finditer(text):
        after = text[match.end() : match.end() + 10]
        if re.match(r"\s*as (?:above|below)", after):
            continue
        code = match.group(0)
        if _ENTRY_CODE.match(code.rstrip(".")):
            code = code.rstrip(".")  # "3C006." ends a sentence; entry codes are printed without a dot
        if code not in found:
            found.append(code)
    return found


def _numbered_sublists(text: str) -> list[str]:
    """Codes of numbered sub-items listed under "<code>:" headers (EU006: "1C350: 1. Thiodiglycol ...")."""
    codes: list[str] = []
    headers = list(re.finditer(r"(?<![\w.])([0-9][A-E][0-9]{3}(?:\.[a-z])*)\.?:", text))
    for i, header in enumerate(headers):
        body = text[header.end() : headers[i + 1].start() if i + 1 < len(headers) else len(text)]
        for number in re.finditer(r"(?:^|\n|;\s)\s*(\d+)\.\s", body):
            code = f"{header.group(1)}.{number.group(1)}"
            if code not in codes:
                codes.append(code)
    return codes


_PART = r"Part {n}\s*[—–-]\s*{title}\s*"


def _part(text: str, n: int, title: str, next_title: str) -> str:
    """The text of "Part n — Title" up to "Part n+1 — Next title" (or the end)."""
    start = re.search(_PART.format(n=n, title=title), text)
    if start is None:
        return ""
    end = re.compile(_PART.format(n=n + 1, title=next_title)).search(text, start.end())
    return text[start.end() : end.start() if end else len(text)]


def parse_gea(
    gea: dict[str, Any], section_i_codes: list[str], section_i_groups: list[str]
) -> ReferenceRecord:
    text = gea["verbatim_text"]
    flags: list[str] = []
    part1 = _part(text, 1, "Items", "Destinations").strip()
    part2 = _part(text, 2, "Destinations", "Conditions").strip()
    if not part1 or not part2:
        raise DocumentRefused("", f"{gea.get('id')}: no 'Part 1' / 'Part 2' found in the authorisation text")
    data: dict[str, Any] = {"title": _norm(gea["title"])}

    # Items
    covers_all = re.search(r"covers all (?:dual-use items|technology and software)", part1) is not None
    exclusion = ""
    for marker in ("Items excluded:", "except"):
        k = part1.find(marker)
        if k >= 0:
            exclusion = part1[k:]
            break
    excluded = _codes(exclusion) if covers_all else []
    if covers_all and "Section I" in exclusion:
        excluded = section_i_codes + [c for c in excluded if c not in section_i_codes]
    data["items_scope"] = "all_except" if covers_all else "listed"
    if covers_all:
        data["covered_items"] = []
    else:
        listed = _numbered_sublists(part1)
        if listed:
            flags.append("covered_items built from the numbered lists under each code header")
            headers = {c.rsplit(".", 1)[0] for c in listed}
            listed += [c for c in _codes(part1) if c.rstrip(".") not in headers and c not in listed]
            listed = [c for c in listed if not re.search(re.escape(c) + r"(?!\w)", _other_than(part1))]
        data["covered_items"] = listed or _codes(part1)
    data["excluded_items"] = excluded
    data["covered_item_keys"] = [item_key(c) for c in data["covered_items"]]
    data["excluded_item_keys"] = [item_key(c) for c in excluded]
    if covers_all and "Section I" in exclusion:
        data["excluded_items_by_reference"] = section_i_groups
    data["items_as_printed"] = _norm(part1)

    # Destinations
    after = re.search(r"following destinations:\s*(.*)$", part2, re.DOTALL)
    if after:
        data["destinations_scope"] = "listed"
        codes, printed, unresolved = _countries(_norm(after.group(1)).rstrip("."))
        data["destinations"] = codes
        data["destinations_as_printed"] = printed
        data["excluded_destinations"] = []
    elif re.search(r"to all destinations, excluding", part2):
        data["destinations_scope"] = "all_except"
        data["destinations"] = []
        data["destinations_as_printed"] = []
        clauses = re.split(r"(?:^|;)\s*\(([a-z])\)\s*", _norm(part2.split("excluding:", 1)[1]).strip())
        excluded_codes: list[str] = []
        excluded_printed: list[str] = []
        unresolved = []
        refs: list[str] = []
        conditions: list[str] = []
        for letter, clause in zip(clauses[1::2], clauses[2::2], strict=True):
            clause = clause.rstrip(" ;.")
            if re.search(r"general export authorisation No (EU\d{3})", clause):
                refs += re.findall(r"No (EU\d{3})", clause)
            elif clause.lower().startswith("any destination"):
                conditions.append(f"({letter}) {clause}")
            else:
                codes, printed, bad = _countries(clause)
                excluded_codes += codes
                excluded_printed += printed
                unresolved += bad
        data["excluded_destinations"] = excluded_codes
        data["excluded_destinations_as_printed"] = excluded_printed
        data["excluded_destinations_by_reference"] = refs
        data["excluded_destination_conditions"] = conditions
    else:
        raise DocumentRefused("", f"{gea.get('id')}: destinations not found in Part 2")
    if unresolved:
        data["unresolved_destinations"] = unresolved
        flags.append(f"destinations that are not one country, left unresolved: {unresolved}")
    data["text"] = text
    if flags:
        data["flags"] = flags
    return ReferenceRecord(table=GEA_TABLE, key=gea["id"], data=data)


def _other_than(text: str) -> str:
    """The "other than ... which is/are specified in X" clauses, whose codes are not covered items."""
    return " ".join(m.group(0) for m in re.finditer(r"other than [^;]*?specified in [0-9A-E.a-z]+", text))


def section_i(common_list: str) -> tuple[list[str], list[str]]:
    """Annex II Section I: (item codes as printed, excluded groups printed without a code)."""
    codes, groups = [], []
    for line in common_list.splitlines():
        match = re.match(r"^(?:—\s*)?([0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*\.?)\s", line.strip())
        if match:
            codes.append(match.group(1))
        elif line.strip().startswith("—"):
            groups.append(_norm(line.strip().lstrip("—").rstrip(",;.")))
    return codes, groups


# --------------------------------------------------------------------------------------------------
# Whole document


def _load(path: Path) -> dict[str, Any]:
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise DocumentRefused(path, f"file is {size:,} bytes, over the {MAX_JSON_BYTES:,}-byte cap")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DocumentRefused(path, f"not UTF-8: {error}") from None
    except json.JSONDecodeError as error:
        raise DocumentRefused(path, f"not well-formed JSON: {error}") from None
    if not isinstance(data, dict):
        raise DocumentRefused(path, "the JSON document is not an object")
    if not str(data.get("celex", "")).startswith(CELEX):
        raise DocumentRefused(path, f"celex is {data.get('celex')!r}, not {CELEX} (Regulation (EU) 2021/821)")
    for key, kind in (
        ("entries", list),
        ("index", list),
        ("docs", list),
        ("geas", list),
        ("valid_from", str),
    ):
        if not isinstance(data.get(key), kind):
            raise DocumentRefused(path, f"field {key!r} missing or not a {kind.__name__}")
    return data


def _category_titles(docs: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Category headings and product-group headings the dataset prints (in its section-note titles)."""
    categories: dict[str, str] = {}
    letters: dict[str, tuple[str, str]] = {}  # "A" -> ("Systems, Equipment and Components", "3A")
    groups: dict[str, str] = {}
    for doc in docs:
        title = str(doc.get("title", ""))
        match = re.match(r"^Category (\d) — CATEGORY \1 - (.+?) — notes$", title)
        if match:
            categories[match.group(1)] = match.group(2)
        match = re.match(r"^Category (\d) — (\d)([A-E]) (.+?) — notes$", title)
        if match and match.group(1) == match.group(2):
            groups[match.group(2) + match.group(3)] = match.group(4)
            letters.setdefault(match.group(3), (match.group(4), match.group(2) + match.group(3)))
    return categories, {**{k: (v, k) for k, v in groups.items()}, **{f"*{k}": v for k, v in letters.items()}}


def parse(path: Path) -> ParsedList:
    path = Path(path)
    data = _load(path)
    try:
        version = date.fromisoformat(data["valid_from"][:10])
    except ValueError:
        raise DocumentRefused(path, f"valid_from {data['valid_from']!r} is not a date") from None
    entries_in = data["entries"]
    index_codes = [str(row.get("code")) for row in data["index"] if isinstance(row, dict)]
    codes = []
    for i, entry in enumerate(entries_in):
        if not isinstance(entry, dict) or not isinstance(entry.get("verbatim_text"), str):
            raise DocumentRefused(path, f"entries[{i}] has no verbatim_text")
        code = str(entry.get("entry_code", ""))
        if not _ENTRY_CODE.match(code) or str(entry.get("category")) != code[0]:
            raise DocumentRefused(
                path, f"entries[{i}]: bad entry code {code!r} / category {entry.get('category')!r}"
            )
        codes.append(code)
    if len(set(codes)) != len(codes):
        raise DocumentRefused(path, "duplicate entry codes")
    if index_codes != codes or data.get("entry_count") != len(codes):
        raise DocumentRefused(path, "the dataset's index / entry_count disagree with its entries")

    category_titles, group_titles = _category_titles(data["docs"])
    records: list[EntryRecord] = []
    seen_groups: set[str] = set()
    for i, entry in enumerate(entries_in):
        code = entry["entry_code"]
        category, group = code[0], code[:2]
        if f"category-{category}" not in seen_groups:
            seen_groups.add(f"category-{category}")
            records.append(
                EntryRecord(
                    code=f"Category {category}",
                    key=f"category-{category}",
                    kind=EntryKind.CATEGORY,
                    title=category_titles.get(category, ""),
                    location=f"entries[{i}].category",
                )
            )
        if group not in seen_groups:
            seen_groups.add(group)
            attributes: dict[str, Any] = {}
            if group in group_titles:
                title = group_titles[group][0]
                attributes["title_source"] = f"section-note heading for {group}"
            elif f"*{group[1]}" in group_titles:
                title, source = group_titles[f"*{group[1]}"]
                attributes["title_source"] = f"section-note heading for {source} (same letter)"
            else:
                title = ""
            records.append(
                EntryRecord(
                    code=group,
                    key=group.lower(),
                    kind=EntryKind.PRODUCT_GROUP,
                    parent_key=f"category-{category}",
                    title=title,
                    location=f"entries[{i}].entry_code",
                    attributes=attributes,
                )
            )
        tree = _Tree(code, i, records, group.lower())
        try:
            for line_no, line in enumerate(entry["verbatim_text"].split("\n"), start=1):
                if line.strip():
                    tree.add_line(line_no, line)
        except DocumentRefused as error:
            raise DocumentRefused(path, error.reason) from None
        tree.finish()

    texts = []
    for doc in data["docs"]:
        if not isinstance(doc, dict) or not isinstance(doc.get("verbatim_text"), str):
            raise DocumentRefused(path, "a docs[] record has no verbatim_text")
        body = "\n".join(_norm(line) for line in doc["verbatim_text"].split("\n") if line.strip())
        texts.append(ListText(title=_norm(str(doc.get("title", doc.get("doc_type", "")))), text=body))
    common = data.get("gea_common_list") or ""
    if not isinstance(common, str):
        raise DocumentRefused(path, "gea_common_list is not text")
    if common:
        body = "\n".join(_norm(line) for line in common.split("\n") if line.strip())
        texts.append(
            ListText(title="ANNEX II — Section I (items excluded from general authorisations)", text=body)
        )

    reference = []
    section_i_codes, section_i_groups = section_i(common)
    for gea in data["geas"]:
        if not isinstance(gea, dict) or not re.match(r"^EU\d{3}$", str(gea.get("id"))):
            raise DocumentRefused(path, f"a geas[] record has no EUnnn id: {str(gea)[:80]!r}")
        if not isinstance(gea.get("verbatim_text"), str):
            raise DocumentRefused(path, f"{gea['id']} has no verbatim_text")
        try:
            reference.append(parse_gea(gea, section_i_codes, section_i_groups))
        except DocumentRefused as error:
            raise DocumentRefused(path, error.reason) from None

    return ParsedList(
        descriptor=DESCRIPTOR,
        version_date=version,
        source_path=path,
        sha256=file_sha256(path),
        entries=records,
        texts=texts,
        reference=reference,
        source_uri=str(data.get("source_url") or DESCRIPTOR.url),
    )


def recognise(path: Path, head: bytes) -> bool:
    """The dataset: a JSON object whose top-level keys include celex "02021R0821..." and entries."""
    if Path(path).suffix.lower() != ".json":
        return False
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    return (
        re.search(rb'"celex"\s*:\s*"' + CELEX.encode(), head[:4096]) is not None
        and b'"corpus_version"' in head[:4096]
        and (b'"entries"' in head or b'"index"' in head)
    )


DESCRIPTOR = SourceDescriptor(
    jurisdiction="eu",
    list_id="annex-i",
    title="Annex I to Regulation (EU) 2021/821 — List of dual-use items (consolidated 02021R0821-20251115)",
    publisher="European Union (Publications Office, EUR-Lex); JSON dataset by rikiosso/exports-watch",
    url="https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:02021R0821-20251115",
    format="eu-annex-json",
    licence="EU legal text; reuse permitted with acknowledgement (Commission Decision 2011/833/EU)",
    expected_counts={
        "category": (10, 10),
        "product_group": (39, 50),
        "entry": (380, 460),
        "item": (2850, 3800),
        "note": (300, 420),
        "technical_note": (240, 330),
        "nb": (135, 190),
        "entries": (4200, 5500),
        f"reference:{GEA_TABLE}": (8, 9),
    },
    recognise=recognise,
    parse=parse,
)

DESCRIPTORS: list[SourceDescriptor] = [DESCRIPTOR]

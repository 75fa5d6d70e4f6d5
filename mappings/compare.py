"""Two corresponding entries side by side: thresholds, text differences, reserved/removed status.

`compare_entries(a, b)` is what a reader wants when asking "where do they differ": the parameters
matched by quantity and unit (equal / different / only in a / only in b), a difflib summary of the
texts after editorial normalisation (quotes, spelling, thousands separators, decimal commas, the US
label prefix), and whether either side is reserved ("Not used since 2025" in one list, controlled in
the other).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from mappings.parameters import (
    Parameter,
    comparable_key,
    entry_text_for_parameters,
    extract_parameters,
    match_key,
)


@dataclass
class ParameterPair:
    quantity: str
    unit: str  # the unit family both sides are compared in (°C compared as K)
    a: list[dict[str, Any]]  # the side's parameters of that family (value, unit, operator, printed)
    b: list[dict[str, Any]]
    status: str  # "equal", "different", "only_in_a", "only_in_b"


@dataclass
class Comparison:
    same_text: bool  # equal after editorial normalisation
    text_similarity: float  # 0..1, difflib ratio over normalised words
    text_diff: list[dict[str, Any]]  # [{"op": "replace"|"delete"|"insert", "a": "...", "b": "..."}]
    parameters: list[ParameterPair]
    parameters_equal: bool  # every threshold on one side is on the other (value, unit and operator)
    reserved_a: bool
    reserved_b: bool
    status: str  # "same", "editorial", "thresholds_differ", "text_differs", "reserved_in_a", ...
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def threshold_changes(self) -> list[ParameterPair]:
        return [p for p in self.parameters if p.status != "equal"]


# ------------------------------------------------------------------------------------- normalisation

_SPELLING = {
    "analog": "analogue", "digitized": "digitised", "digitizing": "digitising", "synthesizing": "synthesising",
    "synthesized": "synthesised", "synthesizer": "synthesiser", "synthesizers": "synthesisers",
    "fiber": "fibre", "fibers": "fibres", "center": "centre", "centers": "centres", "color": "colour",
    "behavior": "behaviour", "modeling": "modelling", "labeled": "labelled", "aluminum": "aluminium",
    "sulfur": "sulphur", "program": "programme", "gray": "grey", "caliber": "calibre",
    "meter": "metre", "meters": "metres", "millimeter": "millimetre", "millimeters": "millimetres",
    "micrometer": "micrometre", "micrometers": "micrometres", "nanometer": "nanometre",
    "centimeter": "centimetre", "kilometer": "kilometre", "liter": "litre", "liters": "litres",
    "defense": "defence", "vapor": "vapour", "mold": "mould", "molds": "moulds", "percent": "%",
    "millimeter-wave": "millimetre-wave", "traveling": "travelling", "signaling": "signalling",
    "artifacts": "artefacts", "maneuver": "manoeuvre", "dialing": "dialling", "favor": "favour",
}  # fmt: skip
_BOILERPLATE = [
    re.compile(r"\(see list of items controlled\)", re.IGNORECASE),
    re.compile(r"\bas follows\b", re.IGNORECASE),
    re.compile(r"\b(?:having )?(?:any|all|either|both) of the following\b", re.IGNORECASE),
    re.compile(r"\bthe following\b", re.IGNORECASE),
]
_LABEL_PREFIX = re.compile(
    r"^\s*(?:\d[A-Z]\d{3}\s+|(?:[a-z]{1,2}|\d{1,3})\.(?:(?:[a-z]{1,2}|\d{1,3})\.)*\s+)"
)
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[^\W\d_]+|[%°<>≤≥±×/]", re.UNICODE)


def _number_token(raw: str, decimal_comma: bool) -> str:
    raw = raw.replace(" ", "").replace("\u2009", "").replace(" ", "")
    if decimal_comma:
        raw = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw) and not raw.startswith("0,"):
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    return raw


_SCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉⁻", "01234567890123456789-")
_NUMBER_RUN = re.compile(r"\d{1,3}(?:[ \u2009\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)+|\d+")
_DEGREE_O = re.compile(r"(?<=\d)\s?o\s?C\b")
_BETTER = re.compile(r"\(\s*(?:better|worse)\s*\)")
_TIMES_TEN = re.compile(r"[x×]\s?10\s?\^?")
_IZE = re.compile(r"(?<=[a-z]{3})iz(e|es|ed|ing|ation|ations|er|ers)$")
_YZE = re.compile(r"(?<=[a-z]{2})yz(e|es|ed|ing|er|ers)$")


@lru_cache(maxsize=200_000)
def normalise_words(text: str, decimal_comma: bool = False) -> tuple[str, ...]:
    """Words of `text` with editorial differences removed (spelling, quotes, separators, labels, cases)."""
    text = _LABEL_PREFIX.sub("", text or "").translate(_SCRIPTS)
    text = text.replace("º", "°").replace("−", "-").replace("–", "-")
    text = _DEGREE_O.sub("°C", text)
    text = _BETTER.sub("", text)
    for pattern in _BOILERPLATE:
        text = pattern.sub(" ", text)
    text = _NUMBER_RUN.sub(lambda m: " " + _number_token(m.group(0), decimal_comma) + " ", text)
    text = _TIMES_TEN.sub(" × 10^", text)
    words = []
    for token in _TOKEN.findall(text.lower()):
        token = _SPELLING.get(token, token)
        if token.endswith(("ze", "zes", "zed", "zing", "zation", "zations", "zer", "zers")):
            token = _IZE.sub(r"is\1", token)
            token = _YZE.sub(r"ys\1", token)
        words.append(token)
    while words and words[-1] in ("or", "and"):
        words.pop()
    return tuple(words)


def text_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def word_bag(words: tuple[str, ...]) -> dict[str, int]:
    bag: dict[str, int] = defaultdict(int)
    for word in words:
        bag[word] += 1
    return dict(bag)


def quick_similarity(a: tuple[str, ...], b: tuple[str, ...], bag_a: dict[str, int] | None = None,
                     bag_b: dict[str, int] | None = None) -> float:  # fmt: skip
    """A word-bag Dice score (an upper bound of the difflib ratio), cheap enough to screen candidates."""
    if not a or not b:
        return 0.0
    if 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < 0.5:
        return 0.0
    bag_a = bag_a if bag_a is not None else word_bag(a)
    bag_b = bag_b if bag_b is not None else word_bag(b)
    if len(bag_b) < len(bag_a):
        bag_a, bag_b = bag_b, bag_a
    common = sum(min(count, bag_b.get(word, 0)) for word, count in bag_a.items())
    return 2.0 * common / (len(a) + len(b))


def summarise_diff(a: tuple[str, ...], b: tuple[str, ...], limit: int = 12) -> list[dict[str, Any]]:
    if a == b:
        return []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        ops.append({"op": tag, "a": " ".join(a[i1:i2]), "b": " ".join(b[j1:j2])})
        if len(ops) >= limit:
            ops.append({"op": "truncated", "a": "", "b": ""})
            break
    return ops


# ---------------------------------------------------------------------------------------- parameters


def _as_dict(parameter: Parameter) -> dict[str, Any]:
    return {"value": parameter.value, "unit": parameter.unit, "operator": parameter.operator,
            "printed": parameter.printed}  # fmt: skip


def compare_parameters(a: list[Parameter], b: list[Parameter]) -> tuple[list[ParameterPair], bool]:
    """Thresholds of a and b grouped by unit family, each group equal / different / on one side only."""
    groups: dict[str, tuple[list[Parameter], list[Parameter]]] = {}
    quantities: dict[str, str] = {}
    for side, parameters in ((0, a), (1, b)):
        for parameter in parameters:
            family = comparable_key(parameter)
            groups.setdefault(family, ([], []))[side].append(parameter)
            quantities.setdefault(family, parameter.quantity)
    pairs = []
    all_equal = True
    for family, (left, right) in groups.items():
        if not right:
            status = "only_in_a"
        elif not left:
            status = "only_in_b"
        else:
            keys_left = sorted((match_key(p), p.operator) for p in left)
            keys_right = sorted((match_key(p), p.operator) for p in right)
            status = "equal" if set(keys_left) == set(keys_right) else "different"
        if status != "equal":
            all_equal = False
        pairs.append(
            ParameterPair(
                quantity=quantities[family],
                unit=family,
                a=[_as_dict(p) for p in left],
                b=[_as_dict(p) for p in right],
                status=status,
            )
        )
    return pairs, all_equal


# ------------------------------------------------------------------------------------------- compare


def _decimal_comma_of(entry: Any) -> bool:
    return str(getattr(entry, "jurisdiction", "")).lower() == "eu"


def compare_entries(
    a: Any,
    b: Any,
    *,
    parameters_a: list[Parameter] | None = None,
    parameters_b: list[Parameter] | None = None,
    decimal_comma_a: bool | None = None,
    decimal_comma_b: bool | None = None,
) -> Comparison:
    """Compare two entries (EntryView). Parameters may be passed in when the caller already has them."""
    comma_a = _decimal_comma_of(a) if decimal_comma_a is None else decimal_comma_a
    comma_b = _decimal_comma_of(b) if decimal_comma_b is None else decimal_comma_b
    text_a, text_b = entry_text_for_parameters(a), entry_text_for_parameters(b)
    if parameters_a is None:
        parameters_a = extract_parameters(text_a, decimal_comma=comma_a)
    if parameters_b is None:
        parameters_b = extract_parameters(text_b, decimal_comma=comma_b)
    words_a, words_b = normalise_words(text_a, comma_a), normalise_words(text_b, comma_b)
    cross_language = _is_japanese(text_a) != _is_japanese(text_b)
    if cross_language:
        similarity, diff = 0.0, []
    else:
        similarity = text_similarity(words_a, words_b)
        diff = summarise_diff(words_a, words_b)
    pairs, parameters_equal = compare_parameters(parameters_a, parameters_b)
    reserved_a, reserved_b = bool(a.reserved), bool(b.reserved)
    notes = []
    if reserved_a != reserved_b:
        status = "reserved_in_a" if reserved_a else "reserved_in_b"
        year = _not_used_year(a if reserved_a else b)
        notes.append(
            "reserved in one list"
            + (f" (not used since {year})" if year else "")
            + ", controlled in the other"
        )
    elif not parameters_equal:
        status = "thresholds_differ"
    elif cross_language:
        status = "parameters_match" if pairs else "not_comparable"
    elif words_a == words_b:
        status = "same"
    elif similarity >= 0.9:
        status = "editorial"
    else:
        status = "text_differs"
    return Comparison(
        same_text=(words_a == words_b) and not cross_language,
        text_similarity=round(similarity, 4),
        text_diff=diff,
        parameters=pairs,
        parameters_equal=parameters_equal,
        reserved_a=reserved_a,
        reserved_b=reserved_b,
        status=status,
        notes=notes,
    )


def _not_used_year(entry: Any) -> int | None:
    attributes = getattr(entry, "attributes", None) or {}
    for key in ("not_used_since", "not_used_year", "reserved_since"):
        if attributes.get(key):
            try:
                return int(attributes[key])
            except (TypeError, ValueError):
                return None
    match = re.search(r"[Nn]ot used since (\d{4})", getattr(entry, "text", "") or "")
    return int(match.group(1)) if match else None


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _is_japanese(text: str) -> bool:
    return bool(text) and len(_JAPANESE.findall(text)) > len(text) // 5

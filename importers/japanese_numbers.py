"""Japanese numerals, statute labels and quantities, as printed in e-Gov Standard Law XML.

- Numerals: kanji written positionally (`一〇` = 10, `一六` = 16, `三、〇〇〇` = 3000, `一・二` = 1.2),
  kanji written with 十/百/千 and the large multipliers 万/億/兆 (`五十五`, `二十`, `五〇兆`), and
  full-width digits (`３００`, `２０，４８０`).
- Labels: the branch numbers of Japanese statutes: `三の二`, `（十五の三）`, `５の２`, and e-Gov's
  `Num="10_2"` all become the tuple (n, m, ...), an Arabic form `10の2` and an ASCII key `10-2`.
- Iroha labels (イ ロ ハ …): order and romanisation come from `data/jp_iroha.tsv`.
- Quantities: numbers followed by a unit name from `data/jp_units.tsv` (`３００メガヘルツ`,
  `摂氏マイナス五十五度`, `零下五五度`), with the comparison the text attaches (以上 >=, 以下 <=, 未満 <, 超 / を超える >).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).with_name("data")

KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
LARGE_MULTIPLIERS = {"万": 10**4, "億": 10**8, "兆": 10**12}

_KANJI_DIGIT_CLASS = "〇一二三四五六七八九"
_DIGIT_CLASS = _KANJI_DIGIT_CLASS + "0-9０-９"
_NUMERAL_CLASS = _DIGIT_CLASS + "十百千"
_NUMERAL = re.compile(f"[{_NUMERAL_CLASS}万億兆]+")


def _read_table(name: str) -> list[dict[str, str]]:
    with open(_DATA / name, encoding="utf-8", newline="") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(rows, delimiter="\t"))


def _ascii_digits(text: str) -> str:
    """Full-width digits → ASCII, kanji digits → ASCII; other characters unchanged."""
    out = []
    for ch in text:
        if ch in KANJI_DIGITS:
            out.append(str(KANJI_DIGITS[ch]))
        elif "０" <= ch <= "９":
            out.append(chr(ord(ch) - ord("０") + ord("0")))
        else:
            out.append(ch)
    return "".join(out)


def kanji_int(text: str) -> int:
    """An integer written in kanji (positional or with 十百千万億兆) or full-width/ASCII digits.

    >>> kanji_int("一〇"), kanji_int("十五"), kanji_int("二十一"), kanji_int("１６"), kanji_int("五〇兆")
    (10, 15, 21, 16, 50000000000000)
    """
    digits = _ascii_digits(text.strip())
    if not digits or not re.fullmatch(r"[0-9十百千万億兆]+", digits):
        raise ValueError(f"not a Japanese integer: {text!r}")
    if digits.isdigit():
        return int(digits)
    total = section = 0
    run = ""
    for ch in digits:
        if ch.isdigit():
            run += ch
        elif ch in SMALL_MULTIPLIERS:
            section += (int(run) if run else 1) * SMALL_MULTIPLIERS[ch]
            run = ""
        else:  # large multiplier
            section += int(run) if run else 0
            total += (section or 1) * LARGE_MULTIPLIERS[ch]
            section, run = 0, ""
    return total + section + (int(run) if run else 0)


def parse_number(text: str) -> float:
    """A printed number: kanji or full-width, with 、/， thousands separators and ・/． decimal point.

    >>> parse_number("三、〇〇〇"), parse_number("一・二五"), parse_number("２０，４８０"), parse_number("九九・九九九")
    (3000.0, 1.25, 20480.0, 99.999)
    """
    raw = text.strip()
    negative = raw.startswith(("マイナス", "－", "-"))
    raw = re.sub(r"^(マイナス|－|-)", "", raw)
    raw = re.sub(f"(?<=[{_DIGIT_CLASS}])[、，,](?=[{_DIGIT_CLASS}]{{3}}(?![{_DIGIT_CLASS}]))", "", raw)
    whole, _, fraction = re.sub(r"[・．.]", ".", raw).partition(".")
    value = float(kanji_int(whole))
    if fraction:
        fraction_digits = _ascii_digits(fraction)
        if not fraction_digits.isdigit():
            raise ValueError(f"not a Japanese number: {text!r}")
        value += float("0." + fraction_digits)
    return -value if negative else value


# ---------------------------------------------------------------------------------------------- labels

_LABEL_PART = f"[{_NUMERAL_CLASS}]+"
_BRANCH_LABEL = re.compile(f"^{_LABEL_PART}(?:の{_LABEL_PART})*$")


def parse_label(label: str) -> tuple[int, ...]:
    """A numbered label with の branch numbers → (n, m, ...); also takes e-Gov Num values ("10_2").

    >>> parse_label("（十五の三）"), parse_label("三の二"), parse_label("５の２"), parse_label("10_2"), parse_label("一〇")
    ((15, 3), (3, 2), (5, 2), (10, 2), (10,))
    """
    text = label.strip().strip("（）()")
    if re.fullmatch(r"\d+(?:_\d+)*", text):
        return tuple(int(part) for part in text.split("_"))
    if not _BRANCH_LABEL.match(text):
        raise ValueError(f"not a numbered label: {label!r}")
    return tuple(kanji_int(part) for part in text.split("の"))


def label_arabic(numbers: tuple[int, ...]) -> str:
    """(15, 3) → "15の3" (the form practitioners write in codes such as 7の項(15の3))."""
    return "の".join(str(n) for n in numbers)


def label_key(numbers: tuple[int, ...]) -> str:
    """(15, 3) → "15-3" (ASCII, for keys and resource names)."""
    return "-".join(str(n) for n in numbers)


def label_kanji(numbers: tuple[int, ...]) -> str:
    """(15, 3) → "十五の三" (十-style kanji, as the 省令 prints 号 numbers)."""
    return "の".join(int_to_kanji(n) for n in numbers)


def int_to_kanji(number: int) -> str:
    if number == 0:
        return "〇"
    if number >= 10000:
        raise ValueError(f"label number too large: {number}")
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, value)
        if count:
            out += ("" if count == 1 else "〇一二三四五六七八九"[count]) + mark
    if number:
        out += "〇一二三四五六七八九"[number]
    return out


@cache
def iroha_table() -> dict[str, str]:
    """Iroha kana → romanisation, in iroha order (data/jp_iroha.tsv)."""
    return {row["kana"]: row["romaji"] for row in _read_table("jp_iroha.tsv")}


def iroha_index(kana: str) -> int:
    """1-based position in the iroha order: イ → 1, ロ → 2, …"""
    return list(iroha_table()).index(kana) + 1


def is_iroha_label(label: str) -> bool:
    head, *branches = label.strip().split("の")
    return head in iroha_table() and all(_BRANCH_LABEL.match(b) for b in branches)


def iroha_key(label: str) -> str:
    """ "イ" → "i", "ロの二" → "ro-2"."""
    head, *branches = label.strip().split("の")
    try:
        key = iroha_table()[head]
    except KeyError:
        raise ValueError(f"not an iroha label: {label!r}") from None
    return "-".join([key, *(str(kanji_int(b)) for b in branches)])


def iroha_code(label: str) -> str:
    """ "イ" → "イ", "ロの二" → "ロの2"."""
    head, *branches = label.strip().split("の")
    return "の".join([head, *(str(kanji_int(b)) for b in branches)])


# ------------------------------------------------------------------------------------------ quantities


@cache
def unit_table() -> dict[str, str]:
    return {row["printed"]: row["unit"] for row in _read_table("jp_units.tsv")}


_OPERATORS = (
    ("以上", ">="),
    ("以下", "<="),
    ("未満", "<"),
    ("を超える", ">"),
    ("を超え", ">"),
    ("超", ">"),
    ("を下回る", "<"),
)
_NOT_A_VALUE_AFTER = ("当たり", "当り", "毎")  # "一平方センチメートル当たり": a denominator, not a threshold


@cache
def _quantity_pattern() -> re.Pattern[str]:
    units = sorted(unit_table(), key=len, reverse=True)
    number = (
        f"[{_NUMERAL_CLASS}]+(?:[、，,][{_DIGIT_CLASS}]{{3}}(?![{_DIGIT_CLASS}]))*"
        f"(?:[・．.][{_DIGIT_CLASS}]+)?[万億兆]?"
    )
    return re.compile(
        f"(?P<celsius>摂氏)?(?P<neg>マイナス|－|零下)?(?P<num>{number})(?P<unit>{'|'.join(map(re.escape, units))}|度)"
    )


def extract_quantities(text: str) -> list[dict[str, Any]]:
    """Numbers with units in Japanese text, in order: printed form, value, normalised unit, operator.

    >>> extract_quantities("周波数が３００メガヘルツ以上のもの")
    [{'printed': '３００メガヘルツ', 'value': 300.0, 'unit': 'MHz', 'operator': '>='}]
    """
    found: list[dict[str, Any]] = []
    for match in _quantity_pattern().finditer(text):
        start = match.start()
        # a numeral glued to a preceding numeral-class character is part of a longer word/number
        glued = start > 0 and re.match(f"[{_NUMERAL_CLASS}万億兆・．.]", text[start - 1])
        if match.group("celsius") is None and match.group("neg") is None and glued:
            continue
        after = text[match.end() :]
        if after.startswith(_NOT_A_VALUE_AFTER):
            continue
        try:
            value = parse_number(match.group("num"))
        except ValueError:
            continue
        if match.group("neg"):
            value = -value
        printed_unit = match.group("unit")
        if printed_unit == "度":
            if (
                match.group("celsius")
                or match.group("neg") == "零下"
                or re.match(r"[^、。]{0,8}?温度", after)
            ):
                unit = "°C"
            else:
                unit = "°"
        else:
            unit = unit_table()[printed_unit]
        operator = next((op for word, op in _OPERATORS if after.startswith(word)), None)
        found.append({"printed": match.group(0), "value": value, "unit": unit, "operator": operator})
    return found


def to_halfwidth(text: str) -> str:
    """NFKC fold (full-width digits/letters/parentheses → ASCII); used for matching, never for stored text."""
    return unicodedata.normalize("NFKC", text)

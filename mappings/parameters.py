"""Language-independent parameter fingerprints: numbers with units and comparison operators.

`extract_parameters(text)` reads English (EU/UK/US/Wassenaar/Australia) and Japanese (e-Gov) control
text and returns every threshold it can name as a `Parameter` in a canonical unit:

- SI prefixes are folded into the value (`1,3 GSPS` → 1.3e9 sample/s, `3 GHz` → 3e9 Hz), so the same
  threshold printed in different units or languages compares equal;
- decimal commas (`4,5 K`), thousands separators (`3,500`, `3 500`), `x 10^n`, `× 10³` and flattened
  negative exponents (`10-4` after "to"/"×") are read; pass `decimal_comma=True` for lists that write
  decimals with a comma (the engine decides per list from the list's own text);
- full-width digits, kanji numerals (`一・三`, `五〇兆`, `二十`), Japanese unit names (メガヘルツ, ワット,
  ケルビン, 摂氏…度, ビット, デシベル, グレイ, …), 零下/マイナス signs and "per" forms (一秒間に…, …当たり…);
- operators: "exceeding", "more than", "less than", "or more", "up to and including", "from … to …",
  以上 (>=), 以下 (<=), 未満 (<), を超える / 超 (>). Without one the operator is "=".

Units are canonical SI-ish strings ("Hz", "W", "K", "degC", "Gy(Si)", "bit", "dB", "m", "s", "J", "Pa",
"V", "A", "F", "T", "B/s", "sample/s", "kg", "%", compounds such as "W/kg" or "A/m2"). Celsius stays
"degC" in the Parameter; `match_key` converts it to kelvin so "4.5 K" and "-268.65 °C" fingerprint alike.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# ------------------------------------------------------------------------------------------ the record


@dataclass(frozen=True)
class Parameter:
    quantity: str  # "frequency", "power", "temperature", ... ("count" for a bare number with an operator)
    value: float  # in `unit` (SI prefixes folded in)
    unit: str  # canonical: "Hz", "W", "K", "degC", "Gy(Si)", "bit", "dB", "m", "s", "J", "Pa", ...
    operator: str  # ">", ">=", "<", "<=", "="
    printed: str  # the text it was read from

    def to_json(self) -> dict[str, Any]:
        return {
            "quantity": self.quantity,
            "value": self.value,
            "unit": self.unit,
            "operator": self.operator,
            "printed": self.printed,
        }


def round_sig(value: float, digits: int = 6) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, -math.floor(math.log10(abs(value))) + digits - 1)


def match_key(parameter: Parameter) -> tuple[str, float]:
    """What two parameters must share to be "the same threshold": unit family and value (°C → K)."""
    unit, value = parameter.unit, parameter.value
    if unit == "degC":
        unit, value = "K", value + 273.15
    elif unit.startswith("Gy(Si)"):
        unit = "Gy" + unit[len("Gy(Si)") :]
    if unit == "K":  # lists print "218 K (-55 °C)": the Celsius figure is the kelvin one rounded
        return unit, round_sig(value, 3)
    return unit, round_sig(value, 5)


def comparable_key(parameter: Parameter) -> str:
    """The dimension two parameters must share to be put side by side (unit family, °C as K)."""
    return match_key(parameter)[0]


# -------------------------------------------------------------------------------------------- units

_PREFIXES = {
    "Y": 1e24, "Z": 1e21, "E": 1e18, "P": 1e15, "T": 1e12, "G": 1e9, "M": 1e6, "k": 1e3, "h": 1e2,
    "c": 1e-2, "m": 1e-3, "µ": 1e-6, "μ": 1e-6, "u": 1e-6, "n": 1e-9, "p": 1e-12, "f": 1e-15, "a": 1e-18,
}  # fmt: skip

# printed base symbol -> (canonical unit, quantity, factor to canonical, takes SI prefixes)
_BASE: dict[str, tuple[str, str, float, bool]] = {
    "Hz": ("Hz", "frequency", 1.0, True),
    "W": ("W", "power", 1.0, True),
    "VA": ("VA", "apparent_power", 1.0, True),
    "J": ("J", "energy", 1.0, True),
    "Wh": ("J", "energy", 3600.0, True),
    "V": ("V", "voltage", 1.0, True),
    "A": ("A", "current", 1.0, True),
    "F": ("F", "capacitance", 1.0, True),
    "H": ("H", "inductance", 1.0, True),
    "T": ("T", "magnetic_flux_density", 1.0, True),
    "Gal": ("m/s2", "acceleration", 0.01, True),
    "Pa": ("Pa", "pressure", 1.0, True),
    "bar": ("Pa", "pressure", 1e5, True),
    "K": ("K", "temperature", 1.0, False),
    "degC": ("degC", "temperature", 1.0, False),
    "Gy": ("Gy", "absorbed_dose", 1.0, True),
    "Gy(Si)": ("Gy(Si)", "absorbed_dose", 1.0, True),
    "rad(Si)": ("Gy(Si)", "absorbed_dose", 0.01, False),
    "Bq": ("Bq", "activity", 1.0, True),
    "Ci": ("Bq", "activity", 3.7e10, True),
    "bit": ("bit", "information", 1.0, True),
    "b": ("bit", "information", 1.0, True),
    "B": ("B", "information_bytes", 1.0, True),
    "byte": ("B", "information_bytes", 1.0, True),
    "bps": ("bit/s", "data_rate", 1.0, True),
    "SPS": ("sample/s", "sample_rate", 1.0, True),
    "S/s": ("sample/s", "sample_rate", 1.0, True),
    "FLOPS": ("FLOP/s", "computing_rate", 1.0, True),
    "dB": ("dB", "ratio_db", 1.0, False),
    "dBc": ("dBc", "ratio_db", 1.0, False),
    "dBm": ("dBm", "power_level", 1.0, False),
    "dBi": ("dBi", "gain", 1.0, False),
    "dBfs": ("dBFS", "ratio_db", 1.0, False),
    "dBFS": ("dBFS", "ratio_db", 1.0, False),
    "m": ("m", "length", 1.0, True),
    "in": ("m", "length", 0.0254, False),
    "inch": ("m", "length", 0.0254, False),
    "ft": ("m", "length", 0.3048, False),
    "nmi": ("m", "length", 1852.0, False),
    "s": ("s", "time", 1.0, True),
    "sec": ("s", "time", 1.0, False),
    "min": ("s", "time", 60.0, False),
    "h": ("s", "time", 3600.0, False),
    "hr": ("s", "time", 3600.0, False),
    "g": ("kg", "mass", 1e-3, True),
    "t": ("kg", "mass", 1e3, False),
    "N": ("N", "force", 1.0, True),
    "Nm": ("N·m", "torque", 1.0, True),
    "ohm": ("ohm", "resistance", 1.0, True),
    "Ω": ("ohm", "resistance", 1.0, True),
    "eV": ("eV", "particle_energy", 1.0, True),
    "l": ("m3", "volume", 1e-3, True),
    "L": ("m3", "volume", 1e-3, True),
    "rad": ("rad", "angle", 1.0, True),
    "deg": ("deg", "angle", 1.0, False),
    "°": ("deg", "angle", 1.0, False),
    "%": ("%", "percentage", 1.0, False),
    "ppm": ("ppm", "ratio_ppm", 1.0, False),
    "rpm": ("rpm", "rotational_speed", 1.0, False),
    "knot": ("m/s", "speed", 0.514444, False),
    "knots": ("m/s", "speed", 0.514444, False),
    "cSt": ("m2/s", "kinematic_viscosity", 1e-6, False),
    "mol%": ("mol%", "percentage", 1.0, False),
    "n": ("1", "count", 1.0, False),  # particles, in fluences such as n/cm2 (only inside a compound)
    "qubit": ("qubit", "count", 1.0, False),
}

_NO_PREFIX_AMBIGUOUS = {"min", "mol%", "Nm", "nmi", "in", "ft", "h", "t", "n"}

# Words and phrases printed in full, rewritten to symbols before the numbers are read (case-insensitive).
_WORD_UNITS: list[tuple[str, str]] = [
    (r"giga\s*samples?\s*per\s*second", "GSPS"),
    (r"mega\s*samples?\s*per\s*second", "MSPS"),
    (r"samples?\s*per\s*second", "SPS"),
    (r"watts?\s+per\s+square\s+met(?:re|er)", "W/m2"),
    (r"kilowatts?", "kW"),
    (r"megawatts?", "MW"),
    (r"milliwatts?", "mW"),
    (r"watts?", "W"),
    (r"kilojoules?", "kJ"),
    (r"millijoules?", "mJ"),
    (r"joules?", "J"),
    (r"kilovolts?", "kV"),
    (r"volts?", "V"),
    (r"amperes?|amps", "A"),
    (r"giga\s*hertz", "GHz"),
    (r"mega\s*hertz", "MHz"),
    (r"kilo\s*hertz", "kHz"),
    (r"hertz", "Hz"),
    (r"degrees?\s+(?:celsius|centigrade|c)\b", "°C"),
    (r"kelvin", "K"),
    (r"picoseconds?", "ps"),
    (r"nanoseconds?", "ns"),
    (r"microseconds?", "µs"),
    (r"milliseconds?", "ms"),
    (r"seconds?", "s"),
    (r"minutes?", "min"),
    (r"hours?", "h"),
    (r"kilomet(?:re|er)s?", "km"),
    (r"centimet(?:re|er)s?", "cm"),
    (r"millimet(?:re|er)s?", "mm"),
    (r"micromet(?:re|er)s?|microns?", "µm"),
    (r"nanomet(?:re|er)s?", "nm"),
    (r"met(?:re|er)s?", "m"),
    (r"kilograms?", "kg"),
    (r"milligrams?", "mg"),
    (r"grams?", "g"),
    (r"tonnes?", "t"),
    (r"lit(?:re|er)s?", "l"),
    (r"milliradians?", "mrad"),
    (r"microradians?", "µrad"),
    (r"radians?", "rad"),
    (r"degrees?", "deg"),
    (r"percent", "%"),
    (r"inches", "in"),
    (r"nautical\s+miles?", "nmi"),
    (r"bits", "bit"),
    (r"bytes", "byte"),
    (r"gigabytes", "GB"),
    (r"qubits", "qubit"),
]

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_OTHER_SCRIPTS = str.maketrans("⁰¹⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "0145678901234567 89".replace(" ", ""))
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


@cache
def _word_unit_pattern() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    # a word unit must follow a number (possibly with a space or hyphen), so "meters" in running text is left
    combined = re.compile(
        r"(?<=[\d\s\-])(?:" + "|".join(f"(?:{w})" for w, _ in _WORD_UNITS) + r")\b", re.IGNORECASE
    )
    each = [(re.compile(w + r"$", re.IGNORECASE), s) for w, s in _WORD_UNITS]
    return combined, each


def _word_unit_symbol(match: re.Match[str]) -> str:
    word = match.group(0)
    for pattern, symbol in _word_unit_pattern()[1]:
        if pattern.match(word):
            return symbol
    return word


def _parse_simple_unit(token: str) -> tuple[str, str, float] | None:
    """ "GHz" → ("Hz", "frequency", 1e9); "mm2" → ("m2", "area", 1e-6); None if not a unit."""
    token = token.strip()
    if not token:
        return None
    exponent = 1
    match = re.fullmatch(r"(.+?)(?:\^)?([23])", token)
    if match and match.group(1) not in ("dB",):
        base_token, exponent = match.group(1), int(match.group(2))
    else:
        base_token = token
    candidates: list[tuple[str, float]] = [(base_token, 1.0)]
    if len(base_token) > 1 and base_token[0] in _PREFIXES:
        candidates.append((base_token[1:], _PREFIXES[base_token[0]]))
    if base_token.startswith("da"):
        candidates.append((base_token[2:], 10.0))
    for index, (base, prefix) in enumerate(candidates):
        if base not in _BASE:
            continue
        canonical, quantity, factor, prefixable = _BASE[base]
        if index > 0 and (not prefixable or base in _NO_PREFIX_AMBIGUOUS):
            continue
        if exponent != 1:
            if canonical not in ("m", "s"):
                return None
            quantity = {("m", 2): "area", ("m", 3): "volume", ("s", 2): "time_squared"}.get(
                (canonical, exponent), quantity
            )
            canonical = f"{canonical}{exponent}"
        return canonical, quantity, (prefix * factor) ** exponent
    return None


@cache
def parse_unit(token: str) -> tuple[str, str, float] | None:
    """A printed unit, simple or compound ("W/kg", "Gy(Si)/s", "A/mm2") → (canonical, quantity, factor)."""
    token = token.replace("²", "2").replace("³", "3").replace("·", "")
    token = re.sub(r"\s*\(\s*[Ss]i\s*\)", "(Si)", token)
    special = {"n/cm2": ("1/m2", "fluence", 1e4), "°C": ("degC", "temperature", 1.0),
               "ºC": ("degC", "temperature", 1.0), "° C": ("degC", "temperature", 1.0),
               "ohm-cm": ("ohm·m", "resistivity", 0.01), "Ωcm": ("ohm·m", "resistivity", 0.01),
               "Ω·cm": ("ohm·m", "resistivity", 0.01)}  # fmt: skip
    if token in special:
        return special[token]
    parts = re.split(r"\s*/\s*", token)
    if not parts or not all(parts):
        return None
    head = _parse_simple_unit(parts[0])
    if head is None:
        return None
    canonical, quantity, factor = head
    for part in parts[1:]:
        tail = _parse_simple_unit(part)
        if tail is None:
            return None
        canonical = f"{canonical}/{tail[0]}"
        quantity = f"{quantity}_per_{tail[1]}"
        factor /= tail[2]
    if canonical == "sample/s/s":
        return None
    if canonical.endswith("bit/s") or canonical == "B/s":
        quantity = "data_rate"
    if canonical == "Gy(Si)/s" or canonical == "Gy/s":
        quantity = "dose_rate"
    return canonical, quantity, factor


# ------------------------------------------------------------------------------------------- English

# A number: optional sign, digits with thousands separators (comma, space, thin space), a decimal part.
_EN_NUMBER = (
    r"(?P<sign>[−\-–+±]\s?)?(?P<num>\d{1,3}(?:(?:,|[  \u2009])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)"
)
_EXP = r"(?:\s?[x×]\s?10\s?\^?\s?(?P<exp>[−\-–+]?\s?\d{1,2})(?!\d))?"
_UNIT_TOKEN = (
    r"(?P<unit>(?:°\s?C|º\s?C|°|º|%|ohm-cm|Ω·cm|[A-Za-zµμΩ]+(?:\s?\(\s?[Ss]i\s?\))?[²³23]?)"
    r"(?:\s?/\s?(?:[A-Za-zµμΩ]+[²³23]?))*)"
)
_EN_QUANTITY = re.compile(
    r"(?<![\w.\-/])" + _EN_NUMBER + _EXP + r"(?:(?P<gap>[\s\-]?)" + _UNIT_TOKEN + r"(?![\w²³]))?"
)

_BEFORE_OPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p + r"\s*$", re.IGNORECASE), op)
    for p, op in [
        (
            (
                r"(?:not\s+exceeding|not\s+more\s+than|no\s+more\s+than|not\s+greater\s+than|at\s+most|"
                r"(?:equal\s+to\s+or\s+)?(?:less|lower|smaller|fewer)\s+than\s+or\s+equal\s+to|"
                r"equal\s+to\s+or\s+(?:less|lower|smaller|fewer)\s+than|up\s+to\s+and\s+including|"
                r"maximum\s+of|max\.?|within|≤|=<)(?:\s+an?|\s+the)?"
            ),
            "<=",
        ),
        (
            (
                r"(?:equal\s+to\s+or\s+(?:more|greater|higher|larger)\s+than|"
                r"(?:more|greater|higher|larger)\s+than\s+or\s+equal\s+to|not\s+less\s+than|no\s+less\s+than|"
                r"at\s+least|minimum\s+of|min\.?|≥|>=)(?:\s+an?|\s+the)?"
            ),
            ">=",
        ),
        (
            (
                r"(?:exceeding|exceeds?|in\s+excess\s+of|(?:more|greater|higher|larger|better|wider|longer)\s+than|"
                r"above|over|beyond|>)(?:\s+an?|\s+the)?"
            ),
            ">",
        ),
        (
            r"(?:(?:less|lower|smaller|fewer|narrower|shorter|worse)\s+than|below|under|<)(?:\s+an?|\s+the)?",
            "<",
        ),
        (r"\bup\s+to", "<="),
        (r"\b(?:from|between)", ">="),
    ]
]
_AFTER_OPS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"^\s*(?:,\s*)?(?:or|and)\s+(?:more|higher|greater|above|larger|over|better)\b", re.IGNORECASE
        ),
        ">=",
    ),
    (
        re.compile(r"^\s*(?:,\s*)?(?:or|and)\s+(?:less|lower|below|smaller|fewer|under)\b", re.IGNORECASE),
        "<=",
    ),
]
_RANGE_TO = re.compile(r"(?:\bto|\band|[-–])\s*$", re.IGNORECASE)
_RANGE_START = re.compile(r"\b(?:from|between|range\s+of)\b", re.IGNORECASE)


def _prepare_english(text: str) -> str:
    text = text.translate(_FULLWIDTH)
    text = re.sub(r"\(\s*(?:better|worse|lower|higher)\s*\)\s*", "", text)  # "less (better) than"
    # exponents: "10⁻⁴", "× 10³" → "x 10^-4"
    text = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPT), text)
    text = text.translate(_OTHER_SCRIPTS)  # remaining super/subscript digits ("₅", "¹⁴") read as digits
    text = re.sub(
        r"(?<![\d.,x×])(?<![\dx×]\s)10\^", "1 x 10^", text
    )  # a bare power of ten: "10^-4" → "1 x 10^-4"
    # flattened negative powers of ten after a comparison: "equal to 10-4" → "1 x 10^-4"
    text = re.sub(r"(?<=\bto\s)10-(\d{1,2})\b", r"1 x 10^-\1", text)
    text = re.sub(r"([x×]\s?)10-(\d{1,2})\b", r"\g<1>10^-\2", text)
    text = re.sub(r"(?<=\d)o\s?C\b", "°C", text)  # "20o C": a flattened degree sign
    text = text.replace("º", "°")
    text = re.sub(r"\bGy\s*\(\s*silicon\s*\)", "Gy (Si)", text)  # the EU spells the US "Gy (Si)" out
    return _word_unit_pattern()[0].sub(_word_unit_symbol, text)


def _read_english_number(raw: str, decimal_comma: bool) -> float | None:
    raw = raw.replace(" ", " ").replace("\u2009", " ")
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", raw):
        raw = raw.replace(" ", "")
    if decimal_comma:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
            raw = raw.replace(".", "")
        raw = raw.replace(",", ".")
    else:
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw) and not raw.startswith("0,"):
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(",", ".")
    if raw.count(".") > 1:
        return None
    try:
        return float(raw)
    except ValueError:
        return None


def _extract_english(text: str, decimal_comma: bool) -> list[Parameter]:
    found: list[Parameter] = []
    previous_end = -10
    previous_operator = "="
    previous_quantity = ""
    for match in _EN_QUANTITY.finditer(text):
        value = _read_english_number(match.group("num"), decimal_comma)
        if value is None:
            continue
        sign = (match.group("sign") or "").strip()
        if sign in ("−", "-", "–"):
            value = -value
        if match.group("exp"):
            exponent = int(re.sub(r"[−–]", "-", match.group("exp")).replace(" ", ""))
            value *= 10.0**exponent
        unit_text = match.group("unit")
        parsed = None
        if unit_text:
            parsed = parse_unit(unit_text)
            while parsed is None and "/" in unit_text:
                unit_text = unit_text.rsplit("/", 1)[0].rstrip()
                parsed = parse_unit(unit_text)
        before = text[max(0, match.start() - 60) : match.start()]
        tail_start = match.end() if parsed else match.end("num")
        after = text[tail_start : tail_start + 30]
        operator = None
        for pattern, op in _BEFORE_OPS:
            if pattern.search(before):
                operator = op
                break
        if operator is None:
            for pattern, op in _AFTER_OPS:
                if pattern.search(after):
                    operator = op
                    break
        if operator is None and _RANGE_TO.search(before) and _RANGE_START.search(before):
            operator = "<="
        if (
            operator is None
            and parsed is not None
            and parsed[1] == previous_quantity
            and re.search(r"\(\s*$", before)
            and match.start() - previous_end <= 4
        ):
            operator = previous_operator  # "398 K (+125 °C)": the parenthesised equivalent
        if parsed is None:
            # a bare number counts only when a comparison governs it and it is not a code, year or label
            if (
                operator is None
                or match.group("exp") is None
                and (
                    re.match(r"^\s*(?:\.\w|[A-Z]\d|\))", text[match.end("num") :])
                    or re.search(r"(?:since|in|Note|Category|Part|ECCN|see)\s*$", before)
                )
            ):
                continue
            canonical, quantity, factor = "1", "count", 1.0
            printed_end = match.end("num")
        else:
            canonical, quantity, factor = parsed
            printed_end = match.end()
        operator = operator or "="
        value = round_sig(value * factor, 12)
        printed = text[match.start() : printed_end].strip()
        found.append(Parameter(quantity, value, canonical, operator, printed))
        previous_end, previous_operator, previous_quantity = printed_end, operator, quantity
    return found


# ------------------------------------------------------------------------------------------ Japanese

_JP_EXTRA_UNITS = {
    # printed → symbol understood by parse_unit; extends importers/data/jp_units.tsv where it is silent
    "ギガサンプリング毎秒": "GSPS", "メガサンプリング毎秒": "MSPS", "キロサンプリング毎秒": "kSPS",
    "サンプリング毎秒": "SPS", "ギガビット毎秒": "Gbit/s", "メガビット毎秒": "Mbit/s",
    "キロビット毎秒": "kbit/s", "ビット毎秒": "bit/s", "ギガバイト毎秒": "GB/s", "バイト": "B",
    "ワット時毎キログラム": "Wh/kg", "ジュール毎キログラム": "J/kg", "アンペア毎平方ミリメートル": "A/mm2",
    "ミリ秒": "ms", "マイクロ秒": "µs", "ナノ秒": "ns", "ピコ秒": "ps", "フェムト秒": "fs",
    "ケルビン": "K", "デシベル": "dB", "デシベルミリワット": "dBm", "ミリラジアン": "mrad",
    "マイクロラジアン": "µrad", "ピコファラド": "pF", "ナノファラド": "nF", "テスラ": "T",
    "キロジュール": "kJ", "メガジュール": "MJ", "ミリジュール": "mJ", "ギガワット": "GW",
    "ナノメートル": "nm", "ギガフロップス": "GFLOPS", "パーセント": "%", "ヘルツ": "Hz",
    "キロヘルツ": "kHz", "メガヘルツ": "MHz", "ギガヘルツ": "GHz", "テラヘルツ": "THz",
    "ワット": "W", "キロワット": "kW", "ボルトアンペア": "VA", "キロボルトアンペア": "kVA", "ミリワット": "mW", "ボルト": "V", "キロボルト": "kV",
    "アンペア": "A", "グレイ": "Gy", "ビット": "bit", "メートル": "m", "ミリメートル": "mm",
    "センチメートル": "cm", "マイクロメートル": "µm", "キロメートル": "km", "キログラム": "kg",
    "グラム": "g", "秒": "s", "分": "min", "時間": "h", "度": "deg", "ラジアン": "rad",
    "パスカル": "Pa", "キロパスカル": "kPa", "メガパスカル": "MPa", "ギガパスカル": "GPa",
    "ジュール": "J", "電子ボルト": "eV", "メガ電子ボルト": "MeV", "キロ電子ボルト": "keV",
    "ファラド": "F", "マイクロファラド": "µF", "ヘンリー": "H", "オーム": "ohm",
    "オームセンチメートル": "ohm-cm", "リットル": "l", "モルパーセント": "mol%",
    "ワット毎平方センチメートル": "W/cm2", "ワット毎平方メートル": "W/m2", "ワット毎キログラム": "W/kg",
    "ジュール毎平方センチメートル": "J/cm2", "平方センチメートル": "cm2", "平方メートル": "m2",
    "立方センチメートル": "cm3", "立方メートル": "m3", "ミリグラム": "mg",
}  # fmt: skip


@cache
def _jp_units() -> dict[str, str]:
    """Japanese unit names → symbols: the JP importer's table (importers/data/jp_units.tsv) plus ours."""
    table: dict[str, str] = {}
    try:  # reuse the JP importer's table when it is there; ours fills the gaps and wins on conflicts
        from importers.japanese_numbers import unit_table

        for printed, unit in unit_table().items():
            unit = unit.replace("°C", "°C").replace("Ω·cm", "ohm-cm").replace("Ω", "ohm")
            if unit == "byte":
                unit = "B"
            if parse_unit(unit) is not None:
                table[printed] = unit
    except (ImportError, OSError):  # pragma: no cover - the importer helper module is optional
        pass
    table.update(_JP_EXTRA_UNITS)
    return table


_KANJI_DIGITS = "〇一二三四五六七八九"
_JP_DIGIT = f"[{_KANJI_DIGITS}0-9]"
_JP_NUMBER = f"(?:[{_KANJI_DIGITS}0-9十百千]+(?:[、,]{_JP_DIGIT}{{3}}(?!{_JP_DIGIT}))*(?:[・.]{_JP_DIGIT}+)?[万億兆]?)+"


def _parse_jp_number(raw: str) -> float | None:
    try:
        from importers.japanese_numbers import parse_number
    except ImportError:  # pragma: no cover
        parse_number = _fallback_jp_number
    try:
        return parse_number(raw)
    except (ValueError, KeyError):
        try:
            return _fallback_jp_number(raw)
        except ValueError:
            return None


def _fallback_jp_number(raw: str) -> float:
    """Kanji/ASCII number with 、 thousands, ・ decimal point, 十百千 and 万億兆 multipliers."""
    raw = re.sub(r"[、,](?=\d{3}|[〇一二三四五六七八九]{3})", "", raw)
    raw = raw.translate(str.maketrans(_KANJI_DIGITS, "0123456789"))
    whole, _, fraction = raw.replace("・", ".").partition(".")
    total = section = 0
    run = ""
    for ch in whole:
        if ch.isdigit():
            run += ch
        elif ch in "十百千":
            section += (int(run) if run else 1) * {"十": 10, "百": 100, "千": 1000}[ch]
            run = ""
        elif ch in "万億兆":
            section += int(run) if run else 0
            total += (section or 1) * {"万": 10**4, "億": 10**8, "兆": 10**12}[ch]
            section, run = 0, ""
        else:
            raise ValueError(raw)
    value = float(total + section + (int(run) if run else 0))
    if fraction:
        value += float("0." + fraction)
    return value


@cache
def _jp_pattern() -> re.Pattern[str]:
    units = sorted(_jp_units(), key=len, reverse=True)
    return re.compile(
        r"(?P<per>(?:一|1)?(?P<perunit>秒間?|分間?|時間|平方センチメートル|平方メートル|キログラム|立方センチメートル)"
        r"(?:当たり|当り|につき|毎|に))?"
        r"(?P<sign>摂氏零下|摂氏マイナス|零下|マイナス|摂氏|-)?"
        f"(?P<num>{_JP_NUMBER})"
        f"(?P<unit>{'|'.join(map(re.escape, units))})?"
        r"(?P<count>個)?"
    )


_JP_OPERATORS = (
    ("以上", ">="), ("以下", "<="), ("未満", "<"), ("を超える", ">"), ("を超え", ">"), ("超", ">"),
    ("を下回る", "<"), ("より大きい", ">"), ("より小さい", "<"), ("を上回る", ">"),
)  # fmt: skip
_JP_PER_UNITS = {"秒": "s", "秒間": "s", "分": "min", "分間": "min", "時間": "h", "平方センチメートル": "cm2",
                 "平方メートル": "m2", "キログラム": "kg", "立方センチメートル": "cm3"}  # fmt: skip


def _extract_japanese(text: str) -> list[Parameter]:
    text = text.translate(_FULLWIDTH)
    found: list[Parameter] = []
    for match in _jp_pattern().finditer(text):
        start = match.start("num")
        printed_unit = match.group("unit")
        after = text[match.end() : match.end() + 8]
        operator = next((op for word, op in _JP_OPERATORS if after.startswith(word)), None)
        if (
            start > 0
            and re.match(r"[〇一二三四五六七八九十百千万億兆0-9・、第号条項の]", text[start - 1])
            and match.group("sign") is None
            and match.group("per") is None
        ):
            continue
        if printed_unit is None and operator is None:
            continue
        if (
            printed_unit is None
            and match.group("count") is None
            and re.match(r"[号条項つ種類次層段倍]", after)
        ):
            continue
        if after.startswith(("当たり", "当り", "につき", "毎", "間に")):
            continue  # a denominator ("一平方センチメートル当たり"), read with what follows
        value = _parse_jp_number(match.group("num"))
        if value is None:
            continue
        sign = match.group("sign") or ""
        if "零下" in sign or "マイナス" in sign or sign == "-":
            value = -value
        if printed_unit is None:
            parsed: tuple[str, str, float] | None = ("1", "count", 1.0)
        else:
            symbol = _jp_units()[printed_unit]
            if printed_unit == "度":
                context = text[max(0, match.start() - 12) : match.end() + 12]
                if "摂氏" in sign or "零下" in sign or "温度" in context:
                    symbol = "°C"
            if symbol == "Gy" and "シリコン換算" in text[max(0, match.start() - 30) : match.start()]:
                symbol = "Gy(Si)"
            parsed = parse_unit(symbol)
        if parsed is None:
            continue
        canonical, quantity, factor = parsed
        if match.group("per"):
            per = parse_unit(_JP_PER_UNITS[match.group("perunit")])
            if per is not None:
                if canonical == "1":
                    canonical, quantity, factor = f"1/{per[0]}", f"count_per_{per[1]}", 1.0 / per[2]
                    if per[0] == "m2":
                        quantity = "fluence"
                else:
                    canonical, quantity, factor = (
                        f"{canonical}/{per[0]}", f"{quantity}_per_{per[1]}", factor / per[2])  # fmt: skip
                    if canonical.startswith("Gy") and canonical.endswith("/s"):
                        quantity = "dose_rate"
        found.append(
            Parameter(quantity, round_sig(value * factor, 12), canonical, operator or "=", match.group(0))
        )
    return found


# --------------------------------------------------------------------------------------------- public

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def extract_parameters(text: str, *, decimal_comma: bool | None = None) -> list[Parameter]:
    """Every threshold in `text`, in order, deduplicated (the same key and operator once).

    `decimal_comma`: True for lists that print "4,5 K"; None guesses from the text itself ("0,024",
    "1,3" with one or two decimals are decimal commas; "3,500" is a thousands separator).
    """
    if not text:
        return []
    if _JAPANESE.search(text) and len(_JAPANESE.findall(text)) > len(text) // 5:
        found = _extract_japanese(text)
    else:
        if decimal_comma is None:
            decimal_comma = guess_decimal_comma([text])
        found = _extract_english(_prepare_english(text), decimal_comma) if re.search(r"\d", text) else []
    unique: list[Parameter] = []
    seen: set[tuple[tuple[str, float], str]] = set()
    for parameter in found:
        key = (match_key(parameter), parameter.operator)
        if key not in seen:
            seen.add(key)
            unique.append(parameter)
    return unique


def guess_decimal_comma(texts: list[str]) -> bool:
    """Does this list write decimals with a comma? Counts "1,3 GHz"-style against "1.3 GHz"-style numbers."""
    commas = points = 0
    for text in texts:
        commas += len(re.findall(r"(?<![\d,.])\d+,\d{1,2}(?!\d)", text))
        commas += len(re.findall(r"(?<![\d,.])0,\d+", text))
        points += len(re.findall(r"(?<![\d,.])\d+\.\d{1,2}(?![\d.])", text))
    return commas > points


def entry_text_for_parameters(entry: Any) -> str:
    """The text whose thresholds count: the importer's repaired reading when it made one."""
    attributes = getattr(entry, "attributes", None) or {}
    repaired = attributes.get("repaired_text") if isinstance(attributes, dict) else None
    return repaired or getattr(entry, "text", "") or ""

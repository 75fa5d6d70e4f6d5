"""Parameter fingerprints: numbers with units and operators, English and Japanese, normalised."""

from __future__ import annotations

import pytest

from mappings.parameters import extract_parameters, match_key


def one(text: str, **kwargs):
    found = extract_parameters(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "quantity", "value", "unit", "operator"),
    [
        ("an operating frequency exceeding 3 GHz;", "frequency", 3e9, "Hz", ">"),
        ("a peak output power greater than 300 W", "power", 300.0, "W", ">"),
        (
            'a "sample rate" greater than 1,3 Giga Samples Per Second (GSPS);',
            "sample_rate",
            1.3e9,
            "sample/s",
            ">",
        ),
        ("a total dose of 5 × 10³ Gy (Si), or higher;", "absorbed_dose", 5000.0, "Gy(Si)", ">="),
        ("a dose rate upset of 5 × 10⁶ Gy (Si)/s, or higher", "dose_rate", 5e6, "Gy(Si)/s", ">="),
        ("A total dose of 5 x 103 Gy", "absorbed_dose", 5000.0, "Gy", "="),  # flattened superscript
        ("a noise figure less (better) than 0,015 dB", "ratio_db", 0.015, "dB", "<"),
        ("A resolution of 16 bit or more", "information", 16.0, "bit", ">="),
        ("a C-NOT error of less than or equal to 10-4;", "count", 1e-4, "1", "<="),
        ("more than 300 A/mm2", "current_per_area", 3e8, "A/m2", ">"),
        ("exceeding 10.15 x 106 m", "length", 10.15e6, "m", ">"),
        ("an irradiance of 1 367 watts per square metre", "power_per_area", 1367.0, "W/m2", "="),
        ("a settling time less than 9 ns", "time", 9e-9, "s", "<"),
    ],
)
def test_english(text, quantity, value, unit, operator):
    parameter = one(text)
    assert (parameter.quantity, parameter.unit, parameter.operator) == (quantity, unit, operator)
    assert parameter.value == pytest.approx(value)


def test_ranges_and_parenthesised_equivalents():
    found = extract_parameters("over the entire range from 218 K (−55 °C) to 398 K (+125 °C);")
    # the Celsius equivalents fingerprint as the kelvin values they restate, so they are read once
    assert [(p.value, p.unit, p.operator) for p in found] == [(218.0, "K", ">="), (398.0, "K", "<=")]
    celsius = extract_parameters("from −55 °C to +125 °C")
    assert [(p.unit, p.operator) for p in celsius] == [("degC", ">="), ("degC", "<=")]
    assert [match_key(p) for p in celsius] == [match_key(p) for p in found]


def test_decimal_comma_and_thousands():
    assert one("exceeding 3,500 MSPS").value == pytest.approx(3.5e9)
    assert one("exceeding 3 500 MSPS").value == pytest.approx(3.5e9)
    assert one("exceeding 3500 MSPS").value == pytest.approx(3.5e9)
    assert one("less than 4,5 K", decimal_comma=True).value == pytest.approx(4.5)
    assert one("within 0,024 %").value == pytest.approx(0.024)


def test_codes_years_and_labels_are_not_parameters():
    assert extract_parameters("See 3A001.a.1 and 1C010.c, Category 5 - Part 2; Not used since 2010") == []
    assert extract_parameters("For the purposes of 3.A.1.a.5.a.: 1. A resolution of n bit") == []


@pytest.mark.parametrize(
    ("text", "value", "unit", "operator"),
    [
        ("周波数が３００メガヘルツ以上のもの", 3e8, "Hz", ">="),
        ("全吸収線量がシリコン換算で五、〇〇〇グレイ以上のもの", 5000.0, "Gy(Si)", ">="),
        ("吸収線量がシリコン換算で一秒間に五、〇〇〇、〇〇〇グレイ以上のもの", 5e6, "Gy(Si)/s", ">="),
        ("零下二六八・六五度以下の温度で作動するように設計したもの", -268.65, "degC", "<="),
        ("合計処理性能（ＴＰＰ）が六、〇〇〇以上のもの", 6000.0, "1", ">="),
        ("定格最大電流密度が三〇〇アンペア毎平方ミリメートルを超えるもの", 3e8, "A/m2", ">"),
        ("コイルの内径が二五〇ミリメートルを超えるもの", 0.25, "m", ">"),
        ("四〇ボルトアンペア", None, None, None),
    ],
)
def test_japanese(text, value, unit, operator):
    found = extract_parameters(text)
    if value is None:
        assert all(p.unit != "V" for p in found)
        return
    assert len(found) == 1, found
    assert (found[0].unit, found[0].operator) == (unit, operator)
    assert found[0].value == pytest.approx(value)


def test_japanese_and_english_fingerprints_meet():
    english = extract_parameters(
        "greater than 1,3 Giga Samples Per Second (GSPS); 8 bit or more, less than 10 bit", decimal_comma=True
    )
    japanese = extract_parameters(
        "分解能が八ビット以上一〇ビット未満のものであって、サンプルレートが一・三ギガサンプリング毎秒を超えるもの"
    )
    assert {(match_key(p), p.operator) for p in english} == {(match_key(p), p.operator) for p in japanese}
    cryogenic_en = extract_parameters("equal to or less (better) than 4,5 K (-268,65 °C)", decimal_comma=True)
    cryogenic_jp = extract_parameters("零下二六八・六五度以下の温度で作動するように設計したもの")
    assert {match_key(p) for p in cryogenic_jp} <= {match_key(p) for p in cryogenic_en}

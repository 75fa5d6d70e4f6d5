"""The crosswalk engine on tiny hand-built lists (no documents needed)."""

from __future__ import annotations

import io

import pytest

from mappings.compare import compare_entries
from mappings.divergence import divergences
from mappings.engine import canonical_code, compute_crosswalk
from mappings.evaluate import TruthRow, evaluate
from mappings.model import Entry, Mapping, Method, Relation
from mappings.sssom import mappings_from_sssom, read_sssom, write_sssom


def E(j, l, code, text, *, kind="item", parent=None, reserved=False, regime=None, key=None, **attributes):
    key = key or code.lower()
    return Entry(j, l, key, code, kind, parent, "", text, reserved, regime, dict(attributes))


def wassenaar_style(j: str, l: str, *, converter: str, extra: list[Entry] = ()) -> list[Entry]:
    return [
        E(j, l, "3A001", "Electronic items as follows:", kind="entry", parent="3a"),
        E(j, l, "3A001.a", "General purpose integrated circuits, as follows:", parent="3a001"),
        E(j, l, "3A001.a.5", "ADC integrated circuits, as follows:", parent="3a001.a"),
        E(j, l, "3A001.a.5.a.1", converter, parent="3a001.a.5"),
        E(
            j,
            l,
            "3A001.a.10",
            "Custom integrated circuits having an operating frequency exceeding 3 GHz;",
            parent="3a001.a",
        ),
        *extra,
    ]


EU_CONVERTER = (
    'A resolution of 8 bit or more, but less than 10 bit, with a "sample rate" greater than 1,3 GSPS;'
)
US_CONVERTER = "a.5.a.1. A resolution of 8 bit or more, but less than 10 bit, with a “sample rate” greater than 1.3 GSPS;"


@pytest.fixture
def lists():
    eu = wassenaar_style("eu", "annex-i", converter=EU_CONVERTER, extra=[
        E("eu", "annex-i", "3A501", "Electronic items as follows:", kind="entry", parent="3a", regime="national"),
        E("eu", "annex-i", "3A501.a.15", "Complementary Metal Oxide Semiconductor (CMOS) integrated circuits, "
          "designed to operate at an ambient temperature equal to or less (better) than 4,5 K (-268,65 °C).",
          parent="3a501", regime="national"),
    ])  # fmt: skip
    us = wassenaar_style("us", "ccl", converter=US_CONVERTER, extra=[
        E("us", "ccl", "3A901", "3A901 Electronic items, as follows (see List of Items Controlled).", kind="entry",
          parent="3a", regime="national"),
        E("us", "ccl", "3A901.a", "a. Complementary Metal Oxide Semiconductor (CMOS) integrated circuits, "
          "designed to operate at an ambient temperature equal to or less (better) than 4.5 K (−268.65 °C).",
          parent="3a901", regime="national"),
        E("us", "ccl", "3A611", "3A611 Military electronics, as follows.", kind="entry", parent="3a",
          regime="national"),
    ])  # fmt: skip
    wa = [
        E("wa", "wassenaar", "3.A.1", "Electronic items as follows:", kind="entry", key="3.a.1", eu_code="3A001"),
        E("wa", "wassenaar", "3.A.1.a", "General purpose integrated circuits, as follows:", parent="3.a.1",
          key="3.a.1.a", eu_code="3A001.a"),
        E("wa", "wassenaar", "3.A.1.a.5", "ADC integrated circuits, as follows:", parent="3.a.1.a",
          key="3.a.1.a.5", eu_code="3A001.a.5"),
        E("wa", "wassenaar", "3.A.1.a.5.a.1", "Not used since 2025", parent="3.a.1.a.5", reserved=True,
          key="3.a.1.a.5.a.1", eu_code="3A001.a.5.a.1", not_used_since=2025),
        E("wa", "wassenaar", "3.A.1.a.10", "Custom integrated circuits having an operating frequency exceeding "
          "5 GHz;", parent="3.a.1.a", key="3.a.1.a.10", eu_code="3A001.a.10"),
    ]  # fmt: skip
    uk = [
        E(
            "uk",
            "secl",
            "PL9001",
            "Goods specially designed for national reasons, as follows:",
            kind="entry",
            regime="national",
        ),
        E("uk", "secl", "3A001", "Electronic items as follows:", kind="entry"),
    ]
    return {("eu", "annex-i"): eu, ("us", "ccl"): us, ("wa", "wassenaar"): wa, ("uk", "secl"): uk}


def find(mappings, subject_j, subject_key, object_j):
    return [m for m in mappings if m.subject_jurisdiction == subject_j and m.subject_key == subject_key
            and m.object_jurisdiction == object_j]  # fmt: skip


def test_canonical_codes():
    assert canonical_code("3. A. 1. a. 5") == "3a001.a.5"
    assert canonical_code("3A001.a.5.") == "3a001.a.5"
    assert canonical_code("ML8.a.1") == "ml8.a.1"
    assert canonical_code("PL9001") == "pl9001"
    assert canonical_code("7の項(1)") is None


def test_same_code_editorial_differences_are_exact(lists):
    mappings = compute_crosswalk(lists, [])
    (m,) = find(mappings, "eu", "3a001.a.5.a.1", "us")
    assert m.relation == Relation.EXACT and m.method == Method.CODE
    assert m.object_key == "3a001.a.5.a.1"
    (back,) = find(mappings, "us", "3a001.a.5.a.1", "eu")  # both directions
    assert back.relation == Relation.EXACT and back.object_key == "3a001.a.5.a.1"


def test_edition_lag_is_close_with_the_difference(lists):
    mappings = compute_crosswalk(lists, [])
    (m,) = find(mappings, "eu", "3a001.a.5.a.1", "wa")
    assert m.relation == Relation.CLOSE
    assert m.object_key == "3.a.1.a.5.a.1"
    assert m.evidence["reserved"] == {"a": False, "b": True}
    assert m.evidence["text_diff"]  # the texts, side by side
    assert "2025" in " ".join(m.evidence["notes"])
    (threshold,) = find(mappings, "eu", "3a001.a.10", "wa")
    assert threshold.relation == Relation.CLOSE
    (pair,) = [p for p in threshold.evidence["parameters"] if p["unit"] == "Hz"]
    assert pair["status"] == "different" and pair["a"][0]["value"] == 3e9 and pair["b"][0]["value"] == 5e9


def test_national_entries_have_no_counterpart_and_plurilateral_ones_do(lists):
    mappings = compute_crosswalk(lists, [])
    (pl,) = find(mappings, "uk", "pl9001", "eu")
    assert pl.relation == Relation.NO_COUNTERPART and pl.object_key is None
    assert pl.evidence["national"] is True
    (military,) = find(mappings, "us", "3a611", "eu")
    assert military.relation == Relation.NO_COUNTERPART
    (cmos,) = find(mappings, "eu", "3a501.a.15", "us")  # different numbers, same control
    assert cmos.relation == Relation.EXACT and cmos.object_key == "3a901.a"
    assert cmos.method in (Method.TEXT, Method.PARAMETERS)
    assert not [m for m in find(mappings, "eu", "3a501.a.15", "us") if m.relation == Relation.NO_COUNTERPART]


def test_curated_overrides_win(lists):
    curated = [
        Mapping("eu", "annex-i", "3a001.a.10", "3A001.a.10", "wa", "wassenaar", "3.a.1.a.10", "3.A.1.a.10",
                Relation.NARROW, 0.9, Method.CURATED, author="harmonize:tester", date="2026-11-26",
                justification="reviewed"),
        Mapping("us", "ccl", "3a611", "3A611", "eu", "annex-i", "3a501", "3A501", Relation.RELATED, 0.8,
                Method.CURATED, justification="reviewed"),
    ]  # fmt: skip
    mappings = compute_crosswalk(lists, curated)
    (m,) = find(mappings, "eu", "3a001.a.10", "wa")
    assert (m.relation, m.method, m.author, m.justification) == (Relation.NARROW, "curated", "harmonize:tester",
                                                                 "reviewed")  # fmt: skip
    (inverse,) = find(mappings, "wa", "3.a.1.a.10", "eu")
    assert inverse.relation == Relation.BROAD and inverse.method == "curated"
    rows = find(mappings, "us", "3a611", "eu")  # the computed no_counterpart gave way
    assert [(r.relation, r.object_key) for r in rows] == [(Relation.RELATED, "3a501")]


JP_ARTICLE = [
    E("jp", "goods-order", "第6条", "輸出令別表第一の七の項の経済産業省令で定める仕様のものは、次のいずれかに該当するものとする。",
      kind="entry", key="art6", answers_for=[{"table": "別表第一", "row": "7", "printed": "別表第一の七の項"}]),
    E("jp", "goods-order", "第6条第1号", "集積回路であって、次のいずれかに該当するもの", parent="art6", key="art6.1"),
    E("jp", "goods-order", "第6条第1号イ", "分解能が八ビット以上一〇ビット未満のものであって、サンプルレートが一・三ギガサンプリング毎秒を超えるもの",
      parent="art6.1", key="art6.1.i"),
    E("jp", "goods-order", "第6条第1号ロ", "カスタム集積回路であって、動作周波数が三ギガヘルツを超えるもの", parent="art6.1",
      key="art6.1.ro"),
]  # fmt: skip
JP_TABLE = [
    E(
        "jp",
        "export-order-table-1",
        "7の項",
        "次に掲げる貨物であつて、経済産業省令で定める仕様のもの",
        kind="entry",
        key="7",
    ),
    E("jp", "export-order-table-1", "7の項(1)", "集積回路", parent="7", key="7.1"),
]


def test_japan_is_aligned_by_parameters_and_order(lists):
    jp_lists = {**lists, ("jp", "goods-order"): JP_ARTICLE, ("jp", "export-order-table-1"): JP_TABLE}
    for entry in JP_TABLE:
        entry.title = entry.text if entry.key == "7.1" else ""
    mappings = compute_crosswalk(jp_lists, [])
    (adc,) = find(mappings, "jp", "art6.1.i", "eu")
    assert adc.relation == Relation.EXACT and adc.object_key == "3a001.a.5.a.1"
    assert all(p["status"] == "equal" for p in adc.evidence["parameters"])
    (custom,) = find(mappings, "jp", "art6.1.ro", "eu")
    assert custom.object_key == "3a001.a.10"
    # Wassenaar prints 5 GHz: no parameter anchors it, and EU↔Wassenaar is close, so nothing chains
    assert all(m.relation != Relation.EXACT for m in find(mappings, "jp", "art6.1.ro", "wa"))
    (ics,) = find(mappings, "jp", "art6.1", "eu")  # a heading maps where its items' matches meet
    assert ics.object_key == "3a001.a"
    (row,) = find(mappings, "jp", "7.1", "eu")  # the 別表 row inherits from the 省令 item specifying it
    assert row.object_key == "3a001.a" and row.method == Method.DELEGATION
    assert not find(mappings, "jp", "7.1", "jp")  # nothing within one jurisdiction by default
    assert not [
        m for m in mappings if m.subject_jurisdiction == "jp" and m.relation == Relation.NO_COUNTERPART
    ]


def test_only_exact_matches_chain(lists):
    jp_lists = {("eu", "annex-i"): lists[("eu", "annex-i")], ("us", "ccl"): lists[("us", "ccl")],
                ("jp", "goods-order"): [E("jp", "goods-order", "X", "なにか", kind="entry", key="x"),
                                        E("jp", "goods-order", "Y", "なにか", kind="entry", key="y")]}  # fmt: skip
    curated = [
        Mapping("jp", "goods-order", "x", "X", "eu", "annex-i", "3a001.a.10", "3A001.a.10", Relation.EXACT, 1.0,
                Method.CURATED),
        Mapping("jp", "goods-order", "y", "Y", "eu", "annex-i", "3a001.a.10", "3A001.a.10", Relation.CLOSE, 1.0,
                Method.CURATED),
    ]  # fmt: skip
    mappings = compute_crosswalk(jp_lists, curated)
    # curated rows are applied after chaining, so chain through a computed exact: EU 3A001.a.10 = US
    chained = compute_crosswalk(jp_lists, curated)
    assert find(chained, "eu", "3a001.a.10", "us")[0].relation == Relation.EXACT
    assert find(mappings, "jp", "y", "us") == []  # a close match is never chained


def test_compare_entries_side_by_side():
    a = E("eu", "annex-i", "3A001.a.5.a.1", EU_CONVERTER)
    b = E("wa", "wassenaar", "3A001.a.5.a.1", 'A resolution of 8 bit or more, but less than 10 bit, with a '
          '"sample rate" greater than 2.6 GSPS;')  # fmt: skip
    comparison = compare_entries(a, b)
    assert comparison.status == "thresholds_differ"
    (rate,) = [p for p in comparison.parameters if p.unit == "sample/s"]
    assert rate.status == "different" and rate.a[0]["value"] == 1.3e9 and rate.b[0]["value"] == 2.6e9
    (bits,) = [p for p in comparison.parameters if p.unit == "bit"]
    assert bits.status == "equal"
    assert any(op["a"] == "1.3" and op["b"] == "2.6" for op in comparison.text_diff)
    same = compare_entries(a, E("us", "ccl", "3A001.a.5.a.1", US_CONVERTER))
    assert same.status == "same" and same.parameters_equal


def test_divergences(lists):
    mappings = compute_crosswalk(lists, [])
    found = divergences(mappings, "us", ["eu"])
    assert ("no_counterpart", "3A611") in {(d.kind, d.entry_code) for d in found}
    assert "3A901.a" not in {d.entry_code for d in found}  # a counterpart under another number
    eu_wa = divergences(mappings, "eu", ["wa"])
    kinds = {(d.kind, d.entry_code) for d in eu_wa}
    assert ("threshold_differs", "3A001.a.10") in kinds
    assert ("threshold_differs", "3A001.a.5.a.1") in kinds  # removed in Wassenaar 2025


def test_sssom_round_trip(lists):
    mappings = compute_crosswalk(lists, [])
    buffer = io.StringIO()
    write_sssom(mappings, buffer, mapping_set_id="https://w3id.org/harmonize/test", version="t")
    text = buffer.getvalue()
    assert text.startswith("#curie_map:\n")
    for needle in ("#mapping_set_id:", "#license:", "us: \"https://w3id.org/harmonize/list/us/ccl/\"",
                   "sssom:NoTermFound", "skos:closeMatch", "skos:exactMatch"):  # fmt: skip
        assert needle in text
    parsed = read_sssom(io.StringIO(text))
    assert parsed.metadata["mapping_set_id"] == "https://w3id.org/harmonize/test"
    assert parsed.prefixes["wa"] == ("wa", "wassenaar")
    back = mappings_from_sssom(parsed)
    assert len(back) == len(mappings)
    original = {(m.subject_jurisdiction, m.subject_key, m.object_jurisdiction, m.object_key, str(m.relation))
                for m in mappings}  # fmt: skip
    assert {(m.subject_jurisdiction, m.subject_key, m.object_jurisdiction, m.object_key, str(m.relation))
            for m in back} == original  # fmt: skip


def test_sssom_reader_refuses_rows_it_cannot_place():
    text = "#curie_map:\n#  eu: https://w3id.org/harmonize/list/eu/annex-i/\nsubject_id\tpredicate_id\tobject_id\n" \
           "eu:3a001\tskos:exactMatch\tsssom:NoTermFound\n"  # fmt: skip
    with pytest.raises(ValueError, match="object_source"):
        mappings_from_sssom(read_sssom(io.StringIO(text)))


def test_evaluate_counts_per_pair_and_relation():
    def m(s, o, relation):
        return Mapping("eu", "annex-i", s, s, "us", "ccl", o, o, relation, 1.0, "code")

    truth = [TruthRow("eu", "3a001", "us", "3a001", Relation.EXACT),
             TruthRow("eu", "3a002", "us", "3a002", Relation.CLOSE),
             TruthRow("eu", "3a501", "us", None, Relation.NO_COUNTERPART)]  # fmt: skip
    predicted = [
        m("3a001", "3a001", Relation.EXACT),
        m("3a002", "3a002", Relation.EXACT),
        Mapping(
            "eu", "annex-i", "3a501", "3A501", "us", "ccl", None, None, Relation.NO_COUNTERPART, 1, "code"
        ),
        m("9a999", "9a999", Relation.EXACT),
    ]  # fmt: skip  (9a999 is not judged)
    scores = evaluate(predicted, truth)
    exact = scores[("eu", "us", "exact")]
    assert (exact.true_positives, exact.predicted, exact.truth) == (1, 2, 1)
    assert exact.precision == 0.5 and exact.recall == 1.0
    assert scores[("eu", "us", "close")].recall == 0.0
    assert scores[("eu", "us", "no_counterpart")].precision == 1.0
    assert scores[("eu", "us", "any")].recall == 1.0


def test_national_munitions_numbers_are_codes_too():
    from mappings.engine import canonical_code

    assert canonical_code("ML901") == "ml901"  # Australia's national ML901-ML910
    assert canonical_code("ML22.b") == "ml22.b"

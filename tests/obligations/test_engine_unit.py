"""The obligation engine on small hand-built data: each rule, and the ways an answer must stay
INDETERMINATE rather than guess."""

from __future__ import annotations

import pytest

from obligations import EndUse, EntryView, ItemRef, Licence, ReferenceData, check, summarise
from obligations.annex_iv import annex_iv_rows, status_of
from obligations.engine import CheckRequest, check_batch
from obligations.static import StaticLookup
from obligations.us import footnote_effect, reason_scope

COLUMNS = ["NS1", "NS2", "MT1", "AT1", "AT2"]


def chart_row(iso: str, name: str, marks: set[str], footnotes: list[int] | None = None) -> dict:
    return {
        "name_as_printed": name,
        "iso": iso,
        "footnotes": footnotes or [],
        "embargoed": False,
        "columns": {c: c in marks for c in COLUMNS},
    }


def reference(**extra) -> ReferenceData:
    tables = {
        "us_country_chart": {
            "CN": chart_row("CN", "China", {"NS1", "NS2", "MT1"}),
            "DE": chart_row("DE", "Germany", {"NS1", "MT1"}),
            "CH": chart_row("CH", "Switzerland", {"NS1"}),
            "LI": chart_row("LI", "Liechtenstein", {"NS1", "NS2"}, [5]),
            "IN": chart_row("IN", "India", {"NS1"}, [7]),
            "RU": chart_row("RU", "Russia", {"NS1", "NS2"}, [6]),
            "CU": {
                "name_as_printed": "Cuba",
                "iso": "CU",
                "footnotes": [],
                "embargoed": True,
                "columns": {},
                "text": "See part 746 of the EAR to determine whether a license is required.",
            },
        },
        "us_country_chart_footnote": {
            "5": {"text": "Refer to Switzerland for licensing requirements for Liechtenstein under the EAR."},
            "6": {
                "text": "See § 746.8 of the EAR for additional license requirements for items listed in any ECCN "
                "on the CCL."
            },
            "7": {
                "text": "Note that a license is still required for items controlled under ECCNs 9A999.b for "
                "NS column 2 reasons when destined to India."
            },
        },
        "us_country_group": {"B": {"title": "Countries", "members": ["DE", "CH", "IN"]}},
        "eu_general_authorisation": {
            "EU001": {
                "title": "EU001 — A. EXPORTS TO AUSTRALIA, ...",
                "items_scope": "all_except",
                "covered_item_keys": [],
                "excluded_item_keys": ["9a901", "9a902.a"],
                "excluded_items_by_reference": ["all items specified in Annex IV"],
                "items_as_printed": "This authorisation covers all dual-use items specified in any entry in Annex I, "
                "except those listed in Section I of this Annex.",
                "destinations_scope": "listed",
                "destinations": ["US", "JP"],
                "text": "Part 3 – Conditions 1. (a)(i) for use in connection with chemical, biological or nuclear "
                "weapons; (ii) for a military end-use as defined in point (b) of Article 4(1) of this "
                "Regulation in a country subject to an arms embargo; or",
            },
            "EU003": {
                "title": "EU003 — C. EXPORT AFTER REPAIR/REPLACEMENT",
                "items_scope": "all_except",
                "excluded_item_keys": ["9a901"],
                "items_as_printed": "all dual-use items",
                "destinations_scope": "listed",
                "destinations": ["CN"],
                "text": "",
            },
        },
        "eu_annex_iv": annex_iv_rows(
            "PART I 9A905 Things. All Category 0 of Annex I is included in Annex IV, "
            "subject to the following: — 0C001: this item is not included in Annex IV."
        ),
        "jp_group_a": {"DE": {}, "US": {}},
        "jp_arms_embargo": {"IQ": {}},
    }
    tables.update(extra)
    return ReferenceData.from_tables(tables, {"us_country_chart": "Chart (test)"})


def e(jurisdiction, key, code=None, parent=None, kind="item", reasons=None, list_id=None, **attributes):
    return EntryView(
        jurisdiction=jurisdiction,
        list_id=list_id
        or {"us": "ccl", "eu": "annex-i", "uk": "secl"}.get(jurisdiction, "export-order-table-1"),
        key=key,
        code=code or key,
        kind=kind,
        parent_key=parent,
        reasons=reasons or [],
        attributes=attributes,
    )


def reason(code, applies, column=None, paragraphs=None):
    return {
        "reason": code,
        "applies_to": applies,
        "country_chart_column": column,
        "paragraphs": paragraphs or [],
    }


US_ENTRIES = [
    e(
        "us",
        "9a999",
        "9A999",
        kind="entry",
        reasons=[
            reason("NS", "entire entry", "NS2", ["9a999"]),
            reason("MT", "9A999.c when usable in missiles", "MT1", ["9a999.c"]),
            reason("AT", "entire entry", "AT1", ["9a999"]),
        ],
        license_exceptions={"LVS": "$5000", "GBS": "N/A"},
    ),
    e("us", "9a999.a", "9A999.a", "9a999"),
    e("us", "9a999.b", "9A999.b", "9a999"),
    e("us", "9a999.c", "9A999.c", "9a999"),
    e(
        "us",
        "9a998",
        "9A998",
        kind="entry",
        reasons=[
            reason("NS", "entire entry, except .b", "NS1", ["9a998"]),
            reason("EI", "entire entry", None, ["9a998"]),
        ],
    ),
    e("us", "9a998.a", "9A998.a", "9a998"),
    e("us", "9a998.b", "9A998.b", "9a998"),
]
EU_ENTRIES = [
    e("eu", "9a901", "9A901", kind="entry"),
    e("eu", "9a902", "9A902", kind="entry"),
    e("eu", "9a902.a", "9A902.a", "9a902"),
    e("eu", "9a902.b", "9A902.b", "9a902"),
    e("eu", "9a905", "9A905", kind="entry"),
    e("eu", "0b001", "0B001", kind="entry"),
]
JP_ENTRIES = [
    e("jp", "7", "7の項", kind="entry", regions="全地域"),
    e("jp", "7.1", "7の項(1)", "7"),
    e("jp", "16", "16の項", kind="entry", regions="全地域（別表第三に掲げる地域を除く。）"),
    e("jp", "16.1", "16の項(1)", "16"),
]


def lookup(counterparts=None) -> StaticLookup:
    return StaticLookup(US_ENTRIES + EU_ENTRIES + JP_ENTRIES + [e("uk", "9a902.b", "9A902.b")], counterparts)


def run(item: str, origin: str, destination: str, counterparts=None, data=None, **flags):
    return check(
        [ItemRef.parse(item)], origin, destination, EndUse(**flags), data or reference(), lookup(counterparts)
    )


def only(results, jurisdiction):
    found = [r for r in results if r.jurisdiction == jurisdiction]
    assert len(found) == 1, [r.jurisdiction for r in results]
    return found[0]


# ------------------------------------------------------------------------------------------- US


def test_us_column_with_x_requires_a_licence_and_cites_the_row():
    result = only(run("US 9A999.a", "US", "CN"), "us")
    assert result.licence == Licence.REQUIRED
    assert any(
        c.text == "NS2 ✕ for China (CN) in the Commerce Country Chart"
        and "row China" in c.source
        and c.source.startswith("Chart (test)")
        for c in result.citations
    )


def test_us_no_x_in_any_applicable_column_is_not_required():
    result = only(run("US 9A999.a", "US", "DE"), "us")
    assert result.licence == Licence.NOT_REQUIRED
    assert any(c.text.startswith("NS2: no ✕ for Germany") for c in result.citations)
    assert any(c.text.startswith("AT1: no ✕ for Germany") for c in result.citations)


def test_us_prose_scope_with_x_is_indeterminate_not_a_guess():
    # MT applies to 9A999.c only "when usable in missiles"; Germany has an X in MT1
    result = only(run("US 9A999.c", "US", "DE"), "us")
    assert result.licence == Licence.INDETERMINATE and result.needs_review


def test_us_reason_for_part_of_the_item_is_indeterminate():
    result = only(run("US 9A999", "US", "DE"), "us")  # the whole ECCN: MT applies to 9A999.c only
    assert result.licence == Licence.INDETERMINATE


def test_us_exception_in_scope_excludes_the_item():
    # NS1 "entire entry, except .b" — Germany has NS1 X; 9A998.b is excepted, but EI is not a chart column
    result = only(run("US 9A998.b", "US", "DE"), "us")
    assert result.licence == Licence.INDETERMINATE  # EI decides nothing on the chart
    assert any("excepts 9A998.b" in n for n in result.notes)
    assert only(run("US 9A998.a", "US", "DE"), "us").licence == Licence.REQUIRED  # NS1 X, not excepted
    assert only(run("US 9A998", "US", "DE"), "us").licence == Licence.INDETERMINATE  # .b inside is excepted


def test_us_embargoed_row_requires_a_licence():
    result = only(run("US 9A999.a", "US", "CU"), "us")
    assert result.licence == Licence.REQUIRED
    assert any("See part 746" in c.text for c in result.citations)


def test_us_footnote_redirect_uses_the_other_row():
    # Liechtenstein's own row has NS2 X, but footnote 5 sends it to Switzerland (no NS2 X)
    result = only(run("US 9A999.a", "US", "LI"), "us")
    assert result.licence == Licence.NOT_REQUIRED
    assert any("Footnote 5" in c.text for c in result.citations)
    assert any("row Switzerland" in c.source for c in result.citations)


def test_us_footnote_naming_the_item_requires_a_licence():
    assert only(run("US 9A999.b", "US", "IN"), "us").licence == Licence.REQUIRED  # footnote 7
    assert only(run("US 9A999.a", "US", "IN"), "us").licence == Licence.NOT_REQUIRED  # not named


def test_us_any_eccn_footnote_requires_a_licence():
    result = only(run("US 9A999.a", "US", "RU"), "us")
    assert result.licence == Licence.REQUIRED
    assert any("Footnote 6" in c.text for c in result.citations)


def test_us_without_a_chart_is_indeterminate():
    data = reference(us_country_chart={})
    assert only(run("US 9A999.a", "US", "DE", data=data), "us").licence == Licence.INDETERMINATE


def test_us_end_use_flag_stops_a_not_required():
    result = only(run("US 9A999.a", "US", "DE", wmd=True), "us")
    assert result.licence == Licence.INDETERMINATE
    assert any("part 744" in c.source for c in result.citations)


def test_us_license_exception_listed_when_group_matches():
    result = only(run("US 9A999.a", "US", "CN"), "us")
    assert not result.authorisations  # China is not in Country Group B here
    india = only(run("US 9A999.b", "US", "IN"), "us")
    assert india.licence == Licence.REQUIRED
    assert any(a.startswith("License Exception LVS may apply") for a in india.authorisations)


def test_chart_cell_text_without_a_column():
    # the CCL cell may name no column: "Worldwide control", "ALL destinations, except Canada", D:5 only
    entries = US_ENTRIES + [
        e(
            "us",
            "9a997",
            "9A997",
            kind="entry",
            reasons=[
                dict(
                    reason("NS", "entire entry", None, ["9a997"]),
                    country_chart_text="Worldwide control. See § 742.4.",
                ),
            ],
        ),
        e(
            "us",
            "9a996",
            "9A996",
            kind="entry",
            reasons=[
                dict(
                    reason("CC", "entire entry", None, ["9a996"]),
                    country_chart_text=(
                        "A license is required for ALL destinations, except Canada, regardless of end use."
                    ),
                ),
            ],
        ),
        e(
            "us",
            "9a995",
            "9A995",
            kind="entry",
            reasons=[
                dict(
                    reason("RS", "entire entry", None, ["9a995"]),
                    country_chart_text=(
                        "To or within Macau or a destination specified in Country Group D:5 of supplement no. 1 to part "
                        "740 of the EAR."
                    ),
                ),
            ],
        ),
        e("us", "9a994", "9A994", kind="entry", reasons=[reason("AT", "entire entry", None, ["9a994"])]),
    ]
    data = reference(
        us_country_group={"D:5": {"title": "Arms embargoed", "members": ["CN"]}},
        us_country_chart={
            **{k: v for k, v in reference().us_chart.items()},
            "CA": chart_row("CA", "Canada", set()),
            "MO": chart_row("MO", "Macau", set()),
        },
    )
    look = StaticLookup(entries)

    def licence(code, destination):
        return only(check([ItemRef("us", code)], "US", destination, EndUse(), data, look), "us").licence

    assert licence("9A997", "DE") == Licence.REQUIRED
    assert licence("9A996", "DE") == Licence.REQUIRED
    assert licence("9A996", "CA") == Licence.NOT_REQUIRED
    assert licence("9A995", "CN") == Licence.REQUIRED
    assert licence("9A995", "MO") == Licence.REQUIRED
    assert licence("9A995", "DE") == Licence.NOT_REQUIRED
    assert licence("9A994", "DE") == Licence.INDETERMINATE  # no column and no cell text: never a guess


def test_run_together_reason_rows_are_split():
    from obligations.us import split_reasons

    rows = split_reasons([reason("NP", "entire entry AT applies to entire entry", "NP1", ["1a231"])])
    assert [(r["reason"], r["applies_to"], r["country_chart_column"]) for r in rows] == [
        ("NP", "entire entry", "NP1"),
        ("AT", "entire entry", None),
    ]


def test_reason_scope_kinds():
    assert reason_scope(reason("NS", "entire entry", "NS2", ["3a001"]), "3a001.a.1", "3a001")[0] == "definite"
    assert (
        reason_scope(
            reason("NS", "entire entry, except .e, .x, and .y", "NS1", ["9a515"]), "9a515.e", "9a515"
        )[0]
        == "excluded"
    )
    assert (
        reason_scope(
            reason("NS", "entire entry, except .e, .x, and .y", "NS1", ["9a515"]), "9a515.a", "9a515"
        )[0]
        == "definite"
    )
    assert (
        reason_scope(
            reason("MT", "3A001.a.1.a when usable in missiles", "MT1", ["3a001.a.1.a"]), "3a001.a.1", "3a001"
        )[0]
        == "partial"
    )
    assert (
        reason_scope(
            reason("MT", "3A001.a.1.a when usable in missiles", "MT1", ["3a001.a.1.a"]),
            "3a001.a.1.a",
            "3a001",
        )[0]
        == "conditional"
    )
    assert reason_scope(reason("RS", "3A001.z.1.a, z.2.a", None, []), "3a001.z.2.a", "3a001")[0] == "definite"
    assert reason_scope(reason("RS", "something vague", None, []), "3a001.a", "3a001")[0] == "unknown"
    assert (
        reason_scope(reason("NP", "3A001.e.2", "NP1", ["3a001.e.2"]), "3a001.a.2", "3a001")[0] == "unrelated"
    )


def test_footnote_effect_kinds():
    gb = (
        "A license is required to these destinations for items in the following ECCNs: 0A501 (except for "
        "0A501.y), 0A502 for shotguns with a barrel length less than 18 inches, 0A505.a and .x, 0A506."
    )
    assert footnote_effect("10", gb, "0a506", "0a506", "", "")[0] == "required"
    assert footnote_effect("10", gb, "0a501.a", "0a501", "", "")[0] == "required"
    assert footnote_effect("10", gb, "0a505.x", "0a505", "", "")[0] == "required"
    assert footnote_effect("10", gb, "0a501.y", "0a501", "", "")[0] == "info"
    assert (
        footnote_effect("10", gb, "0a502", "0a502", "", "")[0] == "review"
    )  # "for shotguns ..." is a condition
    assert footnote_effect("10", gb, "3a001", "3a001", "", "")[0] == "info"
    cameras = (
        "See § 742.4(a) for special provisions that apply to exports of certain thermal imaging cameras."
    )
    assert footnote_effect("2", cameras, "6a003.b.4", "6a003", "imaging camera", "")[0] == "review"
    assert footnote_effect("2", cameras, "3a001", "3a001", "integrated circuits", "")[0] == "info"
    assert footnote_effect(
        "5",
        "Refer to Switzerland for licensing requirements for Liechtenstein under the EAR.",
        "3a001",
        "3a001",
        "",
        "",
    ) == ("redirect", "CH")


# ------------------------------------------------------------------------------------------- EU


def test_eu_general_authorisation_covers_destination_and_item():
    result = only(run("EU 9A902.b", "DE", "US"), "eu")
    assert result.licence == Licence.NOT_REQUIRED
    assert any(a.startswith("EU001") for a in result.authorisations)


def test_eu_destination_not_covered_requires_a_licence_and_lists_transaction_authorisations():
    result = only(run("EU 9A902.b", "DE", "CN"), "eu")
    assert result.licence == Licence.REQUIRED
    assert any(a.startswith("EU003 may apply if") for a in result.authorisations)


def test_eu_excluded_item_requires_a_licence():
    assert only(run("EU 9A901", "FR", "US"), "eu").licence == Licence.REQUIRED
    assert only(run("EU 9A902.a", "FR", "US"), "eu").licence == Licence.REQUIRED
    assert only(run("EU 9A902", "FR", "US"), "eu").licence == Licence.INDETERMINATE  # part of it is excluded


def test_eu_annex_iv_item_is_not_covered():
    assert only(run("EU 0B001", "FR", "US"), "eu").licence == Licence.REQUIRED  # all Category 0
    assert only(run("EU 9A905", "FR", "US"), "eu").licence == Licence.INDETERMINATE  # named in Annex IV


def test_eu_intra_union_transfer():
    assert only(run("EU 9A902.b", "DE", "FR"), "eu").licence == Licence.NOT_REQUIRED
    assert only(run("EU 0B001", "DE", "FR"), "eu").licence == Licence.REQUIRED


def test_eu_wmd_knowledge_blocks_the_general_authorisation():
    assert only(run("EU 9A902.b", "DE", "US", wmd=True), "eu").licence == Licence.REQUIRED
    assert only(run("EU 9A902.b", "DE", "US", military=True), "eu").licence == Licence.INDETERMINATE


def test_eu_without_annex_ii_is_indeterminate():
    data = reference(eu_general_authorisation={})
    assert only(run("EU 9A902.b", "DE", "US", data=data), "eu").licence == Licence.INDETERMINATE


# ------------------------------------------------------------------------------------------- JP


def test_jp_items_1_to_15_need_a_licence_everywhere():
    result = only(run("JP 7の項(1)", "JP", "US"), "jp")
    assert result.licence == Licence.REQUIRED
    assert any("全地域" in c.text for c in result.citations)


def test_jp_catch_all():
    assert (
        only(run("JP 16の項(1)", "JP", "DE", military=True), "jp").licence == Licence.NOT_REQUIRED
    )  # Group A
    assert only(run("JP 16の項(1)", "JP", "IQ", military=True), "jp").licence == Licence.REQUIRED
    iraq = only(run("JP 16の項(1)", "JP", "IQ", military=True), "jp")
    assert any("別表第三の二" in c.text for c in iraq.citations) and not iraq.needs_review
    assert only(run("JP 16の項(1)", "JP", "CN", wmd=True), "jp").licence == Licence.REQUIRED
    assert (
        only(run("JP 16の項(1)", "JP", "CN"), "jp").licence == Licence.NOT_REQUIRED
    )  # no knowledge, no notice


# ------------------------------------------------------------------------------------------- crosswalk


def test_no_counterpart_is_indeterminate():
    result = only(run("EU 9A902.b", "JP", "CN"), "jp")
    assert result.licence == Licence.INDETERMINATE and not result.entries


def test_no_counterpart_with_wmd_outside_group_a_is_required_by_the_catch_all():
    assert only(run("EU 9A902.b", "JP", "CN", wmd=True), "jp").licence == Licence.REQUIRED
    assert only(run("EU 9A902.b", "JP", "US", wmd=True), "jp").licence == Licence.INDETERMINATE


def test_exact_counterpart_decides_and_broad_does_not():
    exact = {("eu", "9a902.b"): {"jp": [("7の項(1)", "exact", 0.9, "test")]}}
    result = only(run("EU 9A902.b", "JP", "CN", counterparts=exact), "jp")
    assert result.licence == Licence.REQUIRED and result.entries[0].relation == "exact"
    broad = {("eu", "9a902.b"): {"jp": [("7の項(1)", "broad", 0.6, "test")]}}
    result = only(run("EU 9A902.b", "JP", "CN", counterparts=broad), "jp")
    assert result.licence == Licence.INDETERMINATE
    assert any("7の項(1)" in n for n in result.notes)


def test_disagreeing_exact_counterparts_are_indeterminate():
    both = {("eu", "9a902.b"): {"jp": [("7の項(1)", "exact", 0.9, "t"), ("16の項(1)", "close", 0.8, "t")]}}
    result = only(run("EU 9A902.b", "JP", "DE", counterparts=both), "jp")
    assert result.licence == Licence.INDETERMINATE


def test_us_counterpart_adds_a_us_result_with_a_reexport_note():
    mapped = {("eu", "9a902.b"): {"us": [("9A999.a", "exact", 0.9, "code")]}}
    results = run("EU 9A902.b", "DE", "CN", counterparts=mapped)
    assert [r.jurisdiction for r in results] == ["eu", "us"]
    assert only(results, "us").licence == Licence.REQUIRED
    assert "subject to it" in only(results, "us").notes[0]
    assert [r.jurisdiction for r in run("EU 9A902.b", "DE", "US", counterparts=mapped)] == ["eu"]


def test_us_classified_item_exported_from_japan_gets_both_results():
    results = run("US 9A999.a", "JP", "CN")
    assert [r.jurisdiction for r in results] == ["jp", "us"]
    assert only(results, "us").licence == Licence.REQUIRED


# ------------------------------------------------------------------------------------------- regimes, input


def test_unsupported_exporting_country_is_indeterminate():
    result = run("EU 9A902.b", "SG", "CN")[0]
    assert result.jurisdiction == "sg" and result.licence == Licence.INDETERMINATE


def test_uk_listed_item_is_indeterminate_without_licence_data():
    result = only(run("UK 9A902.b", "GB", "CN"), "uk")
    assert result.licence == Licence.INDETERMINATE and result.citations


def test_unknown_code_is_reported():
    result = only(run("US 1Z999", "US", "CN"), "us")
    assert result.licence == Licence.INDETERMINATE
    assert any("1Z999" in n for n in result.notes)


def test_bad_input():
    with pytest.raises(ValueError):
        run("US 9A999.a", "XX", "CN")
    with pytest.raises(ValueError):
        check([], "US", "CN", EndUse(), reference(), lookup())
    with pytest.raises(ValueError):
        ItemRef.parse("3A001")
    assert ItemRef.parse("EU 3A001.a.2") == ItemRef("eu", "3A001.a.2")
    assert ItemRef.parse("jp:7の項(1)") == ItemRef("jp", "7の項(1)")


def test_batch_keeps_errors_in_place():
    good = CheckRequest([ItemRef("us", "9A999.a")], "US", "CN")
    bad = CheckRequest([ItemRef("us", "9A999.a")], "US", "??")
    out = check_batch([good, bad, good], reference(), lookup())
    assert isinstance(out[1], ValueError)
    assert out[0][0].licence == out[2][0].licence == Licence.REQUIRED


def test_every_answer_cites_a_rule_and_summary_reads():
    for item, origin, destination in [
        ("US 9A999.a", "US", "CN"),
        ("EU 9A902.b", "DE", "US"),
        ("JP 7の項(1)", "JP", "SG"),
        ("JP 16の項(1)", "JP", "DE"),
    ]:
        results = run(item, origin, destination)
        for result in results:
            assert result.citations, (item, result.jurisdiction)
            assert result.summary
        assert summarise(results)


def test_annex_iv_status():
    rows = annex_iv_rows(
        "1C001 Materials. 6A001 Acoustics, limited to: 6A001.a.1.b. Things. All Category 0 of "
        "Annex I is included in Annex IV, subject to the following: — 0C001: this item is not "
        "included in Annex IV. — 0C003 only if for use in a reactor. 1B226 Separators."
    )
    assert status_of("0b001", rows)[0] == "yes"
    assert status_of("0c001", rows)[0] == "no"
    assert status_of("0c003", rows)[0] == "partial"
    assert status_of("6a001.a.2", rows)[0] == "partial"
    assert status_of("3a001.a.2", rows)[0] == "no"

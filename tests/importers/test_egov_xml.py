"""e-Gov Standard Law XML importer: tiny built documents, hostile input, and the real Japanese excerpts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from importers import egov_xml
from importers.countries import UnknownCountry
from importers.egov_xml import (
    DESCRIPTORS,
    GOODS_ORDER_ARTICLES,
    GOODS_ORDER_HEAD,
    OTHER_TABLES,
    TABLE1,
    code_to_key,
    country_code,
    subject_phrase,
)
from importers.errors import DocumentRefused
from importers.japanese_numbers import (
    extract_quantities,
    iroha_key,
    kanji_int,
    label_kanji,
    parse_label,
    parse_number,
)
from importers.records import EntryKind, Regime, check_parsed
from tests.golden_files import assert_golden, entry_snapshot

TABLE1_NAME = "324CO0000000378_20260605_AppdxTable1_excerpt.xml"
TABLE1_OLD_NAME = "324CO0000000378_20250123_AppdxTable1_excerpt.xml"
OTHER_NAME = "324CO0000000378_20260605_AppdxTables2-4_to_7_excerpt.xml"
ARTICLES_NAME = "403M50000400049_20260214_Art6-8_excerpt.xml"
HEAD_NAME = "403M50000400049_20260214_head-Art1-Items1-10_3_excerpt.xml"


# ------------------------------------------------------------------------------------ builders


def _sentence(text: str, num: int = 1) -> str:
    return f'<Sentence Num="{num}" WritingMode="vertical">{text}</Sentence>'


def _column(*sentences: str) -> str:
    body = "".join(_sentence(s, i) for i, s in enumerate(sentences, 1))
    return f'<TableColumn BorderTop="solid">{body}</TableColumn>'


def table1_xml(rows: list[tuple[str, list[str], str]]) -> str:
    header = f"<TableRow>{_column('　')}{_column('貨物')}{_column('地域')}</TableRow>"
    body = "".join(f"<TableRow>{_column(label)}{_column(*goods)}{_column(region)}</TableRow>"
                   for label, goods, region in rows)  # fmt: skip
    return (
        "    <AppdxTable>\n      <AppdxTableTitle>別表第一</AppdxTableTitle>\n"
        f"      <TableStruct><Table>{header}{body}</Table></TableStruct>\n    </AppdxTable>\n"
    )


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def subitem(level: int, title: str, text: str, *children: str, num: int = 1) -> str:
    tag = f"Subitem{level}"
    return (f'<{tag} Num="{num}"><{tag}Title>{title}</{tag}Title><{tag}Sentence>{_sentence(text)}'
            f"</{tag}Sentence>{''.join(children)}</{tag}>")  # fmt: skip


def item(num: str, title: str, text: str, *children: str) -> str:
    return (f'<Item Num="{num}"><ItemTitle>{title}</ItemTitle><ItemSentence>{_sentence(text)}</ItemSentence>'
            f"{''.join(children)}</Item>")  # fmt: skip


def article(num: str, title: str, lead: str, *items: str, caption: str = "") -> str:
    caption_xml = f"<ArticleCaption>{caption}</ArticleCaption>" if caption else ""
    return (
        f'      <Article Num="{num}">{caption_xml}<ArticleTitle>{title}</ArticleTitle>'
        f'<Paragraph Num="1"><ParagraphNum/><ParagraphSentence>{_sentence(lead)}</ParagraphSentence>'
        f"{''.join(items)}</Paragraph></Article>\n"
    )


SMALL_TABLE1 = table1_xml(
    [
        ("一", ["（一）　銃砲若しくはこれに用いる銃砲弾", "（二）　削除"], "全地域"),
        (
            "三の二",
            ["（一）　生物であつて、経済産業省令で定めるもの", "（二）　次に掲げる貨物", "１　発酵槽", "５の２　噴霧乾燥器"],
            "全地域",
        ),
        (
            "七",
            ["次に掲げる貨物であつて、経済産業省令で定める仕様のもの", "（一）　集積回路（四の項の中欄に掲げるものを除く。）",
             "（八の二）　サイリスター", "（十五の三）　極低温用に設計した冷却装置又はその部分品"],
            "全地域",
        ),
        ("一〇", ["（一）　音波を利用した水中探知装置"], "全地域（別表第三に掲げる地域を除く。）"),
    ]
)  # fmt: skip


# --------------------------------------------------------------------------- numbers and labels


def test_kanji_numbers_and_labels():
    assert kanji_int("七") == 7
    assert kanji_int("一〇") == 10 and kanji_int("十") == 10 and kanji_int("一六") == 16
    assert kanji_int("三十五") == 35 and kanji_int("百二十五") == 125 and kanji_int("１６") == 16
    assert parse_label("三の二") == (3, 2)
    assert parse_label("（十五の三）") == (15, 3)
    assert parse_label("（八の二）") == (8, 2)
    assert parse_label("５の２") == (5, 2)
    assert parse_label("10_2") == (10, 2)
    assert label_kanji((16, 3)) == "十六の三"
    with pytest.raises(ValueError):
        parse_label("イ")


def test_iroha_romanisation_is_one_table_and_distinct():
    assert iroha_key("イ") == "i" and iroha_key("ロ") == "ro" and iroha_key("ヲ") == "wo"
    assert iroha_key("ヰ") == "wi" and iroha_key("ヱ") == "we" and iroha_key("ロの二") == "ro-2"
    romaji = {
        egov_xml.iroha_key(k)
        for k in "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
    }
    assert len(romaji) == 47


def test_numbers_in_japanese_text():
    assert parse_number("三、〇〇〇") == 3000.0
    assert parse_number("一・二五") == 1.25
    assert parse_number("２０，４８０") == 20480.0
    assert extract_quantities("周波数が３００メガヘルツ以上で５０ワットを超えるもの") == [
        {"printed": "３００メガヘルツ", "value": 300.0, "unit": "MHz", "operator": ">="},
        {"printed": "５０ワット", "value": 50.0, "unit": "W", "operator": ">"},
    ]
    [cold] = extract_quantities("摂氏マイナス五十五度未満")
    assert cold == {"printed": "摂氏マイナス五十五度", "value": -55.0, "unit": "°C", "operator": "<"}
    [low, high] = extract_quantities("零下五五度以上一二五度以下の全ての温度")
    assert (low["value"], low["unit"], high["value"], high["operator"]) == (-55.0, "°C", 125.0, "<=")
    assert extract_quantities("四〇〇ケルビン以下、一〇ビット、六八デシベル") == [
        {"printed": "四〇〇ケルビン", "value": 400.0, "unit": "K", "operator": "<="},
        {"printed": "一〇ビット", "value": 10.0, "unit": "bit", "operator": None},
        {"printed": "六八デシベル", "value": 68.0, "unit": "dB", "operator": None},
    ]
    # words that merely contain numerals are not quantities; per-area denominators are not thresholds
    assert extract_quantities("一次セル、二次セル又は三次元集積回路") == []
    assert [q["printed"] for q in extract_quantities("一平方センチメートル当たり五〇兆個")] == []


def test_code_to_key_reads_every_printed_form():
    assert code_to_key("7の項") == "7" and code_to_key("七の項") == "7" and code_to_key("一〇の項") == "10"
    assert code_to_key("3の2の項") == "3-2" and code_to_key("三の二の項") == "3-2"
    assert code_to_key("7の項(1)") == "7.1" and code_to_key("7の項（一）") == "7.1"
    assert code_to_key("7の項(十五の三)") == "7.15-3" and code_to_key("7の項(8の2)") == "7.8-2"
    assert code_to_key("3の2の項(2)5の2") == "3-2.2.5-2"
    assert code_to_key("貨物等省令第6条") == "art6"
    assert code_to_key("貨物等省令第6条第1号イ") == "art6.1.i"
    assert code_to_key("第6条第十六号の三") == "art6.16-3"
    assert code_to_key("貨物等省令第6条第1号イ(1)2") == "art6.1.i.1.2"
    with pytest.raises(ValueError):
        code_to_key("3A001.a")


def test_subject_phrase():
    assert subject_phrase("集積回路（四の項の中欄に掲げるものを除く。）") == "集積回路"
    assert subject_phrase("信号発生器であって、次のいずれかに該当するもの（…を除く。）") == "信号発生器"
    assert subject_phrase("次に掲げる貨物であつて、経済産業省令で定める仕様のもの") == ""


def test_japanese_country_names_need_an_exact_row():
    assert country_code("アイルランド") == "IE"
    assert country_code("英国") == "GB"
    assert country_code("Ireland") == "IE"
    with pytest.raises(UnknownCountry):
        country_code("アイスランド")  # not printed in any table here, so no row: never guessed
    with pytest.raises(UnknownCountry):
        country_code("ナルニア")


# ------------------------------------------------------------------------- table 1, built documents


def test_table1_rows_items_and_subitems(tmp_path):
    path = write(tmp_path, "324CO0000000378_20260605_AppdxTable1_excerpt.xml", SMALL_TABLE1)
    parsed = TABLE1.parse(path)
    assert parsed.version_date == date(2026, 6, 5)
    entries = {e.key: e for e in parsed.entries}
    assert [e.key for e in parsed.entries] == [
        "1", "1.1", "1.2", "3-2", "3-2.1", "3-2.2", "3-2.2.1", "3-2.2.5-2", "7", "7.1", "7.8-2", "7.15-3",
        "10", "10.1",
    ]  # fmt: skip
    assert entries["3-2"].code == "3の2の項" and entries["3-2"].kind is EntryKind.ENTRY
    assert entries["3-2.2.5-2"].code == "3の2の項(2)5の2"
    assert entries["3-2.2.5-2"].parent_key == "3-2.2" and entries["3-2.2.5-2"].text == "噴霧乾燥器"
    assert entries["7.8-2"].code == "7の項(8の2)" and entries["7.8-2"].attributes["label"] == "（八の二）"
    assert "7の項(八の二)" in entries["7.8-2"].attributes["alt_codes"]
    assert entries["7"].text == "次に掲げる貨物であつて、経済産業省令で定める仕様のもの"
    assert entries["7.1"].text == "集積回路（四の項の中欄に掲げるものを除く。）"
    assert entries["7.1"].title == "集積回路"
    assert entries["1.2"].reserved and entries["1.2"].text == "削除"
    assert entries["10"].code == "10の項" and entries["10"].attributes["regions"].startswith(
        "全地域（別表第三"
    )
    assert entries["7"].regime is Regime.WASSENAAR and entries["3-2.1"].regime is Regime.AUSTRALIA_GROUP
    assert "excerpt" not in entries["1"].attributes  # one whole AppdxTable: no cut to record


def test_ruby_sentence_is_flagged_not_reordered(tmp_path):
    doc = table1_xml([("七", ["（二十）　有機金属化合物又は、素若しくはアンチモンの有機化合物"], "全地域")])
    doc = doc.replace(
        "アンチモンの有機化合物</Sentence>",
        "アンチモンの有機化合物\n   <Ruby>\n  燐\n  <Rt>りん</Rt>\n </Ruby>\n</Sentence>",
    )
    parsed = TABLE1.parse(write(tmp_path, TABLE1_NAME, doc))
    entry = parsed.entries[1]
    assert entry.attributes["flags"] == ["inline_order_lost"]
    assert entry.attributes["ruby"] == [{"base": "燐", "reading": "りん"}]
    assert entry.text == "有機金属化合物又は、素若しくはアンチモンの有機化合物燐"  # the copy's order, kept


# --------------------------------------------------------------------- goods order, built documents

SMALL_ARTICLES = (
    article(
        "6", "第六条", "輸出令別表第一の七の項の経済産業省令で定める仕様のものは、次のいずれかに該当するものとする。",
        item("1", "一", "集積回路であって、次のいずれかに該当するもの",
             subitem(1, "イ", "周波数が３００メガヘルツ以上のもの",
                     subitem(2, "（一）", "五〇ワットを超えるもの",
                             subitem(3, "１", "次のいずれか", subitem(4, "一", "二〇度の温度において動作するもの")))),
             subitem(1, "ロ", "削除", num=2)),
        item("16_3", "十六の三", "極低温用の冷却装置又はその部分品であって、次のいずれかに該当するもの"),
    )
    + article("7", "第七条", "輸出令別表第一の八の項の経済産業省令で定める仕様のものは、次のとおりとする。",
              item("1", "一", "電子計算機"))
)  # fmt: skip


def test_articles_cut_is_wrapped_and_recorded(tmp_path):
    parsed = GOODS_ORDER_ARTICLES.parse(write(tmp_path, ARTICLES_NAME, SMALL_ARTICLES))
    entries = {e.key: e for e in parsed.entries}
    assert list(entries) == [
        "art6", "art6.1", "art6.1.i", "art6.1.i.1", "art6.1.i.1.1", "art6.1.i.1.1.1", "art6.1.ro", "art6.16-3",
        "art7", "art7.1",
    ]  # fmt: skip
    assert entries["art6"].attributes["excerpt"] == {
        "form": "sibling-elements", "synthetic_root": "EgovExcerpt", "element": "Article", "count": 2,
    }  # fmt: skip
    assert entries["art6"].code == "貨物等省令第6条"
    assert entries["art6"].attributes["answers_for"] == [
        {"table": "別表第一", "row": "7", "printed": "別表第一の七の項"}
    ]
    assert entries["art6.1.i"].code == "貨物等省令第6条第1号イ"
    assert entries["art6.1.i.1"].code == "貨物等省令第6条第1号イ(1)"
    assert entries["art6.1.i.1.1"].code == "貨物等省令第6条第1号イ(1)1"
    assert entries["art6.1.i.1.1.1"].code == "貨物等省令第6条第1号イ(1)1一"
    assert entries["art6.16-3"].code == "貨物等省令第6条第16号の3"
    assert entries["art6.16-3"].attributes["alt_codes"] == ["貨物等省令第6条第十六号の三"]
    assert entries["art6.16-3"].title == "極低温用の冷却装置又はその部分品"
    assert entries["art6.1.ro"].reserved
    assert entries["art6.1.i"].attributes["parameters"] == [
        {"printed": "３００メガヘルツ", "value": 300.0, "unit": "MHz", "operator": ">="}
    ]
    assert entries["art6.1.i.1.1.1"].attributes["parameters"][0]["unit"] == "°C"
    assert entries["art7.1"].regime is Regime.WASSENAAR


def test_arith_formula_with_sub_is_flagged(tmp_path):
    formula = (
        '<Subitem1 Num="1"><Subitem1Title>ル</Subitem1Title><Subitem1Sentence>'
        + _sentence("ＦＦＴプロセッサであって、次に掲げる式により算出した値未満のもの")
        + "</Subitem1Sentence><List><ListSentence><Sentence>\n <ArithFormula>\n  ／２０，４８０\n  <Sub>２</Sub>\n"
        " </ArithFormula>\n</Sentence></ListSentence></List></Subitem1>"
    )
    plain = (
        '<Subitem1 Num="2"><Subitem1Title>ヲ</Subitem1Title><Subitem1Sentence>'
        + _sentence("<ArithFormula>２０ｌｏｇ１０（動作周波数）</ArithFormula>")
        + "</Subitem1Sentence></Subitem1>"
    )
    doc = article("6", "第六条", "輸出令別表第一の七の項の…", item("1", "一", "集積回路", formula, plain))
    entries = {e.key: e for e in GOODS_ORDER_ARTICLES.parse(write(tmp_path, ARTICLES_NAME, doc)).entries}
    assert entries["art6.1.ru"].attributes["flags"] == ["inline_order_lost", "arith_formula"]
    assert entries["art6.1.ru"].attributes["inline_children"] == [{"element": "Sub", "text": "２"}]
    assert (
        entries["art6.1.ru"].text
        == "ＦＦＴプロセッサであって、次に掲げる式により算出した値未満のもの ／２０，４８０２"
    )
    # a formula that is the whole sentence keeps its order: flagged as a formula only
    assert entries["art6.1.wo"].attributes["flags"] == ["arith_formula"]


HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<Law Lang="ja" LawType="MinisterialOrdinance">\n'
    "  <LawNum>平成三年通商産業省令第四十九号</LawNum>\n  <LawBody>\n    <LawTitle>貨物等省令</LawTitle>\n"
    "    <MainProvision>\n"
)


def test_head_cut_is_closed_and_recorded(tmp_path):
    body = article("1", "第一条", "輸出令別表第一の二の項の経済産業省令で定める仕様のもの", item("1", "一", "核燃料物質"),
                   caption="（輸出貿易管理令別表第一関係）")  # fmt: skip
    cut = HEAD + body.split("</Paragraph>")[0] + "\n"  # Article and Paragraph left open
    parsed = GOODS_ORDER_HEAD.parse(write(tmp_path, HEAD_NAME, cut))
    art1 = parsed.entries[0]
    assert art1.key == "art1" and art1.title == "（輸出貿易管理令別表第一関係）"
    assert art1.attributes["excerpt"] == {
        "form": "head", "closed_elements": ["Paragraph", "Article", "MainProvision", "LawBody", "Law"]
    }  # fmt: skip
    assert art1.attributes["excerpt_truncated"] is True
    assert art1.regime is Regime.NSG
    assert parsed.entries[1].code == "貨物等省令第1条第1号"


@pytest.mark.parametrize(
    "name, text, reason",
    [
        (HEAD_NAME, HEAD + '<Article Num="1"><ArticleTitle>第一条</Arti', "truncated or malformed"),
        (HEAD_NAME, HEAD + '<Article Num="1"><Paragraph><ParagraphSentence><Sentence>輸出令', "truncated"),
        (
            HEAD_NAME,
            HEAD + '<Article Num="1"><Paragraph><ParagraphSentence><Sentence>a</Sentence>',
            "unclosed",
        ),
        (ARTICLES_NAME, '<Article Num="1"></Article><Item Num="1"></Item>', "not one document"),
        (ARTICLES_NAME, '<Article Num="1"></Paragraph>', "matches no open element"),
        (ARTICLES_NAME, '<!DOCTYPE x [<!ENTITY a "b">]><Article Num="1">&a;</Article>', "DOCTYPE or entity"),
        (ARTICLES_NAME, "<Article Num='1'>text</Article> trailing", "outside any element"),
        (ARTICLES_NAME, b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (ARTICLES_NAME, "", "no XML element"),
        ("goods-order.xml", SMALL_ARTICLES, "revision id"),
        ("403M50000400049_20261399_x.xml", SMALL_ARTICLES, "not a date"),
        ("324CO0000000378_20260605_x.xml", SMALL_ARTICLES, "is not 403M50000400049"),
    ],
)
def test_hostile_and_broken_documents_are_refused(tmp_path, name, text, reason):
    path = write(tmp_path, name, text)
    with pytest.raises(DocumentRefused, match=reason):
        GOODS_ORDER_ARTICLES.parse(path)


def test_table1_refuses_other_content(tmp_path):
    with pytest.raises(DocumentRefused, match="AppdxTable titled 別表第一"):
        TABLE1.parse(write(tmp_path, TABLE1_NAME, SMALL_TABLE1.replace("別表第一", "別表第二")))
    with pytest.raises(DocumentRefused, match="not a row number"):
        TABLE1.parse(write(tmp_path, TABLE1_NAME, SMALL_TABLE1.replace(">三の二<", ">イ<")))


def test_recognise_is_specific(tmp_path):
    def claims(name: str, text: str) -> list[str]:
        path = write(tmp_path, name, text)
        return [d.title for d in DESCRIPTORS if d.recognise(path, path.read_bytes()[:65536])]

    assert claims(TABLE1_NAME, SMALL_TABLE1) == [TABLE1.title]
    assert claims(ARTICLES_NAME, SMALL_ARTICLES) == [GOODS_ORDER_ARTICLES.title]
    assert claims(
        "403M50000400049_20260214_x.xml", HEAD + "<Article><ArticleTitle>第一条</ArticleTitle>"
    ) == [GOODS_ORDER_HEAD.title]
    assert claims("PROVENANCE.md", "# Japan — provenance\n324CO0000000378 <AppdxTable>") == []
    assert claims("999XX0000000001_20260605_x.xml", SMALL_TABLE1) == []  # another law's 別表第一
    assert claims("part-774.xml", '<?xml version="1.0"?><ECFR><DIV5 N="774"></DIV5></ECFR>') == []


# ---------------------------------------------------------------------------- the real documents


@pytest.fixture(scope="module")
def jp(corpus_dir) -> Path:
    return corpus_dir / "jp"


@pytest.fixture(scope="module")
def table1(jp):
    parsed = TABLE1.parse(jp / TABLE1_NAME)
    check_parsed(parsed)
    return parsed


@pytest.fixture(scope="module")
def table1_old(jp):
    parsed = TABLE1.parse(jp / TABLE1_OLD_NAME)
    check_parsed(parsed)
    return parsed


@pytest.fixture(scope="module")
def articles(jp):
    parsed = GOODS_ORDER_ARTICLES.parse(jp / ARTICLES_NAME)
    check_parsed(parsed)
    return parsed


@pytest.fixture(scope="module")
def head(jp):
    parsed = GOODS_ORDER_HEAD.parse(jp / HEAD_NAME)
    check_parsed(parsed)
    return parsed


@pytest.fixture(scope="module")
def other(jp):
    parsed = OTHER_TABLES.parse(jp / OTHER_NAME)
    check_parsed(parsed)
    return parsed


def by_key(parsed):
    return {e.key: e for e in parsed.entries}


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.corpus
def test_real_corpus_recognition(jp):
    expected = {
        TABLE1_NAME: TABLE1, TABLE1_OLD_NAME: TABLE1, OTHER_NAME: OTHER_TABLES,
        ARTICLES_NAME: GOODS_ORDER_ARTICLES, HEAD_NAME: GOODS_ORDER_HEAD,
    }  # fmt: skip
    for path in sorted(jp.iterdir()):
        head_bytes = path.read_bytes()[:65536]
        claimed = [d for d in DESCRIPTORS if d.recognise(path, head_bytes)]
        assert claimed == ([expected[path.name]] if path.name in expected else []), path.name


@pytest.mark.corpus
@pytest.mark.parametrize("name", [TABLE1_NAME, TABLE1_OLD_NAME])
def test_table1_counts_match_the_document(jp, name, table1, table1_old):
    parsed = table1 if name == TABLE1_NAME else table1_old
    text = _raw(jp / name)
    rows = len(re.findall(r"<TableRow>", text)) - 1  # less the heading row
    labelled = re.findall(
        r"<Sentence[^>]*>\s*(?:（[〇一二三四五六七八九十]+(?:の[〇一二三四五六七八九十]+)*）|[０-９]+(?:の[０-９]+)*)\u3000",
        text,
    )
    counts = parsed.counts()
    assert counts["entry"] == rows == 17
    assert counts["item"] == len(labelled)
    assert parsed.version_date == (date(2026, 6, 5) if name == TABLE1_NAME else date(2025, 1, 23))


@pytest.mark.corpus
def test_table1_specific_entries(table1):
    e = by_key(table1)
    assert e["7.1"].code == "7の項(1)" and e["7.1"].parent_key == "7" and e["7.1"].title == "集積回路"
    assert (
        e["7.15-3"].code == "7の項(15の3)" and e["7.15-3"].text == "極低温用に設計した冷却装置又はその部分品"
    )
    assert e["3-2"].code == "3の2の項" and e["3-2.2.10"].text == "ペプチドの合成を行うための装置"
    assert e["3-2.2.5-2"].code == "3の2の項(2)5の2"
    assert e["2.12.1"].code == "2の項(12)1" and e["2.12.1"].parent_key == "2.12"
    assert e["10"].code == "10の項" and e["10"].attributes["label"] == "一〇"
    assert e["5.2"].reserved and e["9.4"].reserved and e["14.8"].reserved
    assert e["16"].attributes["regions"] == "全地域（別表第三に掲げる地域を除く。）"
    assert e["8"].text.startswith("電子計算機若しくはその附属装置") and not [
        k for k in e if k.startswith("8.")
    ]
    assert e["15.7"].attributes["parameters"] == [
        {"printed": "一〇〇ナノ秒", "value": 100.0, "unit": "ns", "operator": "<="}
    ]
    assert e["2"].regime is Regime.NSG and e["4"].regime is Regime.MTCR and e["16"].regime is Regime.NATIONAL
    flagged = [k for k, v in e.items() if "inline_order_lost" in v.attributes.get("flags", [])]
    assert flagged == ["7.20", "7.21", "10.9", "10.10"]  # the 4 Ruby sentences PROVENANCE.md counts
    assert e["10.10"].attributes["ruby"] == [{"base": "勾", "reading": "こう"}]


@pytest.mark.corpus
def test_two_revisions_are_one_list(table1, table1_old):
    assert table1.descriptor.list_id == table1_old.descriptor.list_id == "export-order-table-1"
    new, old = by_key(table1), by_key(table1_old)
    added = sorted(set(new) - set(old))
    assert {"3-2.2.10", "5.20", "6.10", "7.10-2", "7.15-3", "7.24", "7.25", "16.1", "16.2"} <= set(added)
    assert not set(old) - set(new)
    assert old["16"].text.startswith("関税定率法") and new["16"].text == ""


@pytest.mark.corpus
def test_goods_order_counts_match_the_document(jp, articles, head):
    for parsed, name, article_count in ((articles, ARTICLES_NAME, 3), (head, HEAD_NAME, 1)):
        text = _raw(jp / name)
        provisions = re.findall(r"<(?:Item|Subitem\d+)[\s>]", text)
        assert parsed.counts()["entry"] == article_count == len(re.findall(r"<Article[\s>]", text))
        assert parsed.counts()["item"] == len(provisions)
    assert articles.counts()["item"] == 680 and head.counts()["item"] == 54


@pytest.mark.corpus
def test_goods_order_specific_entries(articles, head):
    e = by_key(articles)
    assert e["art6"].attributes["answers_for"][0]["row"] == "7"
    assert e["art7"].attributes["answers_for"][0]["row"] == "8"
    assert e["art8"].attributes["answers_for"][0]["row"] == "9"
    assert e["art6.1"].code == "貨物等省令第6条第1号" and e["art6.1"].title == "集積回路"
    assert e["art6.1.i"].code == "貨物等省令第6条第1号イ" and e["art6.1.i"].parent_key == "art6.1"
    assert e["art6.1.i.1"].attributes["parameters"] == [
        {"printed": "五、〇〇〇グレイ", "value": 5000.0, "unit": "Gy", "operator": ">="}
    ]
    assert e["art6.16-3"].code == "貨物等省令第6条第16号の3"
    assert e["art6.1.ru"].attributes["flags"] == ["inline_order_lost", "arith_formula"]
    assert e["art6.1.ho.2.2.1.i"].code == "貨物等省令第6条第1号ホ(2)2一イ"  # Subitem5: iroha again
    assert e["art7.2"].reserved and e["art8.3"].reserved
    assert "スペクトラムアナライザー" in e["art6.12"].text
    ruby = [k for k, v in e.items() if "inline_order_lost" in v.attributes.get("flags", [])]
    assert "art6.21" in ruby and "art6.1.ru" in ruby
    h = by_key(head)
    assert h["art1"].title == "（輸出貿易管理令別表第一関係）"
    assert h["art1"].attributes["excerpt"]["form"] == "head" and h["art1"].attributes["excerpt_truncated"]
    assert h["art1.10-3"].code == "貨物等省令第1条第10号の3"
    assert [t.title for t in head.texts] == ["LawTitle", "EnactStatement"]


@pytest.mark.corpus
def test_group_a_countries(other):
    group_a = [r for r in other.reference if r.table == "jp_group_a"]
    assert len(group_a) == 27
    assert {r.key for r in group_a} == {
        "AR", "AU", "AT", "BE", "BG", "CA", "CZ", "DK", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "KR", "LU",
        "NL", "NZ", "NO", "PL", "PT", "ES", "SE", "CH", "GB", "US",
    }  # fmt: skip
    assert group_a[0].data == {"name_as_printed": "アルゼンチン"}
    assert {r.key for r in other.reference if r.table == "jp_table_4"} == {"IR", "IQ", "KP"}
    assert len([r for r in other.reference if r.table == "jp_arms_embargo"]) == 10
    assert other.entries == [] and other.descriptor.kind == "reference"
    assert any(t.title.startswith("別表第三の三") for t in other.texts)


@pytest.mark.corpus
def test_golden(table1, articles, head, other):
    def sample(parsed, step):
        return [entry_snapshot(e) for e in parsed.entries[::step]]

    assert_golden("jp-export-order-table-1", sample(table1, 6))
    assert_golden("jp-goods-order", sample(head, 6) + sample(articles, 14))
    assert_golden(
        "jp-export-order-other-tables",
        {
            "reference": [[r.table, r.key, r.data] for r in other.reference],
            "texts": [t.title for t in other.texts],
        },
    )

"""Links between 輸出令 別表第一 sub-items and the 貨物等省令 provisions that specify them."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.egov_links import Link, link_lists, lookup, name_score
from importers.egov_xml import GOODS_ORDER_ARTICLES, GOODS_ORDER_HEAD, TABLE1
from tests.importers.test_egov_xml import (
    ARTICLES_NAME,
    HEAD_NAME,
    TABLE1_NAME,
    article,
    item,
    table1_xml,
    write,
)

METHODS = {
    "article-item-number", "article-number-offset", "whole-row", "named-subject", "named-subject-enumeration",
    "named-subject-synonym", "cross-reference", "named-subject-in-order", "document-order",
}  # fmt: skip


def _keys(links: list[dict]) -> list[str]:
    return [link["key"] for link in links]


def test_links_follow_names_not_numbers(tmp_path):
    table = table1_xml(
        [("七", ["次に掲げる貨物であつて、経済産業省令で定める仕様のもの", "（一）　集積回路", "（二）　信号発生器",
                 "（三）　ネットワークアナライザー", "（四）　削除"], "全地域"),
         ("八", ["電子計算機であつて、経済産業省令で定める仕様のもの"], "全地域")]
    )  # fmt: skip
    goods = article(
        "6", "第六条", "輸出令別表第一の七の項の経済産業省令で定める仕様のものは、次のいずれかに該当するものとする。",
        item("1", "一", "ネットワークアナライザーであって、次のいずれかに該当するもの"),
        item("2", "二", "集積回路（モノリシック集積回路を含む。）であって、次のいずれかに該当するもの"),
        item("2_2", "二の二", "信号発生器であって、次のいずれかに該当するもの"),
        item("3", "三", "削除"),
    ) + article("7", "第七条", "輸出令別表第一の八の項の経済産業省令で定める仕様のものは、次のとおりとする。",
                item("1", "一", "電子計算機であって、次のいずれか"), item("2", "二", "量子計算機"))  # fmt: skip
    table1 = TABLE1.parse(write(tmp_path, TABLE1_NAME, table))
    order = GOODS_ORDER_ARTICLES.parse(write(tmp_path, ARTICLES_NAME, goods))
    links = link_lists(table1, order)
    pairs = {(link.table_key, link.provision_key): link.method for link in links}
    assert pairs == {
        ("7", "art6"): "article-item-number",
        ("7.3", "art6.1"): "named-subject",
        ("7.1", "art6.2"): "named-subject",
        ("7.2", "art6.2-2"): "named-subject",
        ("8", "art7"): "article-item-number",
        ("8", "art7.1"): "whole-row",
        ("8", "art7.2"): "whole-row",
    }
    t = {e.key: e for e in table1.entries}
    g = {e.key: e for e in order.entries}
    assert _keys(t["7.2"].attributes["specified_by"]) == ["art6.2-2"]
    assert g["art6.2-2"].attributes["specifies"][0] == {
        "key": "7.2", "code": "7の項(2)", "method": "named-subject", "confidence": 1.0,
    }  # fmt: skip
    assert "specified_by" not in t["7.4"].attributes  # 削除 is linked to nothing
    # running twice gives the same attributes, not duplicates
    link_lists(table1, [order])
    assert _keys(t["7.2"].attributes["specified_by"]) == ["art6.2-2"]


def test_article_without_statement_falls_back_to_offset(tmp_path):
    table1 = TABLE1.parse(
        write(tmp_path, TABLE1_NAME, table1_xml([("二", ["（一）　核燃料物質"], "全地域")]))
    )
    order = GOODS_ORDER_ARTICLES.parse(
        write(
            tmp_path,
            ARTICLES_NAME,
            article("1", "第一条", "次のとおりとする。", item("1", "一", "核燃料物質であって、")),
        )
    )
    links = link_lists(table1, order)
    assert [(lk.table_key, lk.provision_key, lk.method, lk.confidence) for lk in links] == [
        ("2", "art1", "article-number-offset", 0.5),
        ("2.1", "art1.1", "named-subject", 1.0),
    ]


def test_name_score():
    assert name_score("極低温用の冷却装置又はその部分品", "極低温用に設計した冷却装置又はその部分品") == 1.0
    assert name_score("集積回路", "集積回路") > name_score(
        "集積回路", "半導体素子、集積回路若しくは半導体物質の製造用の装置"
    )
    assert name_score("セル", "一次セル、二次セル又は太陽電池セル") >= 0.6
    assert name_score("信号発生器", "周波数分析器") < 0.6
    assert name_score("スペクトラムアナライザー", "周波数分析器", synonyms=True) == 1.0


# ---------------------------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def linked(corpus_dir):
    jp: Path = corpus_dir / "jp"
    table1 = TABLE1.parse(jp / TABLE1_NAME)
    head = GOODS_ORDER_HEAD.parse(jp / HEAD_NAME)
    articles = GOODS_ORDER_ARTICLES.parse(jp / ARTICLES_NAME)
    links = link_lists(table1, [head, articles])
    return table1, [head, articles], links


@pytest.mark.corpus
def test_required_links_on_the_real_files(linked):
    table1, goods, _ = linked
    assert "art6.1" in _keys(lookup("7の項(1)", table1, goods)["links"])
    assert "art6.16-3" in _keys(lookup("7の項(十五の三)", table1, goods)["links"])
    assert "art6.13" in _keys(lookup("7の項(十二)", table1, goods)["links"])
    reverse = lookup("貨物等省令第6条第1号", table1, goods)
    assert reverse["list_id"] == "goods-order" and _keys(reverse["links"]) == ["7.1"]
    assert _keys(lookup("第6条第十六号の三", table1, goods)["links"]) == ["7.15-3"]
    assert _keys(lookup("7の項", table1, goods)["links"]) == ["art6"]
    assert _keys(lookup("2の項", table1, goods)["links"]) == ["art1"]
    assert _keys(lookup("2の項(10の2)", table1, goods)["links"]) == ["art1.10-2", "art1.10-3"]
    assert "art7.1" in _keys(lookup("8の項", table1, goods)["links"])  # a row without sub-items


@pytest.mark.corpus
def test_every_link_says_how_it_was_made(linked):
    _, goods, links = linked
    assert links and all(isinstance(link, Link) for link in links)
    assert {link.method for link in links} <= METHODS
    assert all(0.0 < link.confidence <= 1.0 for link in links)
    # each non-deleted 号 of Articles 1 and 6-8 specifies something
    provisions = [e for g in goods for e in g.entries if e.key.count(".") == 1 and not e.reserved]
    assert provisions and all(e.attributes.get("specifies") for e in provisions)
    # the order of sub-items and 号 crosses where the law's does: 7の項(12)/(13) vs 第6条第13号/第12号
    by_provision = {(lk.provision_key, lk.table_key): lk for lk in links}
    assert by_provision[("art6.12", "7.13")].method == "named-subject-synonym"
    assert by_provision[("art6.13", "7.12")].method == "named-subject"
    enumeration = [lk.table_key for lk in links if lk.provision_key == "art8.1"]
    assert {"9.1", "9.2", "9.3", "9.5"} <= set(enumeration)

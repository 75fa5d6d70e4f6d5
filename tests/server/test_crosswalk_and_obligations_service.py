"""CrosswalkService and ObligationService over a real port, on real documents, on both engines."""

from __future__ import annotations

import grpc
import pytest

from harmonize.v1 import crosswalk_pb2 as xw
from harmonize.v1 import crosswalk_pb2_grpc, obligation_pb2_grpc
from harmonize.v1 import obligation_pb2 as ob
from server.crosswalk_store import CrosswalkStore
from server.db import get_engine, upgrade
from server.import_job import run_import
from server.settings import Settings
from server.store import Store
from tests.server.running import RunningServer
from tests.server.test_service import status_of


@pytest.fixture(scope="module")
def stubs(module_database_url, corpus_dir):
    upgrade(module_database_url)
    store = Store(get_engine(module_database_url))
    folders = [corpus_dir / j for j in ("us", "eu", "uk", "wa", "jp")]
    outcomes, _ = run_import(store, folders, show_progress=False)
    assert all(o.status == "imported" for o in outcomes)
    assert CrosswalkStore(store).rebuild() > 1000
    server = RunningServer(Settings(database_url=module_database_url))
    channel = grpc.insecure_channel(server.address)
    yield crosswalk_pb2_grpc.CrosswalkServiceStub(channel), obligation_pb2_grpc.ObligationServiceStub(channel)
    channel.close()
    server.stop()


def matches_by_jurisdiction(response):
    found = {}
    for match in response.matches:
        found.setdefault(match.jurisdiction, []).append(match)
    return found


def test_translate_shared_code_is_exact_in_every_wassenaar_numbered_list(stubs):
    crosswalk, _ = stubs
    response = crosswalk.TranslateEntry(
        xw.TranslateEntryRequest(jurisdiction="US", code="3A001.a.1", target_jurisdictions=["EU", "UK", "WA"])
    )
    found = matches_by_jurisdiction(response)
    assert found["eu"][0].entry.code == "3A001.a.1" and found["eu"][0].relation == xw.RELATION_EXACT
    assert found["uk"][0].entry.code == "3A001.a.1"
    assert found["wa"][0].entry.code == "3.A.1.a.1"
    assert all(m.method and m.confidence > 0 for m in response.matches)
    assert response.entry.citation.source_file.startswith("part774")


def test_national_entries_have_no_counterpart_rather_than_a_wrong_match(stubs):
    crosswalk, _ = stubs
    response = crosswalk.TranslateEntry(
        xw.TranslateEntryRequest(jurisdiction="uk", code="PL9002", target_jurisdictions=["eu"])
    )
    assert [m.relation for m in response.matches] == [xw.RELATION_NO_COUNTERPART]
    assert not response.matches[0].entry.code


def test_edition_lag_is_close_with_the_difference_shown(stubs):
    crosswalk, _ = stubs
    response = crosswalk.TranslateEntry(
        xw.TranslateEntryRequest(jurisdiction="eu", code="3A001.a.5.a.1", target_jurisdictions=["wa"])
    )
    match = response.matches[0]
    assert match.entry.code == "3.A.1.a.5.a.1" and match.relation != xw.RELATION_EXACT
    compared = crosswalk.CompareEntries(
        xw.CompareEntriesRequest(
            left=xw.EntryReference(jurisdiction="eu", code="3A001.a.5.a.1"),
            right=xw.EntryReference(jurisdiction="wa", code="3.A.1.a.5.a.1"),
        )
    )
    assert compared.right.reserved and not compared.left.reserved
    assert any("not used since 2025" in d.lower() for d in compared.text_differences)
    assert any(
        p.status == "only_left" and any("GSPS" in x.printed for x in p.left) for p in compared.parameters
    )


def test_batch_translate_streams_in_order_with_per_item_errors(stubs):
    crosswalk, _ = stubs
    request = xw.BatchTranslateRequest(
        requests=[
            xw.TranslateEntryRequest(jurisdiction="eu", code="3A001.b.2", target_jurisdictions=["us"]),
            xw.TranslateEntryRequest(jurisdiction="eu", code="9Z999"),
            xw.TranslateEntryRequest(jurisdiction="xx", code="3A001"),
        ]
    )
    responses = [result for chunk in crosswalk.BatchTranslate(request) for result in chunk.results]
    assert [r.index for r in responses] == [0, 1, 2]
    assert responses[0].response.matches[0].entry.code == "3A001.b.2"
    assert responses[1].error.code == "NOT_FOUND"
    assert (
        responses[2].error.code == "INVALID_ARGUMENT"
        and responses[2].error.field == "requests[2].jurisdiction"
    )


def test_divergences_page_through_us_entries_missing_from_the_eu(stubs):
    crosswalk, _ = stubs
    first = crosswalk.ListDivergences(
        xw.ListDivergencesRequest(jurisdiction="us", against=["eu"], page_size=50)
    )
    assert first.total_size > 100 and len(first.divergences) == 50 and first.next_page_token
    kinds = {d.kind for d in first.divergences}
    assert xw.DIVERGENCE_KIND_NO_COUNTERPART in kinds
    assert any(d.entry.code.startswith("0A501") for d in first.divergences)  # 600-series firearms
    second = crosswalk.ListDivergences(
        xw.ListDivergencesRequest(
            jurisdiction="us", against=["eu"], page_size=50, page_token=first.next_page_token
        )
    )
    assert not {d.entry.name for d in first.divergences} & {d.entry.name for d in second.divergences}
    with pytest.raises(grpc.RpcError) as error:
        crosswalk.ListDivergences(xw.ListDivergencesRequest(against=["eu"]))
    assert status_of(error.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, ["jurisdiction"])


def test_obligations_cite_their_rules(stubs):
    _, obligations = stubs
    request = ob.CheckObligationsRequest(
        items=[ob.ItemClassification(jurisdiction="EU", code="3A001.a.2")], export_from="DE", destination="US"
    )
    by_jurisdiction = {r.jurisdiction: r for r in obligations.CheckObligations(request).results}
    assert by_jurisdiction["eu"].licence == ob.LICENCE_NOT_REQUIRED
    assert any("EU001" in a for a in by_jurisdiction["eu"].authorisations)
    china = ob.CheckObligationsRequest(
        items=[ob.ItemClassification(jurisdiction="US", code="3A001.a.1")], export_from="US", destination="CN"
    )
    us = {r.jurisdiction: r for r in obligations.CheckObligations(china).results}["us"]
    assert us.licence == ob.LICENCE_REQUIRED
    assert any("NS2" in c.text and "China" in c.text for c in us.citations)
    with pytest.raises(grpc.RpcError) as error:
        obligations.CheckObligations(
            ob.CheckObligationsRequest(items=china.items, export_from="DE", destination="Mars")
        )
    assert status_of(error.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, ["destination"])


def test_threshold_divergences_include_allies_controls_under_other_numbers(stubs):
    crosswalk, _ = stubs
    found, token = [], ""
    while True:
        page = crosswalk.ListDivergences(
            xw.ListDivergencesRequest(jurisdiction="eu", against=["us"], page_size=500, page_token=token)
        )
        found += page.divergences
        token = page.next_page_token
        if not token:
            break
    by_code = {(d.entry.code, d.kind): d for d in found}
    computing = by_code[("3A501.a.16", xw.DIVERGENCE_KIND_THRESHOLD_DIFFERS)]  # TPP 6000 vs 4800
    assert computing.counterpart.code == "3A090.a"
    assert any(any(p.printed == "6000" for p in c.left) for c in computing.parameters)
    assert ("3A501.a.15", xw.DIVERGENCE_KIND_NO_COUNTERPART) not in by_code  # US 3A901.a is its counterpart
    assert any(k == xw.DIVERGENCE_KIND_TEXT_DIFFERS for _, k in by_code)


def test_a_lists_own_jurisdiction_is_never_reported_unmapped(stubs):
    crosswalk, _ = stubs
    response = crosswalk.TranslateEntry(
        xw.TranslateEntryRequest(jurisdiction="us", code="5A992", target_jurisdictions=["us", "eu"])
    )
    assert "us" not in response.unmapped_jurisdictions
    assert [(m.jurisdiction, m.relation) for m in response.matches] == [("eu", xw.RELATION_NO_COUNTERPART)]

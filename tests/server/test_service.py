"""ControlListService over a real gRPC channel on a real port, against SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import date

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_status import rpc_status

from harmonize.v1 import control_list_pb2 as pb
from harmonize.v1 import control_list_pb2_grpc
from server.db import get_engine, upgrade
from server.settings import Settings
from server.store import Store
from tests.builders import small_list
from tests.server.running import RunningServer


@pytest.fixture
def service(database_url):
    """A running server on an ephemeral port, with blocking client stubs and a way to load data."""
    upgrade(database_url)
    store = Store(get_engine(database_url))
    server = RunningServer(Settings(database_url=database_url))
    channel = grpc.insecure_channel(server.address)

    class Client:
        stub = control_list_pb2_grpc.ControlListServiceStub(channel)
        health = health_pb2_grpc.HealthStub(channel)
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)

        def load(self, parsed):
            store.import_parsed(parsed)
            server.app.store._current = (0.0, {})  # expire the server's cache now, not in a second

    yield Client()
    channel.close()
    server.stop()


def status_of(error: grpc.RpcError):
    status = rpc_status.from_call(error)
    violations, reasons = [], []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            violations += [v.field for v in bad.field_violations]
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reasons.append(info.reason)
    return error.code(), violations, reasons


def test_health_is_not_serving_until_data_is_loaded(service):
    check = health_pb2.HealthCheckRequest(service="harmonize.v1.ControlListService")
    assert service.health.Check(check).status == health_pb2.HealthCheckResponse.NOT_SERVING
    service.load(small_list())

    deadline = time.monotonic() + 10
    while service.health.Check(check).status != health_pb2.HealthCheckResponse.SERVING:
        assert time.monotonic() < deadline, "health never turned SERVING after data was loaded"
        time.sleep(0.1)


def test_reflection_lists_the_service(service):
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    response = next(service.reflection.ServerReflectionInfo(iter([request])))
    names = [s.name for s in response.list_services_response.service]
    assert "harmonize.v1.ControlListService" in names and "grpc.health.v1.Health" in names


def test_get_entry_by_code_in_any_case_and_by_name(service):
    service.load(small_list())
    by_code = service.stub.GetEntry(pb.GetEntryRequest(jurisdiction="US", code="3A001.a.1"))
    entry = by_code.entry
    assert entry.name == "jurisdictions/us/lists/test-ccl/entries/3a001.a.1"
    assert entry.code == "3A001.a.1" and entry.parent.endswith("/entries/3a001.a")
    assert "5 × 10³ Gy (Si)" in entry.text and entry.version_date == "2025-01-01"
    assert entry.citation.source_sha256 == "a" * 64 and "3A001.a.1" in entry.citation.text
    assert [a.code for a in by_code.ancestors] == ["Category 3", "3A", "3A001", "3A001.a"]
    by_name = service.stub.GetEntry(pb.GetEntryRequest(name=entry.name))
    assert by_name.entry == entry
    heading = service.stub.GetEntry(pb.GetEntryRequest(jurisdiction="us", code="3A001")).entry
    assert heading.reasons[0].country_chart_column == "NS2" and heading.regime == "wassenaar"
    reserved = service.stub.GetEntry(pb.GetEntryRequest(jurisdiction="us", code="3A001.b")).entry
    assert reserved.reserved


def test_get_entry_as_of_a_date_reads_the_version_in_force(service):
    service.load(small_list(sha256="a" * 64, version_date=date(2024, 1, 1), heading="Old heading"))
    service.load(small_list(sha256="b" * 64, version_date=date(2025, 6, 1), heading="New heading"))

    def get(as_of):
        return service.stub.GetEntry(pb.GetEntryRequest(jurisdiction="us", code="3A001", as_of=as_of)).entry

    assert get("").title == "New heading"
    assert get("2024-12-31").title == "Old heading" and get("2024-12-31").version_date == "2024-01-01"
    with pytest.raises(grpc.RpcError) as error:
        get("2023-01-01")
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize(
    "request_, field",
    [
        (pb.GetEntryRequest(), "name"),
        (pb.GetEntryRequest(jurisdiction="us"), "code"),
        (pb.GetEntryRequest(code="3A001"), "jurisdiction"),
        (pb.GetEntryRequest(jurisdiction="xx", code="3A001"), "jurisdiction"),
        (pb.GetEntryRequest(name="not/a/name"), "name"),
        (pb.GetEntryRequest(jurisdiction="us", code="3A001", as_of="01/02/2025"), "as_of"),
        (pb.GetEntryRequest(jurisdiction="us", code="x" * 500), "code"),
    ],
)
def test_malformed_get_requests_are_invalid_argument_with_the_field(service, request_, field):
    service.load(small_list())
    with pytest.raises(grpc.RpcError) as error:
        service.stub.GetEntry(request_)
    code, violations, _ = status_of(error.value)
    assert code == grpc.StatusCode.INVALID_ARGUMENT and violations == [field]


def test_unknown_code_is_not_found_with_a_reason(service):
    service.load(small_list())
    with pytest.raises(grpc.RpcError) as error:
        service.stub.GetEntry(pb.GetEntryRequest(jurisdiction="us", code="9Z999"))
    code, _, reasons = status_of(error.value)
    assert code == grpc.StatusCode.NOT_FOUND and reasons == ["ENTRY_NOT_FOUND"]
    assert "9Z999" in error.value.details()


def test_list_entries_pages_with_opaque_tokens(service):
    service.load(small_list(extra_items=7))
    parent = "jurisdictions/us/lists/test-ccl/entries/3a001.a"
    seen, token, pages = [], "", 0
    while True:
        response = service.stub.ListEntries(
            pb.ListEntriesRequest(parent=parent, page_size=3, page_token=token)
        )

        seen += [e.code for e in response.entries]
        pages += 1
        token = response.next_page_token
        assert response.total_size == 9
        if not token:
            break
        assert "3a001" not in token and not token.isdigit()
    assert pages == 3 and len(seen) == 9 and len(set(seen)) == 9
    assert seen[0] == "3A001.a.1"
    top = service.stub.ListEntries(pb.ListEntriesRequest(parent="jurisdictions/us/lists/test-ccl"))
    assert [e.code for e in top.entries] == ["Category 3"]


def test_page_tokens_cannot_be_forged_or_reused_elsewhere(service):
    service.load(small_list(extra_items=7))
    parent = "jurisdictions/us/lists/test-ccl/entries/3a001.a"
    first = service.stub.ListEntries(pb.ListEntriesRequest(parent=parent, page_size=2))
    other = "jurisdictions/us/lists/test-ccl/entries/3a001"
    for bad_token, target in [
        (first.next_page_token, other),
        ("garbage", parent),
        (first.next_page_token[:-2] + "AA", parent),
    ]:
        with pytest.raises(grpc.RpcError) as error:
            service.stub.ListEntries(pb.ListEntriesRequest(parent=target, page_token=bad_token))
        assert status_of(error.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, ["page_token"])
    with pytest.raises(grpc.RpcError) as error:
        service.stub.ListEntries(pb.ListEntriesRequest(parent=parent, page_size=-1))
    assert status_of(error.value)[1] == ["page_size"]


def test_search_entries_across_jurisdictions_with_snippets(service):
    service.load(small_list())
    service.load(small_list(sha256="e" * 64, jurisdiction="eu", list_id="test-annex"))
    response = service.stub.SearchEntries(pb.SearchEntriesRequest(query="integrated circuits"))
    assert {r.entry.jurisdiction for r in response.results} == {"us", "eu"}
    assert all("<b>" in r.snippet for r in response.results)
    only_eu = service.stub.SearchEntries(
        pb.SearchEntriesRequest(query="integrated circuits", jurisdictions=["EU"])
    )

    assert only_eu.results and {r.entry.jurisdiction for r in only_eu.results} == {"eu"}
    paged = service.stub.SearchEntries(pb.SearchEntriesRequest(query="integrated", page_size=1))
    assert len(paged.results) == 1 and paged.next_page_token
    second = service.stub.SearchEntries(
        pb.SearchEntriesRequest(query="integrated", page_size=1, page_token=paged.next_page_token)
    )

    assert second.results[0].entry.name != paged.results[0].entry.name
    with pytest.raises(grpc.RpcError) as error:
        service.stub.SearchEntries(pb.SearchEntriesRequest(query="  "))
    assert status_of(error.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, ["query"])


def test_list_jurisdictions_and_control_lists(service):
    service.load(small_list())
    jurisdictions = service.stub.ListJurisdictions(pb.ListJurisdictionsRequest())
    assert [j.id for j in jurisdictions.jurisdictions] == sorted(["us", "eu", "uk", "jp", "au", "ca", "wa"])
    lists = service.stub.ListControlLists(pb.ListControlListsRequest(parent="jurisdictions/US"))
    assert [c.name for c in lists.control_lists] == ["jurisdictions/us/lists/test-ccl"]
    assert lists.control_lists[0].current_version.entry_count == 7
    with pytest.raises(grpc.RpcError) as error:
        service.stub.ListControlLists(pb.ListControlListsRequest(parent="countries/us"))
    assert status_of(error.value)[:2] == (grpc.StatusCode.INVALID_ARGUMENT, ["parent"])

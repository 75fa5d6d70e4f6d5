"""gRPC adapter for ControlListService: one servicer, no SQL, no parsing — it delegates to the queries."""

from __future__ import annotations

from harmonize.v1 import control_list_pb2_grpc
from server.control_lists import ControlListQueries
from server.errors import grpc_errors


class ControlListServicer(control_list_pb2_grpc.ControlListServiceServicer):
    def __init__(self, queries: ControlListQueries):
        self.queries = queries

    @grpc_errors
    async def ListJurisdictions(self, request, context):
        return self.queries.list_jurisdictions(request)

    @grpc_errors
    async def ListControlLists(self, request, context):
        return self.queries.list_control_lists(request)

    @grpc_errors
    async def GetEntry(self, request, context):
        return self.queries.get_entry(request)

    @grpc_errors
    async def ListEntries(self, request, context):
        return self.queries.list_entries(request)

    @grpc_errors
    async def SearchEntries(self, request, context):
        return self.queries.search_entries(request)

"""gRPC adapter for CrosswalkService: delegates to CrosswalkQueries."""

from __future__ import annotations

from harmonize.v1 import crosswalk_pb2_grpc
from server.crosswalk import CrosswalkQueries
from server.errors import grpc_errors, grpc_stream_errors


class CrosswalkServicer(crosswalk_pb2_grpc.CrosswalkServiceServicer):
    def __init__(self, queries: CrosswalkQueries):
        self.queries = queries

    @grpc_errors
    async def TranslateEntry(self, request, context):
        return self.queries.translate_entry(request)

    @grpc_stream_errors
    async def BatchTranslate(self, request, context):
        for response in self.queries.batch_translate(request):
            yield response

    @grpc_errors
    async def CompareEntries(self, request, context):
        return self.queries.compare(request)

    @grpc_errors
    async def ListDivergences(self, request, context):
        return self.queries.list_divergences(request)

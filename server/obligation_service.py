"""gRPC adapter for ObligationService: delegates to ObligationQueries."""

from __future__ import annotations

from harmonize.v1 import obligation_pb2_grpc
from server.errors import grpc_errors
from server.obligations_queries import ObligationQueries


class ObligationServicer(obligation_pb2_grpc.ObligationServiceServicer):
    def __init__(self, queries: ObligationQueries):
        self.queries = queries

    @grpc_errors
    async def CheckObligations(self, request, context):
        return self.queries.check(request)

    @grpc_errors
    async def BatchCheckObligations(self, request, context):
        return self.queries.batch(request)

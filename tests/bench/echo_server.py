"""The baseline: a bare grpc.aio server that echoes request bytes, no parsing, no data."""

from __future__ import annotations

import asyncio
import sys

import grpc

ECHO_METHOD = "/harmonize.bench.Echo/Echo"


async def main(port: int) -> None:
    async def echo(request: bytes, context) -> bytes:
        return request

    server = grpc.aio.server()
    handler = grpc.method_handlers_generic_handler(
        "harmonize.bench.Echo", {"Echo": grpc.unary_unary_rpc_method_handler(echo)}
    )
    server.add_generic_rpc_handlers((handler,))
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    print(f"echo serving on {bound}", flush=True)
    await server.wait_for_termination()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))

"""Composition root: builds the gRPC server (servicers, health, reflection) apart from running it,
so tests can bind port 0 and run it in-process."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from harmonize.v1 import (
    control_list_pb2,
    control_list_pb2_grpc,
    crosswalk_pb2,
    crosswalk_pb2_grpc,
    obligation_pb2,
    obligation_pb2_grpc,
)
from server.control_list_service import ControlListServicer
from server.control_lists import ControlListQueries
from server.crosswalk import CrosswalkQueries
from server.crosswalk_service import CrosswalkServicer
from server.crosswalk_store import CrosswalkStore
from server.db import get_engine, upgrade
from server.obligation_service import ObligationServicer
from server.obligations_queries import ObligationQueries
from server.settings import Settings
from server.store import Store

log = logging.getLogger("harmonize.server")
SERVICE_NAMES = [
    control_list_pb2.DESCRIPTOR.services_by_name["ControlListService"].full_name,
    crosswalk_pb2.DESCRIPTOR.services_by_name["CrosswalkService"].full_name,
    obligation_pb2.DESCRIPTOR.services_by_name["ObligationService"].full_name,
]
DATA_POLL_SECONDS = 2.0


class HarmonizeServer:
    """A built, not yet started, server with its health servicer and the port it bound."""

    def __init__(self, server: grpc.aio.Server, port: int, health_servicer, store: Store, warm_up=None):
        self.server = server
        self.port = port
        self.health = health_servicer
        self.store = store
        self.warm_up = warm_up
        self._watch: asyncio.Task | None = None

    async def start(self) -> None:
        await self.server.start()
        self._watch = asyncio.create_task(self._serve_when_loaded())

    async def _serve_when_loaded(self) -> None:
        # NOT_SERVING until some list is loaded: a replica started before the first import stays out
        # of rotation rather than answering NOT_FOUND to everything.
        while not await asyncio.to_thread(self.store.has_data):
            await asyncio.sleep(DATA_POLL_SECONDS)
        if self.warm_up:
            await asyncio.to_thread(self.warm_up)
        await self._set_all(health_pb2.HealthCheckResponse.SERVING)

    async def _set_all(self, status) -> None:
        for name in ["", *SERVICE_NAMES]:
            await self.health.set(name, status)

    async def stop(self, grace: float = 5.0) -> None:
        if self._watch:
            self._watch.cancel()
        await self._set_all(health_pb2.HealthCheckResponse.NOT_SERVING)
        await self.server.stop(grace)

    async def wait(self) -> None:
        await self.server.wait_for_termination()


async def create_server(settings: Settings, port: int | None = None) -> HarmonizeServer:
    upgrade(settings.database_url)
    store = Store(get_engine(settings.database_url))
    server = grpc.aio.server(
        options=[("grpc.max_send_message_length", 64 << 20), ("grpc.max_receive_message_length", 64 << 20)]
    )
    control_lists = ControlListQueries(store, settings.page_token_secret)
    control_list_pb2_grpc.add_ControlListServiceServicer_to_server(ControlListServicer(control_lists), server)
    crosswalk = CrosswalkStore(store)
    crosswalk_pb2_grpc.add_CrosswalkServiceServicer_to_server(
        CrosswalkServicer(CrosswalkQueries(store, crosswalk, control_lists)), server
    )
    obligation_pb2_grpc.add_ObligationServiceServicer_to_server(
        ObligationServicer(ObligationQueries(store, crosswalk, control_lists)), server
    )
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ["", *SERVICE_NAMES]:
        await health_servicer.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
    reflection.enable_server_reflection(
        [*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME],
        server,
    )
    bound = server.add_insecure_port(f"{settings.host}:{settings.port if port is None else port}")
    if bound == 0:
        raise OSError(f"could not bind {settings.host}:{settings.port if port is None else port}")

    def warm_up() -> None:
        """Load the current versions and the crosswalk index before reporting SERVING."""
        for version in store.current_versions().values():
            store.version_entries(version.id)
        crosswalk.index()
        crosswalk.as_mappings()  # divergences read the crosswalk as mapping records
        # the loaded data lives as long as the process: keep the cyclic GC from rescanning it on every
        # collection (it made a 10,000-code BatchTranslate spend a third of its time in GC)
        gc.freeze()

    return HarmonizeServer(server, bound, health_servicer, store, warm_up)


async def serve(settings: Settings) -> None:
    app = await create_server(settings)
    await app.start()
    log.info("serving harmonize.v1 on %s:%d", settings.host, app.port)
    print(
        f"harmonize: serving gRPC on {settings.host}:{app.port} (database {settings.database_url})",
        flush=True,
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await stopping.wait()
    await app.stop()

"""A real server on an ephemeral port, run on its own event loop in a background thread, so tests
can call it with ordinary blocking gRPC clients as any other program would."""

from __future__ import annotations

import asyncio
import threading

from server.app import HarmonizeServer, create_server
from server.settings import Settings


class RunningServer:
    def __init__(self, settings: Settings):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.app: HarmonizeServer = self.run(create_server(settings, port=0))
        self.run(self.app.start())
        self.address = f"127.0.0.1:{self.app.port}"

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def stop(self) -> None:
        self.run(self.app.stop(0))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

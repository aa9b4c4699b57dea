"""The background sweep that applies what a crashed staff change's write still owes."""

from __future__ import annotations

import asyncio
import logging

from services.scheduling.service_layer import owed_changes
from services.scheduling.service_layer.context import Scheduling
from shared.persistence.outage import QuietRetries
from shared.tasks import Background, stop_requested

log = logging.getLogger(__name__)


class OwedChangesSweep:
    """Every few seconds (and at start): finish the trajectories whose changes are still owed."""

    def __init__(self, ctx: Scheduling, interval_seconds: float = 5.0) -> None:
        self._ctx = ctx
        self._interval = interval_seconds
        self._background = Background("owed-changes-sweep")

    async def _run(self) -> None:
        retries = QuietRetries(log, "owed changes sweep")
        while not stop_requested():
            try:
                await owed_changes.finish_all(self._ctx)
                retries.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database away: the marks stay, finished when back
                retries.failed(exc)
            await asyncio.sleep(self._interval)

    async def start(self) -> None:
        """Sweep in the background of the service's event loop."""
        self._background.start(self._run)

    async def stop(self) -> None:
        """Stop sweeping."""
        await self._background.stop()

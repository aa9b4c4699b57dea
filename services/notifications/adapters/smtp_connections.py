"""Open SMTP connections kept for the next mail: no connect, EHLO, login and QUIT per mail.

A connection goes back to the pool only after a mail went through on it; after any failure it
is closed (the next mail opens a fresh one). One that has been idle for `idle_seconds`, or has
carried `max_mails`, is closed; so is one the server closed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiosmtplib

Connect = Callable[[], aiosmtplib.SMTP]


@dataclass
class _Idle:
    smtp: aiosmtplib.SMTP
    since: float
    mails: int
    loop: asyncio.AbstractEventLoop


class SmtpConnections:
    """A small pool: a send takes an idle connection or opens one; never waits for another."""

    def __init__(
        self,
        connect: Connect,
        *,
        idle_seconds: float,
        max_idle: int = 4,
        max_mails: int = 100,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect = connect
        self._idle_seconds = idle_seconds
        self._max_idle = max_idle
        self._max_mails = max_mails
        self._monotonic = monotonic
        self._idle: list[_Idle] = []
        self._reaper: asyncio.Task[None] | None = None

    async def take(self) -> tuple[aiosmtplib.SMTP, int]:
        """A connected client and how many mails it carried (0: freshly opened)."""
        now, loop = self._monotonic(), asyncio.get_running_loop()
        while self._idle:
            idle = self._idle.pop()
            fresh_enough = now - idle.since < self._idle_seconds
            if idle.smtp.is_connected and fresh_enough and idle.loop is loop:
                return idle.smtp, idle.mails
            idle.smtp.close()  # stale: dropped without a QUIT that could keep this mail waiting
        return await self.take_fresh()

    async def take_fresh(self) -> tuple[aiosmtplib.SMTP, int]:
        """A newly opened connection."""
        smtp = self._connect()
        try:
            await smtp.connect()
        except BaseException:
            smtp.close()
            raise
        return smtp, 0

    async def give_back(self, smtp: aiosmtplib.SMTP, mails: int) -> None:
        """After a mail went through: kept for the next one, or closed when the pool is full."""
        if self._idle_seconds <= 0 or mails >= self._max_mails or len(self._idle) >= self._max_idle:
            await _close(smtp)
            return
        self._idle.append(_Idle(smtp, self._monotonic(), mails, asyncio.get_running_loop()))
        if self._reaper is None or self._reaper.done():
            self._reaper = asyncio.create_task(self._reap(), name="smtp-idle-close")

    async def discard(self, smtp: aiosmtplib.SMTP) -> None:
        """After a failure: its state is unknown, so it is not used again."""
        await _close(smtp)

    async def _reap(self) -> None:
        """Close connections idle too long, so none is held open while no mail goes out."""
        while self._idle:
            oldest = min(idle.since for idle in self._idle)
            await asyncio.sleep(max(0.0, oldest + self._idle_seconds - self._monotonic()))
            await self.close_idle(older_than=self._idle_seconds)

    async def close_idle(self, older_than: float = 0.0) -> None:
        """Close every idle connection (idle at least `older_than` seconds)."""
        now = self._monotonic()
        stale = [i for i in self._idle if now - i.since >= older_than]
        self._idle = [i for i in self._idle if now - i.since < older_than]
        for idle in stale:
            await _close(idle.smtp)

    async def close(self) -> None:
        """At shutdown: no connection left open."""
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
            self._reaper = None
        await self.close_idle()


async def _close(smtp: aiosmtplib.SMTP) -> None:
    """QUIT politely when still connected; a dead connection is just dropped."""
    if smtp.is_connected:
        with contextlib.suppress(Exception):
            await smtp.quit()
    smtp.close()

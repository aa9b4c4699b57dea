"""Intake's own set-aside events and timers, read from its own database for the console."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pymongo.asynchronous.database import AsyncDatabase

from services.intake.adapters.set_aside_client import SetAsideItem
from shared.persistence.mongo import Document
from shared.persistence.set_aside import replay_set_aside, set_aside_in
from shared.set_aside_wording import ReplayOutcome


class OwnSetAside:
    """Intake's own set-aside items, from its own database."""

    def __init__(self, database: AsyncDatabase[Document], now: Callable[[], dt.datetime]) -> None:
        self._database = database
        self._now = now

    async def items(self) -> list[SetAsideItem]:
        return [
            SetAsideItem(
                service=item.service, kind=item.kind, key=item.key, what=item.what,
                failures=item.failures, reason=item.reason, explanation=item.explanation,
            )
            for item in await set_aside_in("intake", self._database)
        ]  # fmt: skip

    async def replay(self, key: str) -> ReplayOutcome:
        return await replay_set_aside(self._database, key, self._now())

"""An event's mails to different people go out side by side, bounded, each to its end."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT")
MAILS_AT_ONCE = 8  # in flight together; a cohort's invites share their writes' commands


async def side_by_side(
    mails: Iterable[ItemT],
    recipient: Callable[[ItemT], str],
    run: Callable[[ItemT], Awaitable[object]],
    at_once: int = MAILS_AT_ONCE,
) -> None:
    """Each recipient's mails in turn (in the order given; an address however it is written),
    different recipients' side by side (at most `at_once`). All run to their end, then one
    failure is raised (an error before a cancellation), the others logged: the event's
    redelivery finds the rest done."""
    by_recipient: dict[str, list[ItemT]] = {}
    for mail in mails:
        by_recipient.setdefault(recipient(mail).lower(), []).append(mail)
    queued = list(by_recipient.values())
    gate = asyncio.Semaphore(at_once)

    async def in_turn(group: list[ItemT]) -> None:
        async with gate:
            for item in group:
                await run(item)

    if len(queued) <= 1:
        for group in queued:
            await in_turn(group)
        return
    outcomes = await asyncio.gather(*(in_turn(group) for group in queued), return_exceptions=True)
    failed = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    if not failed:
        return
    failed.sort(key=lambda exc: isinstance(exc, asyncio.CancelledError))
    if len(failed) > 1:
        kinds = sorted({type(exc).__name__ for exc in failed[1:]})
        log.warning(
            "more mails of the event failed", extra={"more": len(failed) - 1, "errors": kinds}
        )
    raise failed[0]

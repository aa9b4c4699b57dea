"""Handling a message survives the consumer task's cancellation; what fails after it is logged."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import logging
import weakref

import pytest

from shared.messaging.handling import HandlingTasks

pytestmark = pytest.mark.unit


async def test_handling_runs_to_its_end_when_the_consumer_task_is_cancelled_twice() -> None:
    handling = HandlingTasks()
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def handler(message: str) -> None:
        started.set()
        await release.wait()
        finished.append(message)

    consumer = asyncio.create_task(handling.run(handler, "m1"))
    await started.wait()
    consumer.cancel()
    await asyncio.sleep(0)
    consumer.cancel()
    await asyncio.sleep(0)
    assert consumer.cancelled() or consumer.cancelling()
    assert len(handling) == 1
    release.set()
    await handling.drain(seconds=1)
    assert finished == ["m1"]
    assert len(handling) == 0


async def test_a_failure_after_handling_is_logged_not_raised_to_the_consumer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handling = HandlingTasks()

    async def ack_on_a_closed_channel(_message: str) -> None:
        raise RuntimeError("channel closed")

    with caplog.at_level(logging.WARNING, logger="shared.messaging.handling"):
        await handling.run(ack_on_a_closed_channel, "m1")
    assert [record.getMessage() for record in caplog.records] == [
        "message handled but not settled; the broker will deliver it again"
    ]


async def test_workers_are_reused_and_each_job_sees_its_own_consumers_context() -> None:
    handling = HandlingTasks()
    case: contextvars.ContextVar[str] = contextvars.ContextVar("case")
    seen: list[tuple[str, str]] = []

    async def handler(message: str) -> None:
        await asyncio.sleep(0)
        seen.append((message, case.get("unset")))

    async def consumer(message: str, value: str | None) -> None:
        if value is not None:
            case.set(value)
        await handling.run(handler, message)

    for _ in range(3):  # three rounds of two in flight: two workers, reused
        await asyncio.gather(consumer("a", "c1"), consumer("b", None))
    assert seen == [("a", "c1"), ("b", "unset")] * 3
    assert len(handling._workers) == 2
    assert len(handling) == 0


async def test_drain_ends_the_idle_workers_and_a_later_message_gets_a_fresh_one() -> None:
    handling = HandlingTasks()
    handled: list[str] = []

    async def handler(message: str) -> None:
        handled.append(message)

    await handling.run(handler, "m1")
    await handling.drain(seconds=1)
    await asyncio.sleep(0)
    assert all(worker.done() for worker in handling._workers)
    await handling.run(handler, "m2")
    assert handled == ["m1", "m2"]


async def test_a_variable_a_handler_sets_does_not_reach_the_next_message() -> None:
    handling = HandlingTasks()
    person: contextvars.ContextVar[str] = contextvars.ContextVar("person")
    seen: list[str] = []

    async def handler(message: str) -> None:
        seen.append(person.get("unset"))
        if message == "sets":
            person.set("p1")  # never reset: a careless handler or library

    for message in ("sets", "next", "next"):
        await handling.run(handler, message)
    assert seen == ["unset", "unset", "unset"]
    assert len(handling) == 0


async def test_an_idle_worker_keeps_no_message_alive() -> None:
    handling = HandlingTasks()

    class Message:
        pass

    async def handler(_message: Message) -> None:
        await asyncio.sleep(0)

    message = Message()
    gone = weakref.ref(message)
    await handling.run(handler, message)
    del message
    gc.collect()
    assert gone() is None, "the idle worker still holds the last message"
    assert len(handling._workers) == 1


async def test_a_handler_outlasting_the_drain_is_cancelled_and_no_worker_is_left(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handling = HandlingTasks()
    started = asyncio.Event()

    async def stuck(_message: str) -> None:
        started.set()
        await asyncio.Event().wait()

    consumer = asyncio.create_task(handling.run(stuck, "m1"))
    await started.wait()
    with caplog.at_level(logging.WARNING, logger="shared.messaging.handling"):
        await handling.drain(seconds=0.01)
    assert all(worker.done() for worker in handling._workers)
    with pytest.raises(asyncio.CancelledError):
        await consumer  # not resolved as handled: it stays unacked and comes again
    assert "handling outlasted the drain" in caplog.text


async def test_a_handler_raising_cancelled_itself_is_logged_and_its_worker_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handling = HandlingTasks()
    handled: list[str] = []

    async def handler(message: str) -> None:
        if message == "m1":
            raise asyncio.CancelledError
        handled.append(message)

    with caplog.at_level(logging.WARNING, logger="shared.messaging.handling"):
        await handling.run(handler, "m1")
        await handling.run(handler, "m2")
    assert handled == ["m2"] and len(handling._workers) == 1
    assert "handling was cancelled before it ended" in caplog.text


async def test_a_started_job_runs_without_its_caller_waiting_and_drain_waits_for_it() -> None:
    handling = HandlingTasks()
    release = asyncio.Event()
    finished: list[str] = []

    async def handler(message: str) -> None:
        await release.wait()
        finished.append(message)

    done = handling.start(handler, "m1")
    await asyncio.sleep(0)
    assert not done.done() and len(handling) == 1
    draining = asyncio.create_task(handling.drain(seconds=1))
    await asyncio.sleep(0)
    release.set()
    await draining
    assert done.done() and not done.cancelled()
    assert finished == ["m1"] and len(handling) == 0

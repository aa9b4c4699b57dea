"""Retention: what has served its purpose is gone once its time is up, on the twin and the server.

The sweeper deletes by the service's clock, so moving that clock is enough to see a record go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from services.notifications.adapters.repositories import NotificationRepository
from services.notifications.bootstrap import load_routing_table
from services.notifications.domain.notification import claim, give_up, mark_sent, record
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.service_layer.samples import sample_event
from shared.clock import ManualClock
from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.repository import AggregateRepository, Change
from shared.persistence.retention import EXPIRY_INDEX, Sweeper
from shared.persistence.timers import Timer, TimerRepository

RepositoryT = TypeVar("RepositoryT", bound=AggregateRepository[Any])
Make = Callable[[type[RepositoryT]], Awaitable[RepositoryT]]
T0 = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)
KEEP = dt.timedelta(days=30)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture(
    params=[
        pytest.param("twin", marks=pytest.mark.unit),
        pytest.param("server", marks=pytest.mark.service),
    ]
)
def make(request: pytest.FixtureRequest) -> Make[Any]:
    """Repositories keeping records `KEEP`, on the twin or a fresh database on the server."""
    if request.param == "twin":
        memory = MemoryDatabase()

        async def on_twin(cls: type[RepositoryT]) -> RepositoryT:
            built = in_memory(cls, memory)
            built.retention = KEEP
            return built

        return on_twin
    client = request.getfixturevalue("mongo")
    database = client[f"{request.getfixturevalue('namespace')}retention"]

    async def on_server(cls: type[RepositoryT]) -> RepositoryT:
        repository = cls(database, check_queries=True, retention=KEEP)
        await repository.ensure_indexes()  # no TTL: the server's clock is not this test's
        return repository

    return on_server


def _sweeper(clock: ManualClock, *repositories: AggregateRepository[Any]) -> Sweeper:
    sweeper = Sweeper(clock)
    for repository in repositories:
        sweeper.watch(repository.collection_name, repository.sweep_expired)
    return sweeper


async def test_a_fired_timer_is_gone_once_its_retention_has_passed(make: Make[Any]) -> None:
    timers = await make(TimerRepository)
    clock = ManualClock(T0)
    await timers.schedule("fired", Timer(kind="reminder", due_at=T0))
    await timers.schedule("later", Timer(kind="reminder", due_at=T0 + dt.timedelta(days=90)))
    (due,) = await timers.due(T0)
    assert await timers.fire(due, T0)
    sweeper = _sweeper(clock, timers)

    clock.set(T0 + KEEP - SECOND)
    assert await sweeper.sweep_once() == {"timers": 0}
    assert await timers.get("fired") is not None
    clock.set(T0 + KEEP)
    assert await sweeper.sweep_once() == {"timers": 1}
    assert await timers.get("fired") is None
    assert await timers.get("later") is not None  # a pending timer is never swept


async def test_a_sent_mail_and_its_source_event_go_a_failed_one_waits_for_a_resend(
    make: Make[Any],
) -> None:
    notifications = await make(NotificationRepository)
    clock = ManualClock(T0)
    planned = plan_notifications(
        sample_event("case.accepted"), load_routing_table(), PlanningConfig()
    )[0]
    recorded = record(planned, '{"the": "source event"}', T0, release_at=T0, allowed=True)
    claimed = claim(recorded, T0, dt.timedelta(seconds=60))
    assert claimed is not None
    sent_at = T0 + dt.timedelta(hours=2)
    await notifications.apply("sent", lambda _: Change(mark_sent(claimed, "Onderwerp", sent_at)))
    failed = give_up(claimed, "550 mailbox unavailable", 550, T0)
    await notifications.apply("failed", lambda _: Change(failed))
    sweeper = _sweeper(clock, notifications)

    clock.set(sent_at + KEEP - SECOND)
    await sweeper.sweep_once()
    assert await notifications.get("sent") is not None
    clock.set(sent_at + KEEP + dt.timedelta(days=365))
    assert await sweeper.sweep_once() == {"notifications": 1}
    assert await notifications.get("sent") is None
    assert await notifications.get("failed") is not None


@pytest.mark.service
async def test_the_server_gets_a_ttl_index_on_a_real_date(mongo: Any, namespace: str) -> None:
    database = mongo[f"{namespace}retention_ttl"]
    timers = TimerRepository(database, retention=KEEP)
    await timers.ensure_indexes(ttl=True)
    now = dt.datetime.now(dt.UTC)
    await timers.schedule("t", Timer(kind="reminder", due_at=now, status="fired", fired_at=now))
    stored = await timers.collection.find_one({"_id": "t"})
    assert (
        stored is not None
        and stored["expire_at"] == now.replace(microsecond=now.microsecond // 1000 * 1000) + KEEP
    )
    options = {
        info.get("name", name): info
        for name, info in (await timers.collection.index_information()).items()
    }
    ttl = [info for info in options.values() if info.get("key") == list(EXPIRY_INDEX.keys)]
    assert ttl and ttl[0].get("expireAfterSeconds") == 0

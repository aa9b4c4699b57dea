"""What killed test and benchmark runs leave on the broker is deleted; nothing else is."""

from __future__ import annotations

import re
import uuid

import aio_pika
import pytest
from aio_pika.exceptions import ChannelNotFoundEntity

from tools.purge_namespaces import LEFTOVER_NAMESPACES, purge

pytestmark = pytest.mark.service


async def _exists(url: str, name: str) -> bool:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        try:
            await channel.declare_queue(name, passive=True)
        except ChannelNotFoundEntity:
            return False
        return True


async def test_the_default_pattern_takes_test_and_benchmark_leftovers_only_and_purge_deletes(
    rabbitmq_url: str, namespace: str
) -> None:
    bench = f"b{uuid.uuid4().hex[:8]}_"
    other = f"keep{uuid.uuid4().hex[:8]}_intake"
    names = [f"{namespace}intake", f"{bench}intake", other]
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.declare_queue(name, durable=True)
    assert [bool(re.search(LEFTOVER_NAMESPACES, name)) for name in names] == [True, True, False]
    # Only this test's own names: other runs may share the broker right now.
    queues, _ = await purge(rabbitmq_url, f"^({re.escape(namespace)}|{bench}|{other}$)")
    assert queues == 3
    assert not any([await _exists(rabbitmq_url, name) for name in names])

"""The service a fuzz module names, running on a real port for the whole module."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest

from shared.messaging.topology import Topology
from shared.persistence.mongo import connect
from tests.service.openapi.apps import SERVICES, Infrastructure
from tests.support.bus import delete_namespace
from tests.support.mail import SmtpServer
from tests.support.serving import serving


@pytest.fixture(scope="module")
async def service_url(
    request: pytest.FixtureRequest, rabbitmq_url: str, mongodb_url: str
) -> AsyncIterator[str]:
    """`SERVICE` of the test module, in its own namespace; queues and databases go afterwards."""
    namespace = f"t{uuid.uuid4().hex[:10]}_"
    smtp = SmtpServer().start()
    infra = Infrastructure(namespace, rabbitmq_url, mongodb_url, smtp.port)
    try:
        with serving(SERVICES[request.module.SERVICE](infra)) as url:
            yield url
    finally:
        smtp.stop()
        connection = await aio_pika.connect(rabbitmq_url)
        async with connection:
            await delete_namespace(connection, Topology(namespace))
        client = connect(mongodb_url)
        for name in await client.list_database_names():
            if name.startswith(namespace):
                await client.drop_database(name)
        await client.close()

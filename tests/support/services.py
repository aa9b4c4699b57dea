"""Running a service in the test's own process, against the real broker and database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI

from shared.settings import ServiceSettings

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


def settings_for(
    cls: type[SettingsT], namespace: str, rabbitmq_url: str, mongodb_url: str, **extra: Any
) -> SettingsT:
    """Settings as a test run needs them: its own namespace, query checks on, fast polling."""
    values: dict[str, Any] = {
        "environment": "test",
        "samenspel_namespace": namespace,
        "rabbitmq_url": rabbitmq_url,
        "mongodb_url": mongodb_url,
        "check_queries": True,
        "outbox_poll_seconds": 0.1,
        **extra,
    }
    return cls.model_validate(values)


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan (broker, database, relay, consumer) and give an HTTP client."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client

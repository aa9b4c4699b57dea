"""The watchdog's second opinion: a client of its own reaches a server that answers, only that."""

from __future__ import annotations

import pytest

from shared.persistence.mongo import fresh_client_answers
from tools.mongo_standin import free_port

pytestmark = pytest.mark.service


async def test_a_fresh_client_finds_the_database_that_answers(mongodb_url: str) -> None:
    assert await fresh_client_answers(mongodb_url, timeout_ms=3000)


async def test_a_fresh_client_finds_no_database_where_none_listens() -> None:
    assert not await fresh_client_answers(f"mongodb://127.0.0.1:{free_port()}", timeout_ms=500)

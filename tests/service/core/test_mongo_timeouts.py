"""A half-open database connection ends within timeoutMS instead of hanging its caller."""

from __future__ import annotations

import asyncio
import time

import pytest

from shared.persistence.mongo import connect

pytestmark = pytest.mark.service


async def test_a_server_that_accepts_but_never_answers_cannot_hang_an_operation() -> None:
    async def silent(reader: asyncio.StreamReader, _: asyncio.StreamWriter) -> None:
        await reader.read()  # a half-open peer: reads, never answers

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = connect(f"mongodb://127.0.0.1:{port}", timeout_ms=5000, operation_timeout_ms=700)
    began = time.monotonic()
    with pytest.raises(Exception) as raised:
        await client["probe"]["cases"].find_one({"_id": "c1"})
    assert time.monotonic() - began < 3, "ends within timeoutMS, not the 5 s selection timeout"
    assert raised.type.__name__ in {"ServerSelectionTimeoutError", "NetworkTimeout"}
    await client.close()
    server.close()

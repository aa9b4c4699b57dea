"""Concurrent writes to one aggregate queue up in the process; other aggregates go on."""

from __future__ import annotations

import asyncio

import pytest

from shared.persistence.keyed_locks import KeyedLocks

pytestmark = pytest.mark.unit


async def test_one_holder_per_key_while_other_keys_run_alongside() -> None:
    locks = KeyedLocks()
    inside: dict[str, int] = {"a": 0, "b": 0}
    most: dict[str, int] = {"a": 0, "b": 0}
    keys_at_once = 0

    async def write(key: str) -> None:
        nonlocal keys_at_once
        async with locks.hold(key):
            inside[key] += 1
            most[key] = max(most[key], inside[key])
            keys_at_once = max(keys_at_once, sum(1 for n in inside.values() if n))
            await asyncio.sleep(0.01)
            inside[key] -= 1

    await asyncio.gather(*(write(key) for key in "aaaabbbb"))
    assert most == {"a": 1, "b": 1}, "one holder per key"
    assert keys_at_once == 2, "the two keys ran side by side"
    assert len(locks) == 0, "no lock is kept once nobody holds or waits for it"


async def test_a_failing_holder_releases_its_key() -> None:
    locks = KeyedLocks()
    with pytest.raises(RuntimeError):
        async with locks.hold("a"):
            raise RuntimeError("write failed")
    async with locks.hold("a"):
        pass
    assert len(locks) == 0

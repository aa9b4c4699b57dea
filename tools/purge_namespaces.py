"""Delete queues and exchanges that test and benchmark runs left on a broker:
`python -m tools.purge_namespaces`.

A killed test run cannot clean up after itself, and hundreds of leftover quorum queues exhaust
RabbitMQ's file handles at its next start. Names are listed with rabbitmqctl (one call each) and
deleted over one AMQP connection.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import subprocess

import aio_pika

from tools import broker_users

LEFTOVER_NAMESPACES = r"^(t[0-9a-f]{10}|b[0-9a-f]{8})_"  # tests' and bench/pipeline.py's


def _names(kind: str) -> list[str]:
    rabbitmqctl = shutil.which("rabbitmqctl")
    if rabbitmqctl is None:
        return []
    columns = [] if kind == "users" else ["name"]  # list_users takes no columns
    listed = subprocess.run(  # noqa: S603 - fixed arguments
        [rabbitmqctl, f"list_{kind}", "-q", *columns], capture_output=True, text=True, check=False
    )
    return [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]


def purge_users(pattern: str) -> int:
    """Delete the broker users a test namespace created (tests/security); returns how many."""
    match = re.compile(pattern)
    users = [name for name in _names("users") if match.search(name)]
    if users:
        broker_users.delete("", users)
    return len(users)


async def purge(url: str, pattern: str) -> tuple[int, int]:
    """Delete every matching queue and exchange; returns how many of each."""
    match = re.compile(pattern)
    queues = [name for name in _names("queues") if match.search(name)]
    exchanges = [name for name in _names("exchanges") if match.search(name)]
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for name in queues:
            await channel.queue_delete(name)
        for name in exchanges:
            await channel.exchange_delete(name)
    return len(queues), len(exchanges)


def main() -> None:
    """Purge test namespaces (or another pattern) from the broker at RABBITMQ_URL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--pattern", default=LEFTOVER_NAMESPACES, help="regex on queue/exchange names"
    )
    args = parser.parse_args()
    url = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    queues, exchanges = asyncio.run(purge(url, args.pattern))
    users = purge_users(args.pattern)
    print(f"deleted {queues} queues, {exchanges} exchanges, {users} users matching {args.pattern}")


if __name__ == "__main__":
    main()

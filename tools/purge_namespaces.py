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


def purge_policies(pattern: str) -> int:
    """Clear the unroutable policies test namespaces' broker definitions set; returns how many."""
    rabbitmqctl = shutil.which("rabbitmqctl")
    if rabbitmqctl is None:
        return 0
    listed = subprocess.run(  # noqa: S603 - fixed arguments
        [rabbitmqctl, "list_policies", "-q"], capture_output=True, text=True, check=False
    )
    match = re.compile(pattern)
    rows = [line.split() for line in listed.stdout.splitlines()]
    names = [row[1] for row in rows if len(row) > 1 and match.search(row[1])]
    for name in names:
        subprocess.run(  # noqa: S603 - fixed program, names the broker listed
            [rabbitmqctl, "-q", "clear_policy", name], capture_output=True, check=False
        )
    return len(names)


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
    users, policies = purge_users(args.pattern), purge_policies(args.pattern)
    print(
        f"deleted {queues} queues, {exchanges} exchanges, {users} users, {policies} policies"
        f" matching {args.pattern}"
    )


if __name__ == "__main__":
    main()

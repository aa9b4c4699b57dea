"""`samenspel unroutable`: events no queue was bound for, kept by the alternate exchange."""

from __future__ import annotations

import argparse

import aio_pika
from rich.console import Console
from rich.table import Table

from shared.messaging.topology import Topology
from shared.messaging.unroutable import UnroutableQueue
from shared.settings import ServiceSettings

OK, PROBLEM = 0, 1


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`unroutable list` and `unroutable purge`."""
    group = commands.add_parser("unroutable", help="events no queue was bound for")
    sub = group.add_subparsers(dest="unroutable_command", required=True)
    sub.add_parser("list", help="how many of each routing key are kept (exit 1 if any)")
    sub.add_parser("purge", help="drop them, once you know why no queue was bound")


async def run(settings: ServiceSettings, args: argparse.Namespace, console: Console) -> int:
    """Against the broker; reading leaves every message in the queue."""
    connection = await aio_pika.connect_robust(settings.rabbitmq_url.get_secret_value())
    try:
        kept = UnroutableQueue(connection, Topology(settings.samenspel_namespace))
        if args.unroutable_command == "purge":
            console.print(f"purged {await kept.purge()} unroutable message(s)")
            return OK
        if await kept.depth() is None:
            console.print("no unroutable queue yet: no service has declared its topology")
            return OK
        counts = await kept.by_routing_key()
    finally:
        await connection.close()
    table = Table(title="unroutable events (no queue was bound for their routing key)")
    for column in ("routing key", "messages"):
        table.add_column(column)
    for key, count in counts.items():
        table.add_row(key or "(none)", str(count))
    console.print(table)
    console.print(f"{sum(counts.values())} unroutable message(s)")
    return PROBLEM if counts else OK

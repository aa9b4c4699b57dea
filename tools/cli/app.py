"""`samenspel`: set-up, dead letters, outbox lag and event contracts, from the shell."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import aio_pika
from rich.console import Console
from rich.table import Table

from shared.messaging.dead_letter_queues import SERVICES, DeadLetterQueues, dead_letter_queues
from shared.messaging.outbox_lag import outbox_lag
from shared.messaging.topology import Topology
from shared.persistence.mongo import connect
from shared.settings import ServiceSettings
from tools.cli import notifications, poisoned, unroutable
from tools.cli.init import init

OK, PROBLEM, UNREACHABLE = 0, 1, 3
console = Console(width=160)


class OperatorSettings(ServiceSettings):
    """The CLI signs nothing: it needs the broker and the database, not the services' secrets."""

    def _secrets(self) -> dict[str, str]:
        return {}


def _table(title: str, rows: Sequence[dict[str, str]], columns: Sequence[str]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(row.get(column, "") for column in columns))
    return table


async def _with_dlq(settings: ServiceSettings, args: argparse.Namespace) -> int:
    url, topology = settings.rabbitmq_url.get_secret_value(), Topology(settings.samenspel_namespace)
    async with dead_letter_queues(url, topology) as queues:
        return await _dlq_command(queues, args)


async def _dlq_command(queues: DeadLetterQueues, args: argparse.Namespace) -> int:
    if args.dlq_command == "list":
        if args.service:
            letters = await queues.peek(args.service)
            rows = [letter.summary() for letter in letters[: args.limit]]
            console.print(
                _table(
                    f"{args.service}.dlq", rows, ["n", "routing key", "type", "id", "reason", "at"]
                )
            )
            return OK
        depths = {service: await queues.depth(service) for service in SERVICES}
        rows = [
            {"service": s, "dead letters": "-" if d is None else str(d)} for s, d in depths.items()
        ]
        console.print(_table("dead-letter queues", rows, ["service", "dead letters"]))
        return PROBLEM if any(depths.values()) else OK
    if args.dlq_command == "show":
        letter = await queues.show(args.service, args.n)
        if letter is None:
            console.print(f"{args.service}.dlq holds no message {args.n}")
            return PROBLEM
        console.print_json(
            json.dumps(
                {
                    "routing_key": letter.routing_key,
                    "reason": letter.reason,
                    "headers": letter.headers,
                },
                default=str,
            )
        )
        console.print(letter.body.decode("utf-8", errors="replace"), markup=False, highlight=False)
        return OK
    if args.dlq_command == "replay":
        done = await queues.replay(args.service, None if args.all else args.n)
        for letter in done.replayed:
            console.print(f"replayed #{letter.position} to {letter.routing_key}")
        for letter in done.unroutable:
            console.print(
                f"not replayed #{letter.position} ({letter.routing_key}): no queue is bound for"
                f" {done.replay_key} on the replay exchange; it stays in {args.service}.dlq"
                f" (start {args.service} so it declares its queue, then replay again)",
                markup=False,
            )
        console.print(f"{len(done.replayed)} message(s) replayed")
        return OK if done.replayed and not done.unroutable else PROBLEM
    purged = await queues.purge(args.service)
    console.print(f"purged {purged} message(s) from {args.service}.dlq")
    return OK


async def _outbox_status(settings: ServiceSettings) -> int:
    client = connect(
        settings.mongodb_url.get_secret_value(), timeout_ms=settings.mongodb_timeout_ms
    )
    now, rows, pending = dt.datetime.now(dt.UTC), [], 0
    try:
        for service in SERVICES:
            for lag in await outbox_lag(client[settings.database_name(service)], now):
                pending += lag.events
                age = "-" if lag.oldest_seconds is None else f"{lag.oldest_seconds:.1f}"
                rows.append(
                    {
                        "service": service,
                        "collection": lag.collection,
                        "documents": str(lag.documents),
                        "pending events": str(lag.events),
                        "oldest (s)": age,
                    }
                )
    finally:
        await client.close()
    columns = ["service", "collection", "documents", "pending events", "oldest (s)"]
    console.print(_table("outbox", rows, columns))
    return PROBLEM if pending else OK


def parser() -> argparse.ArgumentParser:
    """Subcommands mirror what an operator asks: what is stuck, why, and put it back."""
    root = argparse.ArgumentParser(
        prog="samenspel",
        description=__doc__,
        epilog="Exit codes: 0 ok, 1 something needs attention, "
        "2 usage error, 3 broker or database unreachable.",
    )
    commands = root.add_subparsers(dest="command", required=True)
    setup = commands.add_parser("init", help="write .env for compose with generated secrets")
    setup.add_argument("--env-file", type=Path, default=Path(".env"))
    setup.add_argument("--force", action="store_true", help="replace an existing file")
    setup.add_argument("--environment", choices=["local", "production"])
    dlq = commands.add_parser("dlq", help="dead-letter queues").add_subparsers(
        dest="dlq_command", required=True
    )
    listing = dlq.add_parser("list", help="depth per service, or the messages of one service")
    listing.add_argument("service", nargs="?", choices=SERVICES)
    listing.add_argument("--limit", type=int, default=50)
    show = dlq.add_parser("show", help="one dead letter with its headers and body")
    show.add_argument("service", choices=SERVICES)
    show.add_argument("n", help="position from 1 (as `dlq list` numbers them) or event id")
    replay = dlq.add_parser("replay", help="re-publish to the original routing key, then remove")
    replay.add_argument("service", choices=SERVICES)
    which = replay.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true")
    which.add_argument("n", nargs="?", help="position from 1 or event id")
    dlq.add_parser("purge", help="drop every dead letter").add_argument("service", choices=SERVICES)
    outbox = commands.add_parser("outbox", help="events owed but not yet published")
    outbox.add_subparsers(dest="outbox_command", required=True).add_parser("status")
    notifications.add_commands(commands)
    poisoned.add_commands(commands)
    unroutable.add_commands(commands)
    contracts = commands.add_parser("contracts", help="event JSON Schemas and AsyncAPI documents")
    export = contracts.add_subparsers(dest="contracts_command", required=True).add_parser("export")
    export.add_argument("--check", action="store_true", help="exit 1 when docs/events is stale")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, run, and map failures to exit codes."""
    args = parser().parse_args(argv)
    if args.command == "init":
        return init(args.env_file, force=args.force, environment=args.environment, console=console)
    if args.command == "contracts":
        from tools import export_contracts

        return export_contracts.main(["--check"] if args.check else [])
    settings = OperatorSettings()
    try:
        if args.command == "outbox":
            return asyncio.run(_outbox_status(settings))
        if args.command == "notifications":
            return asyncio.run(notifications.run(settings, args, console))
        if args.command == "poisoned":
            return asyncio.run(poisoned.run(settings, args, console))
        if args.command == "unroutable":
            return asyncio.run(unroutable.run(settings, args, console))
        return asyncio.run(_with_dlq(settings, args))
    except (OSError, aio_pika.exceptions.AMQPConnectionError) as exc:
        console.print(f"unreachable: {exc}")
        return UNREACHABLE
    except Exception as exc:  # pymongo's ServerSelectionTimeoutError and friends
        if type(exc).__module__.startswith("pymongo"):
            console.print(f"database unreachable: {type(exc).__name__}")
            return UNREACHABLE
        raise


if __name__ == "__main__":
    sys.exit(main())

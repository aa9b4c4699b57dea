"""`samenspel poisoned`: owed events and timers set aside after failing, and their replay."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from shared.clock import clock_from
from shared.messaging.dead_letter_queues import SERVICES
from shared.messaging.poisoned_events import Discarded, PoisonedEvents
from shared.persistence.mongo import connect
from shared.persistence.set_aside import replay_set_aside, set_aside
from shared.set_aside_wording import ReplayOutcome
from shared.settings import ServiceSettings

OK, PROBLEM = 0, 1
NOT_DONE = {
    ReplayOutcome.NOT_SET_ASIDE: "nothing set aside under this id",
    ReplayOutcome.BUSY: "another replay holds it now (its claim lapses after a minute)",
    ReplayOutcome.AGGREGATE_GONE: "its aggregate no longer exists: nothing to owe it on",
}


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`poisoned list`, `poisoned replay SERVICE ID` and `poisoned discard SERVICE ID`."""
    group = commands.add_parser("poisoned", help="events and timers set aside after failing")
    sub = group.add_subparsers(dest="poisoned_command", required=True)
    sub.add_parser("list", help="every service's set-aside events and timers (exit 1 if any)")
    again = sub.add_parser("replay", help="owe the event again, or arm the timer again, once")
    again.add_argument("service", choices=SERVICES)
    again.add_argument("id", help="event id or timer key from `list`")
    gone = sub.add_parser("discard", help="forget a set-aside event whose aggregate is gone")
    gone.add_argument("service", choices=SERVICES)
    gone.add_argument("id", help="event id from `list`")


async def run(settings: ServiceSettings, args: argparse.Namespace, console: Console) -> int:
    """Against the services' databases; the running services publish and fire what is replayed."""
    client = connect(
        settings.mongodb_url.get_secret_value(), timeout_ms=settings.mongodb_timeout_ms
    )
    try:
        if args.poisoned_command == "replay":
            database = client[settings.database_name(args.service)]
            now = clock_from(settings.clock_offset_file).now()
            outcome = await replay_set_aside(database, args.id, now)
            console.print(f"{args.id}: {NOT_DONE.get(outcome, 'replayed')}")
            return OK if outcome is ReplayOutcome.DONE else PROBLEM
        if args.poisoned_command == "discard":
            database = client[settings.database_name(args.service)]
            discarded = await PoisonedEvents(database).discard(args.id)
            console.print(f"{args.id}: {discarded.value}")
            return OK if discarded is Discarded.DONE else PROBLEM
        found = await set_aside(lambda s: client[settings.database_name(s)], SERVICES)
        table = Table(title="set aside after failing")
        for column in ("service", "what", "id", "routing key or kind", "failures", "reason"):
            table.add_column(column)
        for item in found:
            table.add_row(
                item.service, item.kind, item.key, item.what, str(item.failures), item.reason
            )
        console.print(table)
        return PROBLEM if found else OK
    finally:
        await client.close()

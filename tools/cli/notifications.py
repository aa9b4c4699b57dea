"""`samenspel notifications`: list the notifications that failed for good, and resend them."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from services.notifications.adapters.repositories import NotificationRepository
from services.notifications.service_layer.resending import resend_failed
from shared.clock import clock_from
from shared.persistence.mongo import connect_as_set
from shared.persistence.timers import TimerRepository
from shared.settings import ServiceSettings

OK, PROBLEM = 0, 1


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`notifications failed` and `notifications resend (--all | KEY...)`."""
    group = commands.add_parser("notifications", help="mail that failed for good")
    sub = group.add_subparsers(dest="notifications_command", required=True)
    sub.add_parser("failed", help="notifications that failed (exit 1 if any)")
    again = sub.add_parser("resend", help="send failed notifications again, once each")
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true")
    which.add_argument("keys", nargs="*", default=[], help="notification keys from `failed`")


async def run(settings: ServiceSettings, args: argparse.Namespace, console: Console) -> int:
    """Against the notifications database; the running service sends what is resent."""
    client = connect_as_set(settings)
    database = client[settings.database_name("notifications")]
    notifications = NotificationRepository(database)
    try:
        if args.notifications_command == "failed":
            failed = await notifications.failed()
            table = Table(title="failed notifications")
            for column in ("key", "template", "case", "code", "failed at"):
                table.add_column(column)
            for stored in failed:
                n = stored.state
                at = n.times.failed_at.isoformat(timespec="seconds") if n.times.failed_at else ""
                code = "" if n.error_code is None else str(n.error_code)
                table.add_row(stored.id, n.planned.template, n.case_id or "", code, at)
            console.print(table)
            return PROBLEM if failed else OK
        keys = None if args.all else list(args.keys)
        now = clock_from(settings.clock_offset_file).now()
        resent = await resend_failed(keys, now, notifications, TimerRepository(database))
        for key in resent:
            console.print(f"resent {key}")
        console.print(f"{len(resent)} notification(s) resent")
        return OK if resent else PROBLEM
    finally:
        await client.close()

"""Create each publisher's RabbitMQ user and its permissions with rabbitmqctl (local broker).

    RABBITMQ_PASSWORD_INTAKE=... RABBITMQ_PASSWORD_EXTERNAL=... python -m tools.broker_users

Every role of `shared.messaging.publishers` whose password is set in the environment
(`RABBITMQ_PASSWORD_<ROLE>`) gets a user; nothing is read from or written to a file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence

from shared.messaging.publishers import OPERATOR, produced_keys, user_name, write_pattern
from shared.messaging.topology import DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, REPLAY_EXCHANGE

Command = list[str]


def commands(namespace: str, role: str, password: str) -> list[Command]:
    """rabbitmqctl calls for one role: the user, its vhost rights, its topic permission.

    The topic permission's write pattern is what the role may publish; its read pattern is what
    it may bind a queue to (a service binds only its own queue, to every key it consumes).
    """
    user = user_name(namespace, role)
    ns = re.escape(namespace)
    events, dlx = f"{ns}{re.escape(EVENTS_EXCHANGE)}", f"{ns}{re.escape(DEAD_LETTER_EXCHANGE)}"
    replay = f"{ns}{re.escape(REPLAY_EXCHANGE)}"
    if role == OPERATOR:  # reads dead-letter queues, publishes only on the replay exchange
        dlqs = f"{ns}[a-z]+\\.dlq"
        configure, write, read = f"^({replay}|{dlqs})$", f"^{replay}$", f"^({replay}|{dlqs})$"
    elif role == "external":
        configure, write, read = "^$", f"^{events}$", "^$"
    else:  # a service: its own queues, the events and dead-letter exchanges
        own = f"{ns}{re.escape(role)}(\\.dlq)?"
        configure = f"^({own}|{events}|{dlx}|{replay})$"
        write, read = f"^({own}|{events}|{dlx})$", f"^({own}|{events}|{dlx}|{replay})$"
    keys = produced_keys().get(role, frozenset())
    return [
        ["add_user", user, password],
        ["set_permissions", "-p", "/", user, configure, write, read],
        [
            "set_topic_permissions",
            "-p",
            "/",
            user,
            events.replace("\\", ""),
            write_pattern(keys),
            ".*" if role in produced_keys() and role != "external" else "^$",  # bind: any key
        ],
    ]


def roles() -> list[str]:
    return [*produced_keys(), OPERATOR]


def _ctl(*arguments: str, check: bool = True) -> None:
    """One rabbitmqctl call on the local broker (root may run it here)."""
    subprocess.run(["rabbitmqctl", "-q", *arguments], check=check, capture_output=True)  # noqa: S603, S607 - our own arguments


def create(namespace: str, passwords: Mapping[str, str], run: bool = True) -> list[Command]:
    """Create (or re-create) the users whose password is given."""
    done: list[Command] = []
    for role, password in passwords.items():
        _ctl("delete_user", user_name(namespace, role), check=False)
        for command in commands(namespace, role, password):
            if run:
                _ctl(*command)
            done.append(command)
    return done


def delete(namespace: str, role_names: Sequence[str]) -> None:
    for role in role_names:
        _ctl("delete_user", user_name(namespace, role), check=False)


def main() -> int:
    namespace = os.environ.get("SAMENSPEL_NAMESPACE", "")
    passwords = {r: p for r in roles() if (p := os.environ.get(f"RABBITMQ_PASSWORD_{r.upper()}"))}
    if not passwords:
        print("set RABBITMQ_PASSWORD_<ROLE> for: " + ", ".join(roles()), file=sys.stderr)
        return 2
    create(namespace, passwords)
    print("created: " + ", ".join(user_name(namespace, r) for r in passwords))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

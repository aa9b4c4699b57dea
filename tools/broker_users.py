"""Create each publisher's RabbitMQ user and its permissions on the local broker (rabbitmqctl).

    RABBITMQ_PASSWORD_INTAKE=... RABBITMQ_PASSWORD_EXTERNAL=... python -m tools.broker_users

Every role of `shared.messaging.publishers` (intake, scheduling, documents, notifications,
external, operator) whose password is set as `RABBITMQ_PASSWORD_<ROLE>` gets a user named
`<SAMENSPEL_NAMESPACE><role>`. One `rabbitmqctl import_definitions` call reads the users (salted
SHA-256 hashes), vhost permissions and topic permissions from standard input: no password or
hash is ever written to a file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.messaging.publishers import (
    EXTERNAL,
    OPERATOR,
    produced_keys,
    user_name,
    write_pattern,
)
from shared.messaging.topology import (
    DEAD_LETTER_EXCHANGE,
    EVENTS_EXCHANGE,
    REPLAY_EXCHANGE,
    UNROUTABLE,
)

POLICY = "samenspel-unroutable"


@dataclass(frozen=True)
class Rights:
    """Vhost regexes (configure, write, read) and the events exchange's topic regexes."""

    configure: str
    write: str
    read: str
    topic_write: str
    topic_read: str


def rights(namespace: str, role: str) -> Rights:
    """What a role may do. Topic write: the keys it may publish; topic read: what it may bind
    a queue to (a service binds only its own queue, to every key it consumes)."""
    ns = re.escape(namespace)
    events, dlx = f"{ns}{re.escape(EVENTS_EXCHANGE)}", f"{ns}{re.escape(DEAD_LETTER_EXCHANGE)}"
    replay = f"{ns}{re.escape(REPLAY_EXCHANGE)}"
    kept = f"{ns}{re.escape(UNROUTABLE)}"  # the alternate exchange and its queue share a name
    if role == OPERATOR:  # reads dead-letter queues and the unroutable queue, publishes replays
        dlqs = f"{ns}[a-z]+\\.dlq"
        looks = f"^({replay}|{dlqs}|{kept})$"
        return Rights(looks, f"^{replay}$", looks, "^$", "^$")
    keys = write_pattern(produced_keys()[role])
    if role == EXTERNAL:
        return Rights("^$", f"^{events}$", "^$", keys, "^$")
    own = f"{ns}{re.escape(role)}(\\.dlq)?"
    return Rights(
        f"^({own}|{events}|{dlx}|{replay}|{kept})$",
        f"^({own}|{events}|{dlx}|{kept})$",
        f"^({own}|{events}|{dlx}|{replay}|{kept})$",
        keys,
        ".*",
    )


def roles() -> list[str]:
    return [*produced_keys(), OPERATOR]


def _hash(password: str) -> str:
    """RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password))."""
    salt = os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions(namespace: str, passwords: Mapping[str, str]) -> dict[str, Any]:
    """The users, permissions and topic permissions, as `import_definitions` reads them."""
    users, permissions, topics = [], [], []
    exchange = f"{namespace}{EVENTS_EXCHANGE}"
    for role, password in passwords.items():
        user, granted = user_name(namespace, role), rights(namespace, role)
        users.append(
            {
                "name": user,
                "password_hash": _hash(password),
                "hashing_algorithm": "rabbit_password_hashing_sha256",
                "tags": "",
            }
        )
        permissions.append(
            {
                "user": user,
                "vhost": "/",
                "configure": granted.configure,
                "write": granted.write,
                "read": granted.read,
            }
        )
        topics.append(
            {
                "user": user,
                "vhost": "/",
                "exchange": exchange,
                "write": granted.topic_write,
                "read": granted.topic_read,
            }
        )
    return {
        "users": users,
        "permissions": permissions,
        "topic_permissions": topics,
        "policies": [unroutable_policy(namespace)],
    }


def unroutable_policy(namespace: str) -> dict[str, Any]:
    """The events exchange's alternate exchange, as a policy: it applies to the exchange as it
    exists (declaring it again with an `alternate-exchange` argument would fail with
    PRECONDITION_FAILED), and every service declares the exchange and queue it names."""
    return {
        "vhost": "/",
        "name": f"{namespace}{POLICY}",
        "pattern": f"^{re.escape(namespace + EVENTS_EXCHANGE)}$",
        "apply-to": "exchanges",
        "definition": {"alternate-exchange": f"{namespace}{UNROUTABLE}"},
        "priority": 0,
    }


def set_unroutable_policy(namespace: str) -> None:
    """Only the policy (no users): for a broker whose users exist already, and for tests."""
    document = json.dumps({"policies": [unroutable_policy(namespace)]})
    _ctl("import_definitions", "--format", "json", stdin=document)


def clear_unroutable_policy(namespace: str) -> None:
    """Remove a test namespace's policy."""
    _ctl("clear_policy", f"{namespace}{POLICY}", check=False)


def boot_definitions(
    passwords: Mapping[str, str], admin: str, admin_password: str, namespace: str = ""
) -> dict[str, Any]:
    """A definitions file RabbitMQ loads at boot (compose): the vhost, an administrator for the
    management UI, and every role's user with its permissions, as `definitions` makes them."""
    document = definitions(namespace, passwords)
    document["users"].insert(
        0,
        {
            "name": admin,
            "password_hash": _hash(admin_password),
            "hashing_algorithm": "rabbit_password_hashing_sha256",
            "tags": "administrator",
        },
    )
    everything = {"user": admin, "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}
    document["permissions"].insert(0, everything)
    return {"vhosts": [{"name": "/"}], **document}


def _ctl(*arguments: str, stdin: str | None = None, check: bool = True) -> None:
    """One rabbitmqctl call on the local broker (root may run it here)."""
    subprocess.run(  # noqa: S603 - fixed program, our own arguments
        ["rabbitmqctl", "-q", *arguments],  # noqa: S607 - rabbitmqctl from PATH
        input=stdin,
        text=True,
        check=check,
        capture_output=True,
    )


def create(namespace: str, passwords: Mapping[str, str]) -> None:
    """Create or update the users whose password is given, in one call."""
    document = json.dumps(definitions(namespace, passwords))
    _ctl("import_definitions", "--format", "json", stdin=document)


def delete(namespace: str, role_names: Sequence[str]) -> None:
    """Remove the users (a test namespace's, when the test ends)."""
    running = [
        subprocess.Popen(  # noqa: S603 - fixed program, our own arguments
            ["rabbitmqctl", "-q", "delete_user", user_name(namespace, role)],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for role in role_names
    ]
    for process in running:  # in parallel: each call starts an Erlang VM (about a second)
        process.wait()


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

"""Who may publish which routing key: broker users, their topic permissions, the consumer's check.

Generated from the producers' catalogue: each service's user publishes only the keys it
produces, the `external` user only EXTERNAL_INPUTS' keys, the `operator` user only on the
replay exchange. Consumers read the AMQP `user_id` (RabbitMQ refuses one that is not the
connection's user) and accept an event only from a user that may produce it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from shared.contracts.catalogue import EXTERNAL_INPUTS, PRODUCED_BY

EXTERNAL = "external"
OPERATOR = "operator"
GUEST = "guest"


def produced_keys() -> dict[str, frozenset[str]]:
    """Publisher role -> the routing keys it may publish on the events exchange."""
    keys = {
        service: frozenset(m.routing_key for m in models) for service, models in PRODUCED_BY.items()
    }
    keys[EXTERNAL] = frozenset(model.routing_key for model in EXTERNAL_INPUTS)
    return keys


def user_name(namespace: str, role: str) -> str:
    """A publisher role's broker user; the namespace keeps test runs apart on a shared broker."""
    return f"{namespace}{role}"


def write_pattern(keys: frozenset[str]) -> str:
    """A topic-permission regex that matches exactly these routing keys."""
    return "^(" + "|".join(re.escape(key) for key in sorted(keys)) + ")$" if keys else "^$"


def connection_user(amqp_url: str) -> str:
    """The user name in an AMQP URL (the default is guest)."""
    return unquote(urlsplit(amqp_url).username or GUEST)


@dataclass(frozen=True)
class PublisherTrust:
    """The consumer's side: may the user named in `user_id` publish this routing key?"""

    by_user: Mapping[str, frozenset[str]]
    trust_guest: bool = False
    shared_user: str = ""  # one user every service shares (compose today): trusted for all

    @classmethod
    def for_namespace(
        cls, namespace: str, *, trust_guest: bool, shared_user: str = ""
    ) -> PublisherTrust:
        users = {user_name(namespace, role): keys for role, keys in produced_keys().items()}
        return cls(users, trust_guest, shared_user, user_name(namespace, OPERATOR))

    operator: str = OPERATOR

    def refusal(self, user_id: str | None, routing_key: str, *, replayed: bool) -> str | None:
        """None when trusted, else the dead-letter reason. A replayed letter is vouched for by
        the operator user, the only one allowed to publish on the replay exchange."""
        if self.trust_guest and user_id in (None, GUEST):
            return None
        if self.shared_user and user_id == self.shared_user:
            return None
        if replayed and user_id == self.operator:
            return None
        if routing_key in self.by_user.get(user_id or "", frozenset()):
            return None
        return f"untrusted publisher: {user_id or 'no user_id'} may not publish {routing_key}"

"""Notifications' MongoDB collections, each one document per aggregate with declared indexes."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any, ClassVar

from services.notifications.domain.mail_server import MailServerState
from services.notifications.domain.notification import Notification, Status
from services.notifications.domain.records import CaseFacts, Moment, RecipientPreferences
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository, Change, Stored
from shared.persistence.timers import TimerRepository

__all__ = [
    "CaseFacts",
    "CaseFactsRepository",
    "MailServerRepository",
    "Moment",
    "NotificationRepository",
    "NotificationTimers",
    "PreferenceRepository",
    "RecipientPreferences",
]


class NotificationRepository(AggregateRepository[Notification]):
    """Keyed by notification key (the `_id` is unique), listed per case for the delivery log."""

    collection_name = "notifications"
    state_model = Notification
    expires = True  # a settled mail, its source event and its delivery-log entry age together
    remembered: ClassVar[int] = 256  # a waiting mail is released on the copy that stored it
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("case_id", 1), ("times.created_at", 1)), "case_created_at"),
        IndexSpec((("status", 1), ("times.created_at", 1)), "status_created_at"),
        IndexSpec((("planned.event_id", 1), ("status", 1)), "event_status"),
    )

    def retained_from(self, state: Notification) -> dt.datetime | None:
        """Sent, suppressed or dropped mails age from then; a failed one waits for a resend."""
        if state.status is Status.SENT:
            return state.times.sent_at or state.times.created_at
        if state.status in (Status.SUPPRESSED, Status.DROPPED):
            return state.times.created_at
        return None

    async def waiting_for(self, event_id: str) -> list[tuple[str, str]]:
        """The mails about one event that wait for the documents made for it: (key, recipient)."""
        found = await self.find({"planned.event_id": event_id, "status": "waiting"}, limit=1000)
        return [(stored.id, stored.state.planned.recipient.address) for stored in found]

    async def for_case(self, case_id: str, limit: int = 500) -> list[Notification]:
        """The delivery log of one case, oldest first."""
        found = await self.find({"case_id": case_id}, sort=[("times.created_at", 1)], limit=limit)
        return [stored.state for stored in found]

    async def failed(self, limit: int = 500) -> list[Stored[Notification]]:
        """Notifications that failed for good, oldest first, for an operator to resend."""
        return await self.find({"status": "failed"}, sort=[("times.created_at", 1)], limit=limit)

    async def pending(self, limit: int = 10_000) -> list[Stored[Notification]]:
        """Notifications waiting to be tried (again), oldest first."""
        return await self.find({"status": "pending"}, sort=[("times.created_at", 1)], limit=limit)


class PreferenceRepository(AggregateRepository[RecipientPreferences]):
    """Keyed by the lower-cased address; only ever read by id. Mail reads them for every event
    (staff) and mail (opt-outs): what was read is kept for `cache_seconds`, and this process's
    own writes replace it at once (another replica's choice counts within that time)."""

    owes_events = False
    cache_seconds: ClassVar[float] = 5.0
    cache_limit: ClassVar[int] = 10_000

    collection_name = "preferences"
    state_model = RecipientPreferences

    def __init__(self, *args: Any, monotonic: Callable[[], float] = time.monotonic, **kw: Any):
        super().__init__(*args, **kw)
        self._monotonic = monotonic
        self._read: dict[str, tuple[float, RecipientPreferences | None]] = {}

    async def of(self, address: str) -> RecipientPreferences | None:
        """The stored choices of an address, if any."""
        key, now = address.strip().lower(), self._monotonic()
        if (kept := self._read.get(key)) is not None and now - kept[0] < self.cache_seconds:
            return kept[1]
        stored = await self.get(key)
        state = None if stored is None else stored.state
        if len(self._read) >= self.cache_limit:
            self._read.clear()
        self._read[key] = (now, state)
        return state

    async def insert(
        self,
        aggregate_id: str,
        change: Change[RecipientPreferences],
        handled_event_id: str | None = None,
    ) -> Stored[RecipientPreferences]:
        """Written, and forgotten by the cache (the next read sees it)."""
        self._read.pop(aggregate_id, None)
        try:
            return await super().insert(aggregate_id, change, handled_event_id)
        finally:
            self._read.pop(aggregate_id, None)

    async def update(
        self,
        stored: Stored[RecipientPreferences],
        change: Change[RecipientPreferences],
        handled_event_id: str | None = None,
    ) -> Stored[RecipientPreferences]:
        """Written, and forgotten by the cache (the next read sees it)."""
        self._read.pop(stored.id, None)
        try:
            return await super().update(stored, change, handled_event_id)
        finally:
            self._read.pop(stored.id, None)


class CaseFactsRepository(AggregateRepository[CaseFacts]):
    """The digest's read model, queried by submission time, open decision and open overdue.
    Written by this consumer event after event: each decided on the copy it wrote last."""

    owes_events = False
    remembered: ClassVar[int] = 512

    collection_name = "case_facts"
    state_model = CaseFacts
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("submitted.at", 1),), "submitted_at"),
        IndexSpec((("decision_open", 1), ("decision_due", 1)), "decision_open_due"),
        IndexSpec((("overdue_open", 1), ("overdue_due.at", 1)), "overdue_open_due"),
    )

    async def title_of(self, case_id: str) -> str:
        """The case's title as the events told it; empty when unknown (the copy this process
        wrote last serves: a title another replica changed meanwhile is the old one a while)."""
        stored = self._recent.get(case_id) or await self.get(case_id)
        return "" if stored is None else stored.state.title

    async def submitted_since(self, since: dt.datetime) -> list[CaseFacts]:
        """Cases submitted at or after `since`."""
        found = await self.find({"submitted.at": {"$gte": since}}, sort=[("submitted.at", 1)])
        return [stored.state for stored in found]

    async def open_decisions(self) -> list[CaseFacts]:
        """Cases screened but not yet decided."""
        found = await self.find({"decision_open": True}, sort=[("decision_due", 1)])
        return [stored.state for stored in found]

    async def overdue_deliverables(self) -> list[CaseFacts]:
        """Cases with a deliverable past its deadline and not yet delivered."""
        found = await self.find({"overdue_open": True}, sort=[("overdue_due.at", 1)])
        return [stored.state for stored in found]


class MailServerRepository(AggregateRepository[MailServerState]):
    """One document (`smtp`): whether sending is paused, shared by every replica."""

    owes_events = False

    collection_name = "mail_server"
    state_model = MailServerState
    indexes: ClassVar[tuple[IndexSpec, ...]] = ()


class NotificationTimers(TimerRepository):
    """The timers as every service keeps them; a mail's wait timer is cancelled once it went out,
    on the copy this process armed (no read first; a stale copy conflicts and is read again)."""

    remembered: ClassVar[int] = 1024

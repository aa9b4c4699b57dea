"""An event arrives: plan who hears what, record each notification once, then try to send it."""

from __future__ import annotations

import logging

from services.notifications.domain.directory import people_named
from services.notifications.domain.model import Audience, PlannedNotification, Recipient
from services.notifications.domain.notification import Status, claim, record
from services.notifications.domain.planning import PlanningConfig, StaffMember, plan_notifications
from services.notifications.domain.preferences import Preferences, may_send
from services.notifications.domain.quiet_hours import QuietHours, release_at
from services.notifications.domain.routing import RoutingTable
from services.notifications.service_layer.delivering import Deliverer
from services.notifications.service_layer.links import one_event
from services.notifications.service_layer.ports import (
    NotificationStore,
    PersonDirectory,
    PreferenceStore,
)
from shared.clock import Clock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.aggregate import Change, ConcurrencyConflict

log = logging.getLogger(__name__)


def event_json(event: CloudEvent[EventData]) -> str:
    """The event as received; `to_json` on a CloudEvent[EventData] would drop the payload."""
    return event.model_dump_json(exclude_none=True, serialize_as_any=True)


class Recorder:
    """Plans and records notifications for consumed events; the broker acks only after this."""

    def __init__(
        self,
        table: RoutingTable,
        notifications: NotificationStore,
        preferences: PreferenceStore,
        deliverer: Deliverer,
        clock: Clock,
        *,
        staff: list[StaffMember],
        chat_enabled: bool,
        quiet: QuietHours,
        directory: PersonDirectory | None = None,
    ) -> None:
        self._table = table
        self._notifications = notifications
        self._preferences = preferences
        self._deliverer = deliverer
        self._clock = clock
        self._staff = staff
        self._chat_enabled = chat_enabled
        self._quiet = quiet
        self._directory = directory

    async def planning_config(self, event: CloudEvent[EventData] | None = None) -> PlanningConfig:
        """Staff as configured (each with their digest choice), and the person an event names."""
        staff = []
        for member in self._staff:
            chosen = await self._preferences.of(str(member.email))
            if chosen is not None and chosen.digest is not None:
                member = member.model_copy(update={"digest": chosen.digest})
            staff.append(member)
        known = {} if event is None else await self._known_people(event)
        return PlanningConfig(
            staff=staff, staff_chat_enabled=self._chat_enabled, known_people=known
        )

    async def _known_people(self, event: CloudEvent[EventData]) -> dict[str, Recipient]:
        """The directory's entry for the person an id-only event names (a fresh-link request)."""
        routes = self._table.for_event(event.data.routing_key)
        if self._directory is None or all(r.audience is not Audience.PERSON for r in routes):
            return {}
        person_id = str(getattr(event.data, "person_id", ""))
        known = await self._directory.look_up(person_id)
        if known is None:
            log.info("no address on file for a person", extra={"event_id": event.id})
            return {}
        return {person_id: known}

    async def on_event(self, event: CloudEvent[EventData]) -> None:
        """Record every notification the event owes, then attempt each; idempotent per key."""
        if self._directory is not None:  # before planning: the people it names are known now
            default_tz = PlanningConfig().default_timezone
            await self._directory.remember(people_named(event.data, self._table, default_tz))
        planned = plan_notifications(event, self._table, await self.planning_config(event))
        source = event_json(event)
        with one_event():
            await self._deliverer.read_ahead([p.recipient.person_id for p in planned])
            for notification in planned:
                await self.record_and_send(notification, source)

    async def record_and_send(self, planned: PlannedNotification, source: str) -> None:
        """Store under its key unless stored already; then send, hold or retry as it says."""
        now = self._clock.now()
        allowed = await self._allowed(planned)
        fresh = record(
            planned, source, now, release_at=release_at(planned, now, self._quiet), allowed=allowed
        )

        if fresh.status is not Status.PENDING:  # held for quiet hours or suppressed
            await self._notifications.apply(planned.key, lambda cur: None if cur else Change(fresh))
            await self._deliverer.attempt(planned.key)  # a held one gets its wake-up timer
            return
        claimed = claim(fresh, now, self._deliverer.lease)
        try:  # stored already claimed: one write, no re-read before the send
            stored = await self._notifications.insert(planned.key, Change(claimed or fresh))
        except ConcurrencyConflict:  # recorded before (a redelivered event): attempt it if due
            await self._deliverer.attempt(planned.key)
            return
        await self._deliverer.send_claimed(stored, now)

    async def _allowed(self, planned: PlannedNotification) -> bool:
        if planned.essential:
            return True
        stored = await self._preferences.of(planned.recipient.address)
        if stored is None:
            return True
        choices = Preferences(address=stored.address, opted_out=frozenset(stored.opted_out))
        return may_send(planned, choices)

"""An event arrives: plan who hears what, record each notification once, then try to send it."""

from __future__ import annotations

import logging

from services.notifications.domain.directory import people_named
from services.notifications.domain.model import Audience, PlannedNotification, Recipient
from services.notifications.domain.notification import Status, claim, record
from services.notifications.domain.planning import PlanningConfig, plan_notifications
from services.notifications.domain.preferences import Preferences, may_send
from services.notifications.domain.quiet_hours import release_at
from services.notifications.service_layer import delivering
from services.notifications.service_layer.composing import keep_source, wait_deadline
from services.notifications.service_layer.context import Notifications
from services.notifications.service_layer.documents_wait import EventWait
from services.notifications.service_layer.links import one_event
from services.notifications.service_layer.side_by_side import side_by_side
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.aggregate import Change, ConcurrencyConflict

log = logging.getLogger(__name__)


def event_json(event: CloudEvent[EventData]) -> str:
    """The event as received; `to_json` on a CloudEvent[EventData] would drop the payload."""
    return event.model_dump_json(exclude_none=True, serialize_as_any=True)


async def planning_config(
    event: CloudEvent[EventData] | None, deps: Notifications
) -> PlanningConfig:
    """Staff as configured (each with their digest choice), and the person an event names."""
    staff = []
    for member in deps.staff:
        chosen = await deps.preferences.of(str(member.email))
        if chosen is not None and chosen.digest is not None:
            member = member.model_copy(update={"digest": chosen.digest})
        staff.append(member)
    known = {} if event is None else await _known_people(event, deps)
    return PlanningConfig(staff=staff, staff_chat_enabled=deps.chat_enabled, known_people=known)


async def _known_people(event: CloudEvent[EventData], deps: Notifications) -> dict[str, Recipient]:
    """The directory's entry for the person an id-only event names (a fresh-link request)."""
    routes = deps.table.for_event(event.data.routing_key)
    if deps.directory is None or all(r.audience is not Audience.PERSON for r in routes):
        return {}
    person_id = str(getattr(event.data, "person_id", ""))
    known = await deps.directory.look_up(person_id)
    if known is None:
        log.info("no address on file for a person", extra={"event_id": event.id})
        return {}
    return {person_id: known}


async def on_event(event: CloudEvent[EventData], deps: Notifications) -> None:
    """Record every notification the event owes, then attempt each; idempotent per key."""
    if deps.directory is not None:  # before planning: the people it names are known now
        default_tz = PlanningConfig().default_timezone
        await deps.directory.remember(people_named(event.data, deps.table, default_tz))
    planned = plan_notifications(event, deps.table, await planning_config(event, deps))
    source = event_json(event)
    keep_source(source, event)
    with one_event():
        await delivering.read_ahead([p.recipient.person_id for p in planned], deps)
        waiting: delivering.Waiting = {}  # stored waiting for documents
        await _record_all(planned, source, deps, waiting)
        await delivering.look_once_more(waiting, deps)


async def _record_all(
    planned: list[PlannedNotification],
    source: str,
    deps: Notifications,
    waiting: delivering.Waiting,
) -> None:
    """The event's mails, each person's in planned order, different people's side by side."""

    if not planned:
        return
    wait = EventWait(planned[0].event_id, planned[0].case_id, deps)  # one event's mails

    async def one(notification: PlannedNotification) -> None:
        if await record_and_send(notification, source, deps, waiting, wait):
            waiting[notification.key] = (notification.event_id, _recipient(notification))

    await side_by_side(planned, _recipient, one)


def _recipient(planned: PlannedNotification) -> str:
    """Whose mails go in turn (`side_by_side`)."""
    return planned.recipient.address


async def record_and_send(
    planned: PlannedNotification,
    source: str,
    deps: Notifications,
    waiting: delivering.Waiting | None = None,
    wait: EventWait | None = None,
) -> bool:
    """Store under its key unless stored already; then send, hold or retry as it says. True
    when it was stored waiting for documents (`waiting`: the event's mails that do already,
    whose answer is looked up once more when all are stored; None: looked up at once).
    `wait`: what the event's mails share about their documents (None: this mail alone)."""
    now = deps.now()
    allowed = await _allowed(planned, deps)
    fresh = record(
        planned, source, now, release_at=release_at(planned, now, deps.quiet), allowed=allowed
    )

    if fresh.status is not Status.PENDING:  # held for quiet hours or suppressed
        await deps.notifications.apply(planned.key, lambda cur: None if cur else Change(fresh))
        await delivering.attempt(planned.key, deps)  # a held one gets its wake-up timer
        return False
    if (until := wait_deadline(fresh, now, deps.composing)) is not None:
        wait = wait or EventWait(planned.event_id, planned.case_id, deps)
        if await wait.unanswered():
            await wait.arm(until)  # first: a mail stored waiting is never left unwoken
            kept = await delivering.wait_from_the_start(planned.key, fresh, until, deps)
            if kept and waiting is None:
                await delivering.look_once_more(
                    {planned.key: (planned.event_id, _recipient(planned))}, deps
                )
            return kept and waiting is not None
    claimed = claim(fresh, now, deps.lease)
    try:  # stored already claimed: one write, no re-read before the send
        stored = await deps.notifications.insert(planned.key, Change(claimed or fresh))
    except ConcurrencyConflict:  # recorded before (a redelivered event): attempt it if due
        await delivering.attempt(planned.key, deps)
        return False
    await delivering.send_claimed(stored, now, deps)
    return False


async def _allowed(planned: PlannedNotification, deps: Notifications) -> bool:
    if planned.essential:
        return True
    stored = await deps.preferences.of(planned.recipient.address)
    if stored is None:
        return True
    choices = Preferences(address=stored.address, opted_out=frozenset(stored.opted_out))
    return may_send(planned, choices)

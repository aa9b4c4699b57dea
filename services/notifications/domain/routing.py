"""The routing table ("who hears what") as validated data, so a change is a data change."""

from __future__ import annotations

import tomllib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.notifications.domain.model import Audience, CalendarMethod, Channel
from shared.contracts.base import EventData
from shared.contracts.documents import DocumentKind
from shared.contracts.registry import BY_ROUTING_KEY

# The payload field each audience is read from; staff come from configuration instead.
AUDIENCE_FIELD: dict[Audience, str | None] = {
    Audience.OWNER: "owner",
    Audience.COACHES: "coaches",
    Audience.PARTICIPANT: "participant",
    Audience.ATTENDEES: "session",
    Audience.ADDED: "added",
    Audience.REMOVED: "removed",
    Audience.PERSON: "person_id",
    Audience.TEAM: "team",
    Audience.STAFF: None,
}
# Events the documents service answers with `documents.ready` (made_for = their id).
ANSWERED_BY_DOCUMENTS = frozenset(
    {"case.accepted", "case.rejected", "trajectory.scheduled", "session.reminder_due"}
)


class Route(BaseModel):
    """One row: for this event, this audience gets this template through this channel."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: str
    audience: Audience
    template: str = Field(pattern=r"^[a-z0-9_]+$")
    channel: Channel = Channel.EMAIL
    category: str = Field(pattern=r"^[a-z_]+$")
    essential: bool
    urgent: bool = False
    calendar: CalendarMethod | None = None
    # "session_start": dropped when it would go out after the session began (reminders)
    stale_after: Literal["session_start"] | None = None
    person_page: bool = True  # the recipient's own page link goes in the mail
    # Documents the mail carries as PDF: it waits for documents' answer to its event.
    attach: list[DocumentKind] = Field(default_factory=list)

    @model_validator(mode="after")
    def _event_can_reach_audience(self) -> Route:
        model = BY_ROUTING_KEY.get(self.event)
        if model is None:
            raise ValueError(f"unknown event routing key: {self.event}")
        needed = AUDIENCE_FIELD[self.audience]
        if needed is not None and needed not in model.model_fields:
            raise ValueError(f"{self.event} carries no '{needed}' to reach the {self.audience}")
        if self.calendar is not None and "session" not in model.model_fields:
            raise ValueError(f"{self.event} carries no session for a calendar invite")
        if self.stale_after is not None and "session" not in model.model_fields:
            raise ValueError(f"{self.event} carries no session whose start could end it")
        if self.attach and self.event not in ANSWERED_BY_DOCUMENTS:
            raise ValueError(f"documents makes nothing for {self.event} to attach")
        if self.attach and self.channel is Channel.CHAT:
            raise ValueError("a chat post carries no attachments")
        if self.channel is Channel.CHAT and self.audience is not Audience.STAFF:
            raise ValueError("the chat channel is for staff only")
        return self


class RoutingTable(BaseModel):
    """All routes; looked up by routing key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    routes: list[Route] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_duplicate_rows(self) -> RoutingTable:
        seen: set[tuple[str, Audience, str, Channel]] = set()
        for route in self.routes:
            row = (route.event, route.audience, route.template, route.channel)
            if row in seen:
                raise ValueError(f"duplicate route: {row}")
            seen.add(row)
        mixed = self.essential_categories() & {r.category for r in self.routes if not r.essential}
        if mixed:
            raise ValueError(f"categories both essential and not: {sorted(mixed)}")
        return self

    def categories(self) -> set[str]:
        """Every category an unsubscribe link may name."""
        return {route.category for route in self.routes}

    def essential_categories(self) -> set[str]:
        """Categories nobody can switch off."""
        return {route.category for route in self.routes if route.essential}

    def for_event(self, routing_key: str) -> list[Route]:
        """The rows that apply to one event, in table order."""
        return [route for route in self.routes if route.event == routing_key]

    def routing_keys(self) -> set[str]:
        """Every event the service must consume."""
        return {route.event for route in self.routes}

    def templates(self) -> set[str]:
        """Every template the table names; each must exist as a file."""
        return {route.template for route in self.routes}


def parse_routing_table(toml_text: str) -> RoutingTable:
    """Parse and validate the table from TOML text (reading the file is the caller's job)."""
    raw: dict[str, Any] = tomllib.loads(toml_text)
    return RoutingTable.model_validate({"routes": raw.get("route", [])})


def event_model(routing_key: str) -> type[EventData]:
    """The payload model of a routing key, for samples and previews."""
    return BY_ROUTING_KEY[routing_key]

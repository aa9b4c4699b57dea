"""The CloudEvents 1.0 structured-JSON envelope every message on the bus travels in."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from shared.contracts.base import EventData

CONTENT_TYPE = "application/cloudevents+json"

DataT = TypeVar("DataT", bound=EventData)
# Covariant: an event of one kind is an event (`CloudEvent[CaseSubmitted]` is a
# `CloudEvent[EventData]`), so code about any event needs no `Any`.
EventT_co = TypeVar("EventT_co", bound=EventData, covariant=True)


class InvalidEvent(ValueError):
    """A message that can never be processed; it is dead-lettered with `reason`, not retried."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Envelope(BaseModel):
    """The envelope with its payload still raw: what arrives before we know the event's type."""

    model_config = ConfigDict(frozen=True, extra="allow")

    specversion: Literal["1.0"]
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=500)
    type: str = Field(min_length=1, max_length=200)
    time: AwareDatetime
    subject: str | None = Field(default=None, max_length=200)
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]


class CloudEvent(BaseModel, Generic[EventT_co]):
    """An event with its typed payload; `id` is the idempotency key, `subject` the aggregate id."""

    model_config = ConfigDict(frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(min_length=1, max_length=200)
    source: str
    type: str
    time: AwareDatetime
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    data: EventT_co

    def to_json(self) -> bytes:
        """Serialise in structured mode; the bytes other systems see on the wire."""
        return self.model_dump_json(exclude_none=True, serialize_as_any=True).encode()


def new_event(
    data: DataT,
    *,
    source: str,
    subject: str | None,
    now: dt.datetime,
    event_id: str | None = None,
) -> CloudEvent[DataT]:
    """Wrap a payload in a fresh envelope; `now` comes from the service's clock."""
    return CloudEvent[DataT](
        id=event_id or str(uuid.uuid4()),
        source=source,
        type=data.event_type(),
        time=now.astimezone(dt.UTC),
        subject=subject,
        data=data,
    )


def describe_errors(error: ValidationError, prefix: str = "") -> str:
    """One line naming each bad field and why, for dead-letter headers and logs."""
    parts = []
    for item in error.errors()[:10]:
        location = ".".join(str(part) for part in item["loc"])
        parts.append(f"{prefix}{location}: {item['msg']}")
    return "; ".join(parts)


def parse_event(
    body: bytes, registry: dict[str, type[EventData]], routing_key: str | None = None
) -> CloudEvent[EventData]:
    """Decode and validate a message, or raise InvalidEvent saying exactly what is wrong."""
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidEvent(f"not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidEvent("not a CloudEvents envelope: the JSON body is not an object")
    try:
        envelope = Envelope.model_validate(raw)
    except ValidationError as exc:
        raise InvalidEvent(f"invalid CloudEvents envelope: {describe_errors(exc)}") from exc
    model = registry.get(envelope.type)
    if model is None:
        raise InvalidEvent(f"unknown event type or version: {envelope.type}")
    if routing_key is not None and routing_key != model.routing_key:
        raise InvalidEvent(f"routing key {routing_key} does not match type {envelope.type}")
    try:
        data = model.model_validate(envelope.data)
    except ValidationError as exc:
        raise InvalidEvent(f"invalid data: {describe_errors(exc, 'data.')}") from exc
    return CloudEvent[EventData](
        id=envelope.id,
        source=envelope.source,
        type=envelope.type,
        time=envelope.time,
        subject=envelope.subject,
        data=data,
    )


class EventFactory:
    """Stamps payloads with this service's source and the time of its clock."""

    def __init__(self, source: str, now: Callable[[], dt.datetime]) -> None:
        self.source = source
        self._now = now

    def now(self) -> dt.datetime:
        """The service clock's current instant, for payload timestamps."""
        return self._now()

    def __call__(self, data: DataT, subject: str | None) -> CloudEvent[DataT]:
        """A new event with a fresh id."""
        return new_event(data, source=self.source, subject=subject, now=self._now())

"""What every router of the documents service is bound to, built once in bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.documents.adapters.library_index import LibraryIndex
from services.documents.service_layer.links import Links
from services.documents.service_layer.producing import Producer
from shared.contracts.envelope import EventFactory


@dataclass(frozen=True)
class ApiContext:
    producer: Producer
    events: EventFactory
    links: Links
    library: LibraryIndex
    caller: Callable[..., Any]
    owner: Callable[..., Any]

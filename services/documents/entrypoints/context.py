"""What every router of the documents service is bound to, built once in bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.documents.service_layer.context import Documents


@dataclass(frozen=True)
class ApiContext(Documents):
    """The use cases' dependencies, and the callers' checks every route depends on."""

    reader: Callable[..., Any]
    writer: Callable[..., Any]
    owner: Callable[..., Any]

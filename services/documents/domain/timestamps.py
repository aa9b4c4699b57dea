"""Instants read back from storage, tolerant of how the MongoDB stand-in returns them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator


def _assume_utc(value: Any) -> Any:
    """The stand-in returns a top-level date written by `$set` as naive text; we only ever
    store UTC, so naive means UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


StoredInstant = Annotated[AwareDatetime, BeforeValidator(_assume_utc)]

"""Turn pydantic dumps into values BSON can store and query (dates, enums, tuples, sets)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel


def to_bson(value: Any) -> Any:
    """Dates become ISO strings (BSON has no date-only type), enums their values, tuples lists."""
    if isinstance(value, dict):
        return {str(key): to_bson(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_bson(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_utc_instant(value: Any) -> Any:
    """An instant an older write left naive (nx-27017 returns a top-level date written by `$set`
    as naive ISO text): we only ever store UTC, so naive means UTC. Anything else unchanged."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def epoch_ms(moment: dt.datetime) -> int:
    """An instant as epoch milliseconds, for a field a query compares: the stand-in returns
    some stored datetimes as naive strings, which no comparison can trust."""
    return int(moment.timestamp() * 1000)


def file_metadata(model: BaseModel, exclude: set[str] | None = None) -> dict[str, Any]:
    """A GridFS file's metadata with its instants as ISO text, never BSON dates: nx-27017
    cannot store dates inside GridFS metadata (read back, pydantic parses the text)."""
    return model.model_dump(mode="json", exclude=exclude)

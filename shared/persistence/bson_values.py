"""Turn pydantic dumps into values BSON can store and query (dates, enums, tuples, sets)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any


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

"""When to try a failed send again: capped exponential backoff with full jitter, for a time.

A mail server away for a working day (or a weekend) must not fail mail for good: delays grow
to at most `max_delay` (an hour) and attempts go on until `give_up_after` (48 hours) has passed
since the first one. `max_attempts` can bound them further (0: no bound).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field


class RetryPolicy(BaseModel):
    """Delays grow as base * 2^(attempt-1), capped; full jitter spreads a thundering herd."""

    model_config = ConfigDict(frozen=True)

    max_attempts: int = Field(default=0, ge=0)
    base_delay: dt.timedelta = dt.timedelta(seconds=30)
    max_delay: dt.timedelta = dt.timedelta(hours=1)
    give_up_after: dt.timedelta = dt.timedelta(hours=48)

    def next_delay(
        self,
        attempts_made: int,
        *,
        permanent: bool,
        random: Callable[[], float],
        elapsed: dt.timedelta = dt.timedelta(0),
    ) -> dt.timedelta | None:
        """The wait before the next attempt, or None when giving up (permanent or exhausted).

        `elapsed` is the time since the first attempt."""
        if permanent or (self.max_attempts and attempts_made >= self.max_attempts):
            return None
        if elapsed >= self.give_up_after:
            return None
        doubling = 1 << min(max(attempts_made - 1, 0), 30)
        ceiling = min(self.max_delay, self.base_delay * doubling)
        fraction = min(max(random(), 0.0), 1.0)
        return ceiling * fraction

"""Recordings of a case's sessions: staff link to where each lives; learners see them in the
library only when the owner consented to sharing (condition 5 of seed 000)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.types import WebUrl


class Recording(BaseModel):
    """A link to a recording kept elsewhere (the academy's video platform), with its title."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=1, max_length=200)
    url: WebUrl
    added_at: AwareDatetime


def add_recording(recordings: Sequence[Recording], recording: Recording) -> list[Recording]:
    """One entry per link: adding a known link again renames it."""
    others = [r for r in recordings if str(r.url) != str(recording.url)]
    return [*others, recording]

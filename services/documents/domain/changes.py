"""What changed in each section since a delivered version, as lines a reader can follow."""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import BaseModel, ConfigDict

from services.documents.domain.approach import Approach
from services.documents.domain.sections import SectionKey


class ChangedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    op: Literal["removed", "added"]
    text: str


class SectionChange(BaseModel):
    """The lines removed and added in one section between two of its versions."""

    model_config = ConfigDict(frozen=True)

    key: SectionKey
    title: str
    from_version: int
    to_version: int
    lines: list[ChangedLine]


def diff_lines(old: list[str], new: list[str]) -> list[ChangedLine]:
    """Removed lines before the added lines that replace them, unchanged lines left out."""
    out: list[ChangedLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        out += [ChangedLine(op="removed", text=t) for t in old[i1:i2]]
        out += [ChangedLine(op="added", text=t) for t in new[j1:j2]]
    return out


def changes_since(approach: Approach, delivered_version: int) -> list[SectionChange]:
    """Per section, the change from the given delivered version to now; unchanged omitted."""
    base = approach.delivery(delivered_version).section_versions
    changes = []
    for key in SectionKey:
        then, now = base.get(key, 0), approach.version_of(key)
        old, new = approach.content(key, then), approach.content(key, now)
        lines = diff_lines(old.lines() if old else [], new.lines() if new else [])
        if lines:
            changes.append(
                SectionChange(
                    key=key, title=key.heading, from_version=then, to_version=now, lines=lines
                )
            )
    return changes

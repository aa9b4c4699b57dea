"""Declared indexes, and the check that every query a repository runs is served by one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

RANGE_OPERATORS = frozenset({"$gt", "$gte", "$lt", "$lte", "$ne", "$nin", "$exists"})
EQUALITY_OPERATORS = frozenset({"$eq", "$in"})


class UncoveredQuery(AssertionError):
    """A query no declared index serves: at scale it would scan the whole collection."""


@dataclass(frozen=True)
class IndexSpec:
    """One index a repository needs; created at start-up, checked against every query."""

    keys: tuple[tuple[str, int], ...]
    name: str
    unique: bool = False
    partial_filter: Mapping[str, Any] | None = field(default=None, hash=False)
    expire_after_seconds: int | None = None  # a TTL index (retention.py): the server deletes

    @property
    def fields(self) -> tuple[str, ...]:
        """The indexed field names, in index order."""
        return tuple(name for name, _ in self.keys)


def _split_filter(query: Mapping[str, Any]) -> tuple[set[str], set[str], list[Mapping[str, Any]]]:
    """Equality fields, range fields, and the $or branches that must each be covered."""
    equality: set[str] = set()
    ranges: set[str] = set()
    branches: list[Mapping[str, Any]] = []
    for key, value in query.items():
        if key == "$or":
            branches.extend(value)
        elif key == "$and":
            for part in value:
                more_eq, more_range, more_branches = _split_filter(part)
                equality |= more_eq
                ranges |= more_range
                branches.extend(more_branches)
        elif isinstance(value, Mapping) and any(str(op).startswith("$") for op in value):
            operators = set(value)
            if operators <= EQUALITY_OPERATORS:
                equality.add(key)
            elif operators & RANGE_OPERATORS or operators & EQUALITY_OPERATORS:
                ranges.add(key)
            else:
                raise UncoveredQuery(
                    f"operator(s) {sorted(operators)} on {key} cannot use an index"
                )
        else:
            equality.add(key)
    return equality, ranges, branches


def _serves(index: IndexSpec, equality: set[str], ranges: set[str], sort: Sequence[str]) -> bool:
    """Equality fields first (any order), then the sort in order, then range fields (ESR rule)."""
    fields = index.fields
    needed = len(equality)
    if set(fields[:needed]) != equality:
        return False
    position = needed
    for sort_field in sort:
        if sort_field in equality:
            continue
        if position >= len(fields) or fields[position] != sort_field:
            return False
        position += 1
    rest = fields[position:]
    unsorted_ranges = ranges - set(sort)
    if not unsorted_ranges:
        return True
    return bool(rest) and rest[0] in unsorted_ranges and unsorted_ranges <= set(rest)


def check_query(
    indexes: Sequence[IndexSpec],
    query: Mapping[str, Any],
    sort: Sequence[tuple[str, int]] = (),
) -> None:
    """Raise UncoveredQuery unless a declared index serves this filter and sort."""
    equality, ranges, branches = _split_filter(query)
    if branches:
        for branch in branches:
            check_query(indexes, {**{k: v for k, v in query.items() if k != "$or"}, **branch}, sort)
        return
    sort_fields = [name for name, _ in sort]
    if not equality and not ranges and not sort_fields:
        raise UncoveredQuery("an unfiltered, unsorted query reads the whole collection")
    if equality == {"_id"} and not ranges:
        return
    if any(_serves(index, equality, ranges, sort_fields) for index in indexes):
        return
    raise UncoveredQuery(
        f"no declared index serves filter on {sorted(equality)} (equality), "
        f"{sorted(ranges)} (range), sort {sort_fields}"
    )

"""The index check: a query is accepted only when an index serves it (equality, sort, range)."""

from __future__ import annotations

import pytest

from shared.persistence.indexes import IndexSpec, UncoveredQuery, check_query

pytestmark = pytest.mark.unit

INDEXES = (
    IndexSpec((("status", 1), ("submitted_at", -1)), "status_submitted"),
    IndexSpec((("status", 1), ("due_at", 1)), "status_due"),
    IndexSpec((("external_ref", 1),), "ref", unique=True),
)


@pytest.mark.parametrize(
    ("query", "sort"),
    [
        ({"_id": "x"}, []),
        ({"status": "submitted"}, []),
        ({"status": "submitted"}, [("submitted_at", -1)]),
        ({"status": {"$in": ["a", "b"]}}, [("submitted_at", -1)]),
        ({"status": "pending", "due_at": {"$lte": 5}}, [("due_at", 1)]),
        ({"status": "pending", "due_at": {"$lte": 5}}, []),
        ({"external_ref": "abc"}, []),
        ({"$or": [{"status": "a"}, {"external_ref": "b"}]}, []),
    ],
)
def test_served_queries_pass(query: dict[str, object], sort: list[tuple[str, int]]) -> None:
    check_query(INDEXES, query, sort)


@pytest.mark.parametrize(
    ("query", "sort"),
    [
        ({}, []),
        ({"owner.email": "a@b.nl"}, []),
        ({"due_at": {"$lte": 5}}, []),
        ({"status": "x"}, [("title", 1)]),
        ({"$or": [{"status": "a"}, {"title": "b"}]}, []),
        ({"status": {"$regex": "sub"}}, []),
    ],
)
def test_unserved_queries_are_refused(query: dict[str, object], sort: list[tuple[str, int]]) -> None:
    with pytest.raises(UncoveredQuery):
        check_query(INDEXES, query, sort)

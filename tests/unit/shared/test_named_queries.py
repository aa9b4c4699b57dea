"""Use cases and entrypoints ask repositories by name; raw Mongo filters stay in adapters/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SERVICES = Path(__file__).resolve().parents[3] / "services"
QUERY_METHODS = frozenset({"find", "find_one", "count", "count_documents", "update_one"})
LAYERS = ("domain", "service_layer", "entrypoints")


def raw_filters(source: str) -> list[int]:
    """Lines with a call like `x.find({...})`: a query method given a literal filter."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUERY_METHODS
        and node.args
        and isinstance(node.args[0], ast.Dict)
    ]


def test_the_check_sees_a_raw_filter_and_passes_a_named_query() -> None:
    assert raw_filters('async def f(r):\n    return await r.find({"status": "open"})\n') == [2]
    assert raw_filters("async def f(r):\n    return await r.open_cohorts(fmt)\n") == []


def test_no_raw_filter_in_domain_service_layer_or_entrypoints() -> None:
    files = [p for layer in LAYERS for p in sorted(SERVICES.glob(f"*/{layer}/**/*.py"))]
    assert len(files) > 50  # the layout is where this test looks
    offenders = [
        f"{path.relative_to(SERVICES.parent)}:{line}"
        for path in files
        for line in raw_filters(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "name the query in the service's repository (adapters/) instead"

"""Bad messages derived from the published JSON Schemas: every way another system can be wrong."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "events" / "schemas"
WRONG_VALUES: tuple[Any, ...] = ([1, 2], {"x": 1}, 3.5, -7)
Path_ = tuple[str, ...]


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if ref := schema.get("$ref"):
        resolved: dict[str, Any] = root["$defs"][ref.rsplit("/", 1)[-1]]
        return resolved
    return schema


def schema_paths(schema_file: str) -> tuple[list[Path_], list[tuple[Path_, str]]]:
    """Required fields and typed (scalar or object) fields, as paths into the envelope."""
    root = json.loads((SCHEMAS / schema_file).read_text())
    required: list[Path_] = []
    typed: list[tuple[Path_, str]] = []

    def walk(node: dict[str, Any], prefix: Path_) -> None:
        node = _resolve(node, root)
        for name in node.get("required", []):
            required.append((*prefix, name))
        for name, child in node.get("properties", {}).items():
            child = _resolve(child, root)
            if "type" in child:
                typed.append(((*prefix, name), child["type"]))
            if child.get("type") == "object" or "properties" in child:
                walk(child, (*prefix, name))

    walk(root, ())
    return required, typed


def _without(body: dict[str, Any], path: Path_) -> dict[str, Any]:
    mutated = copy.deepcopy(body)
    node = mutated
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)
    return mutated


def _with(body: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    mutated = copy.deepcopy(body)
    node = mutated
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return mutated


def _wrong_value(kind: str, rng: random.Random) -> Any:
    """A value no validator of this JSON type accepts (never one pydantic would coerce)."""
    if kind in ("string", "boolean", "integer", "number"):
        return rng.choice(WRONG_VALUES[:2])
    return rng.choice(("not an object", 12, [None]))


def poison(
    valid: dict[str, Any], schema_file: str, count: int, seed: int = 7, first_kind: int = 0
) -> Iterator[bytes]:
    """`count` bad bodies: missing fields, wrong types, unknown versions, huge, and not JSON."""
    rng = random.Random(seed)
    required, typed = schema_paths(schema_file)
    for i in range(count):
        kind = (first_kind + i) % 6
        if kind == 0:
            yield json.dumps(_without(valid, rng.choice(required))).encode()
        elif kind == 1:
            path, json_type = rng.choice(typed)
            yield json.dumps(_with(valid, path, _wrong_value(str(json_type), rng))).encode()
        elif kind == 2:
            version = rng.choice(("v0", "v2", "v99", "", "V1"))
            event_type = valid["type"].rsplit(".", 1)[0] + f".{version}"
            yield json.dumps(_with(valid, ("type",), event_type)).encode()
        elif kind == 3:
            size = rng.choice((64_000, 256_000, 1_000_000))
            yield json.dumps(_with(valid, ("data",), "x" * size)).encode()
        elif kind == 4:
            yield b"\xff" + rng.randbytes(rng.randint(1, 300))  # never valid UTF-8 JSON
        else:
            yield json.dumps([valid]).encode()  # JSON, but not an envelope

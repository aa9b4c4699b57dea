"""MongoDB's filter and sort rules for the in-memory twin: the operators our repositories use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

_MISSING = object()
_TYPE_NAMES: Mapping[str, tuple[type, ...]] = {
    "string": (str,),
    "bool": (bool,),
    "date": (dt.datetime,),
    "object": (dict,),
    "array": (list,),
    "int": (int,),
    "double": (float,),
}


def _values(value: Any, parts: list[str]) -> list[Any]:
    """What a dotted path reaches; through an array it reaches into every element."""
    if not parts:
        return [value]
    if isinstance(value, list):
        if parts[0].isdigit():
            index = int(parts[0])
            return _values(value[index], parts[1:]) if index < len(value) else [_MISSING]
        found = [v for item in value if isinstance(item, dict) for v in _values(item, parts)]
        return found or [_MISSING]
    if isinstance(value, dict):
        return _values(value.get(parts[0], _MISSING), parts[1:])
    return [_MISSING]


def _candidates(document: Mapping[str, Any], path: str) -> list[Any]:
    """Each value at the path, and each element of an array there (Mongo matches both)."""
    found: list[Any] = []
    for value in _values(dict(document), path.split(".")):
        found.append(value)
        if isinstance(value, list):
            found.extend(value)
    return found


def _utc(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _bracket(value: Any) -> int:
    """BSON's comparison order across types; only values of one bracket compare by value."""
    if value is _MISSING or value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        return 1
    if isinstance(value, str):
        return 2
    if isinstance(value, dict):
        return 3
    if isinstance(value, list):
        return 4
    if isinstance(value, dt.datetime):
        return 6
    return 7


def _equal(candidate: Any, target: Any) -> bool:
    if target is None:
        return candidate is None or candidate is _MISSING
    if candidate is _MISSING:
        return False
    return bool(_bracket(candidate) == _bracket(target) and _utc(candidate) == _utc(target))


def _compare(test: Callable[[Any, Any], bool]) -> Callable[[list[Any], Any], bool]:
    def check(candidates: list[Any], target: Any) -> bool:
        return any(
            c is not _MISSING and _bracket(c) == _bracket(target) and test(_utc(c), _utc(target))
            for c in candidates
        )

    return check


def _equals_any(candidates: list[Any], target: Any) -> bool:
    return any(_equal(candidate, target) for candidate in candidates)


_OPERATORS: Mapping[str, Callable[[list[Any], Any], bool]] = {
    "$eq": _equals_any,
    "$ne": lambda found, target: not _equals_any(found, target),
    "$in": lambda found, targets: any(_equals_any(found, t) for t in targets),
    "$nin": lambda found, targets: not any(_equals_any(found, t) for t in targets),
    "$gt": _compare(lambda a, b: a > b),
    "$gte": _compare(lambda a, b: a >= b),
    "$lt": _compare(lambda a, b: a < b),
    "$lte": _compare(lambda a, b: a <= b),
    "$exists": lambda found, wanted: any(c is not _MISSING for c in found) == bool(wanted),
    "$type": lambda found, name: any(isinstance(c, _TYPE_NAMES[name]) for c in found),
}


def _condition(document: Mapping[str, Any], path: str, condition: Any) -> bool:
    candidates = _candidates(document, path)
    if isinstance(condition, Mapping) and condition and all(k.startswith("$") for k in condition):
        return all(_OPERATORS[op](candidates, target) for op, target in condition.items())
    return _equals_any(candidates, condition)


def matches(document: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    """True when the document satisfies the filter, as the server decides it."""
    for key, condition in query.items():
        if key == "$and":
            ok = all(matches(document, branch) for branch in condition)
        elif key == "$or":
            ok = any(matches(document, branch) for branch in condition)
        elif key == "$nor":
            ok = not any(matches(document, branch) for branch in condition)
        else:
            ok = _condition(document, key, condition)
        if not ok:
            return False
    return True


def sort_key(document: Mapping[str, Any], path: str) -> tuple[int, Any]:
    """The value a sort on this path orders by, missing first, types in BSON's order."""
    value = _values(dict(document), path.split("."))[0]
    bracket = _bracket(value)
    if bracket in (0, 3, 4, 7):
        return (bracket, repr(value) if bracket != 0 else "")
    return (bracket, _utc(value))


def updated(document: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """The document after an update of the operators the relay uses (`$set`, `$inc`)."""
    result = dict(document)
    for operator, fields in update.items():
        for path, value in fields.items():
            if "." in path:
                raise NotImplementedError(f"the twin updates top-level fields only: {path}")
            if operator == "$set":
                result[path] = value
            elif operator == "$inc":
                result[path] = result.get(path, 0) + value
            else:
                raise NotImplementedError(f"the twin has no {operator}")
    return result


def _projected(document: Mapping[str, Any], projection: Mapping[str, Any]) -> dict[str, Any]:
    """A `$project` of included fields and `$literal` values, as the relay's probe asks."""
    result: dict[str, Any] = {}
    for path, spec in projection.items():
        if isinstance(spec, Mapping) and "$literal" in spec:
            result[path] = spec["$literal"]
        elif spec and path in document:
            result[path] = document[path]
    if projection.get("_id", 1) and "_id" in document:
        result["_id"] = document["_id"]
    return result


Stages = Sequence[Mapping[str, Any]]


def run_pipeline(
    documents: list[dict[str, Any]],
    pipeline: Stages,
    resolve: Callable[[str], Callable[[Stages], list[dict[str, Any]]]],
) -> list[dict[str, Any]]:
    """`$match`, `$project`, `$unionWith` (`resolve` runs another collection's pipeline) and
    `$limit`: the stages of the relay's probe, nothing more."""
    for stage in pipeline:
        ((name, spec),) = stage.items()
        if name == "$match":
            documents = [d for d in documents if matches(d, spec)]
        elif name == "$project":
            documents = [_projected(d, spec) for d in documents]
        elif name == "$unionWith":
            documents = [*documents, *resolve(spec["coll"])(spec.get("pipeline", ()))]
        elif name == "$limit":
            documents = documents[:spec]
        else:
            raise NotImplementedError(f"the twin has no {name} stage")
    return documents

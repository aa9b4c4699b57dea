"""The approach is documents' data: the learners' and coaches' pages read and write it there.

Intake calls with its service token; a release also carries the coach's own page capability
(`X-Person-Capability`), so documents itself checks that a coach of the case releases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from services.intake.adapters.service_api import DOCUMENTS, ServiceApi, reasons_of

UNREACHABLE = "De documentenservice is nu niet bereikbaar. Probeer het later."


class ApproachRefused(Exception):
    """Documents said no: `reasons` in Dutch, one per section or field; `conflict` on a 409."""

    def __init__(self, reasons: list[str], *, conflict: bool = False) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.conflict = conflict


@dataclass(frozen=True)
class Section:
    """One section as documents holds it: its version is what an edit must be based on."""

    key: str
    heading: str
    required: bool
    version: int
    content: dict[str, Any] | None


@dataclass(frozen=True)
class ApproachView:
    title: str
    sections: list[Section]
    delivered: list[tuple[int, str]] = field(default_factory=list)  # (version, kind)


class ApproachClient(Protocol):
    """What the approach page needs from documents."""

    async def approach(self, case_id: str) -> ApproachView | None: ...

    async def save(self, case_id: str, key: str, content: dict[str, Any], version: int) -> int: ...

    async def release(self, case_id: str, kind: str, capability: str = "") -> None: ...

    async def attach_recording(self, case_id: str, title: str, url: str) -> bool: ...


def _refused(response: httpx.Response | None) -> ApproachRefused:
    if response is None:
        return ApproachRefused([UNREACHABLE])
    return ApproachRefused(reasons_of(response, DOCUMENTS), conflict=response.status_code == 409)


class HttpApproachClient(ServiceApi):
    """Documents' API with intake's service token."""

    def _url(self, case_id: str, tail: str) -> str:
        return f"{self._base_url}/api/cases/{quote(case_id, safe='')}/{tail}"

    async def _call(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return await self._send(method, url, _refused, **kw)

    async def approach(self, case_id: str) -> ApproachView | None:
        try:
            raw = (await self._call("GET", self._url(case_id, "approach"))).json()
        except (ApproachRefused, ValueError):
            return None
        sections = [
            Section(s["key"], s["heading"], bool(s["required"]), int(s["version"]), s["content"])
            for s in raw["sections"]
        ]
        delivered = [(int(d["version"]), str(d["kind"])) for d in raw.get("deliveries", [])]
        return ApproachView(str(raw["title"]), sections, delivered)

    async def save(self, case_id: str, key: str, content: dict[str, Any], version: int) -> int:
        url = self._url(case_id, f"approach/sections/{quote(key, safe='')}")
        answer = await self._call("PUT", url, json=content, headers={"If-Match": f'"{version}"'})
        return int(answer.json()["version"])

    async def release(self, case_id: str, kind: str, capability: str = "") -> None:
        """A coach's page passes the coach's capability; staff (the console) pass none."""
        headers = {"X-Person-Capability": capability} if capability else {}
        await self._call(
            "POST", self._url(case_id, "release"), json={"kind": kind}, headers=headers
        )

    async def attach_recording(self, case_id: str, title: str, url: str) -> bool:
        """Link a recording (staff); True when the case may be shared, so the library shows it."""
        answer = await self._call(
            "POST", self._url(case_id, "recordings"), json={"title": title, "url": url}
        )
        return bool(answer.json().get("shared"))

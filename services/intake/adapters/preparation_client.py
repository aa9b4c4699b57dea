"""A learner's preparation is documents' data: intake's person page asks its HTTP API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

import httpx

Answers = dict[str, str | list[str]]
UNREACHABLE = "De documentenservice is nu niet bereikbaar. Probeer het later."


class PreparationRefused(Exception):
    """Documents refused the answers (with its reason) or did not answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Preparation:
    """The case's questionnaire and the learner's own answers so far."""

    title: str
    questions: list[dict[str, Any]]
    answers: Answers = field(default_factory=dict)
    submitted: bool = False


class PreparationClient(Protocol):
    """What the preparation page needs from documents."""

    async def preparation(self, case_id: str, person_id: str) -> Preparation: ...

    async def save(self, case_id: str, person_id: str, name: str, answers: Answers) -> None: ...


class HttpPreparationClient:
    """Documents' API with intake's service token, as for meeting topics."""

    def __init__(self, base_url: str, token: str, timeout: float = 5.0) -> None:
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = timeout

    def _url(self, case_id: str, person_id: str) -> str:
        case, person = quote(case_id, safe=""), quote(person_id, safe="")
        return f"{self._base_url}/api/cases/{case}/preparation/{person}"

    async def preparation(self, case_id: str, person_id: str) -> Preparation:
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                response = await http.get(self._url(case_id, person_id), headers=self._headers)
            response.raise_for_status()
            body = response.json()
            return Preparation(
                title=str(body["questionnaire"]["title"]),
                questions=list(body["questionnaire"]["questions"]),
                answers=dict(body.get("answers") or {}),
                submitted=body.get("submitted_at") is not None,
            )
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise PreparationRefused(UNREACHABLE) from exc

    async def save(self, case_id: str, person_id: str, name: str, answers: Answers) -> None:
        body = {"name": name, "answers": answers}
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                url = self._url(case_id, person_id)
                response = await http.put(url, json=body, headers=self._headers)
        except httpx.HTTPError as exc:
            raise PreparationRefused(UNREACHABLE) from exc
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail")
                reason = str(detail[0]["reason"])
            except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                reason = f"De documentenservice antwoordde met status {response.status_code}."
            raise PreparationRefused(reason)


class FakePreparationClient:
    """Keeps answers in memory, with one open and one multiple-choice question."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], tuple[str, Answers]] = {}
        self.questions: list[dict[str, Any]] = [
            {"id": "kern", "text": "Wat is de kern?", "kind": "open", "options": []},
            {
                "id": "bereik",
                "text": "Hoe bereikt u hen?",
                "kind": "multiple_choice",
                "options": ["Brief", "Bijeenkomst"],
            },
        ]

    async def preparation(self, case_id: str, person_id: str) -> Preparation:
        _, answers = self.saved.get((case_id, person_id), ("", {}))
        submitted = (case_id, person_id) in self.saved
        return Preparation("Voorbereiding", self.questions, dict(answers), submitted)

    async def save(self, case_id: str, person_id: str, name: str, answers: Answers) -> None:
        self.saved[(case_id, person_id)] = (name, answers)

"""A learner's preparation is documents' data: intake's person page asks its HTTP API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from services.intake.adapters.service_api import DOCUMENTS, ServiceApi, reasons_of

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


@dataclass(frozen=True)
class OwnerQuestion:
    """A learner's question for the owner, numbered from 1, with the owner's answer if any."""

    number: int
    participant: str
    text: str
    answer: str = ""


class PreparationClient(Protocol):
    """What the preparation page needs from documents."""

    async def preparation(self, case_id: str, person_id: str) -> Preparation: ...

    async def save(self, case_id: str, person_id: str, name: str, answers: Answers) -> None: ...

    async def questions(self, case_id: str) -> list[OwnerQuestion]: ...

    async def ask(self, case_id: str, person_id: str, name: str, text: str) -> None: ...

    async def answer(self, case_id: str, number: int, text: str) -> None: ...


def _refused(response: httpx.Response | None) -> PreparationRefused:
    if response is None:
        return PreparationRefused(UNREACHABLE)
    return PreparationRefused(reasons_of(response, DOCUMENTS)[0])


class HttpPreparationClient(ServiceApi):
    """Documents' API with intake's service token, as for meeting topics."""

    default_timeout = 5.0

    def _url(self, case_id: str, person_id: str) -> str:
        case, person = quote(case_id, safe=""), quote(person_id, safe="")
        return f"{self._base_url}/api/cases/{case}/preparation/{person}"

    async def preparation(self, case_id: str, person_id: str) -> Preparation:
        try:
            body = await self._read(self._url(case_id, person_id))
            return Preparation(
                title=str(body["questionnaire"]["title"]),
                questions=list(body["questionnaire"]["questions"]),
                answers=dict(body.get("answers") or {}),
                submitted=body.get("submitted_at") is not None,
            )
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise PreparationRefused(UNREACHABLE) from exc

    async def save(self, case_id: str, person_id: str, name: str, answers: Answers) -> None:
        await self._write("PUT", self._url(case_id, person_id), {"name": name, "answers": answers})

    async def questions(self, case_id: str) -> list[OwnerQuestion]:
        """The case's questions in the order asked; none when documents does not answer."""
        url = f"{self._base_url}/api/cases/{quote(case_id, safe='')}/questions"
        try:
            return [
                OwnerQuestion(n, str(q["participant"]), str(q["text"]), str(q.get("answer", "")))
                for n, q in enumerate(await self._read(url), start=1)
            ]
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            return []

    async def ask(self, case_id: str, person_id: str, name: str, text: str) -> None:
        url = f"{self._url(case_id, person_id)}/questions"
        await self._write("POST", url, {"name": name, "text": text})

    async def answer(self, case_id: str, number: int, text: str) -> None:
        url = f"{self._base_url}/api/cases/{quote(case_id, safe='')}/questions/{number}/answer"
        await self._write("PUT", url, {"text": text})

    async def _write(self, method: str, url: str, body: dict[str, Any]) -> None:
        await self._send(method, url, _refused, json=body)


class FakePreparationClient:
    """Keeps answers in memory, with one open and one multiple-choice question."""

    def __init__(self) -> None:
        self.down = False  # as documents away: every read refused with the Dutch reason
        self.saved: dict[tuple[str, str], tuple[str, Answers]] = {}
        self.asked: dict[str, list[OwnerQuestion]] = {}
        self.questionnaire: list[dict[str, Any]] = [
            {"id": "kern", "text": "Wat is de kern?", "kind": "open", "options": []},
            {
                "id": "bereik",
                "text": "Hoe bereikt u hen?",
                "kind": "multiple_choice",
                "options": ["Brief", "Bijeenkomst"],
            },
        ]

    async def preparation(self, case_id: str, person_id: str) -> Preparation:
        if self.down:
            raise PreparationRefused("De documentenservice is nu niet bereikbaar.")
        _, answers = self.saved.get((case_id, person_id), ("", {}))
        submitted = (case_id, person_id) in self.saved
        return Preparation("Voorbereiding", self.questionnaire, dict(answers), submitted)

    async def save(self, case_id: str, person_id: str, name: str, answers: Answers) -> None:
        self.saved[(case_id, person_id)] = (name, answers)

    async def questions(self, case_id: str) -> list[OwnerQuestion]:
        return list(self.asked.get(case_id, []))

    async def ask(self, case_id: str, person_id: str, name: str, text: str) -> None:
        listed = self.asked.setdefault(case_id, [])
        listed.append(OwnerQuestion(len(listed) + 1, name, text))

    async def answer(self, case_id: str, number: int, text: str) -> None:
        listed = self.asked.get(case_id, [])
        if not 1 <= number <= len(listed):
            raise PreparationRefused("er is geen vraag met dit nummer")
        old = listed[number - 1]
        listed[number - 1] = OwnerQuestion(number, old.participant, old.text, text)

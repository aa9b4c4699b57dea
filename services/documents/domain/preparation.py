"""Preparation before the sessions: questions for the owner, and the coaches' briefing.

Questionnaires are data, so each programme can bring its own questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from services.documents.domain.errors import InvalidAnswer, QuestionsClosed


class OwnerQuestion(BaseModel):
    """A participant's question for the owner, for the clarification session's agenda."""

    model_config = ConfigDict(frozen=True)

    participant: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=2_000)
    asked_at: AwareDatetime
    answer: str = Field(default="", max_length=4_000)  # the owner's, from their page
    answered_at: AwareDatetime | None = None


def answer_owner_question(
    questions: Sequence[OwnerQuestion], number: int, answer: str, at: AwareDatetime
) -> list[OwnerQuestion]:
    """The owner answers question `number` (1-based); answering again replaces the answer."""
    if not 1 <= number <= len(questions) or not answer.strip():
        raise InvalidAnswer(
            "er is geen vraag met dit nummer" if answer.strip() else "leeg antwoord"
        )
    answered = questions[number - 1].model_copy(
        update={"answer": answer.strip(), "answered_at": at}
    )
    return [*questions[: number - 1], answered, *questions[number:]]


def add_owner_question(
    questions: Sequence[OwnerQuestion],
    question: OwnerQuestion,
    session_starts_at: AwareDatetime,
) -> list[OwnerQuestion]:
    """Accept questions until the session starts; a resent question is kept once."""
    if question.asked_at >= session_starts_at:
        raise QuestionsClosed("de verhelderingssessie is al begonnen")
    if any(
        q.participant == question.participant and q.text.strip() == question.text.strip()
        for q in questions
    ):
        return list(questions)
    return [*questions, question]


class QuestionKind(StrEnum):
    OPEN = "open"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"


class Question(BaseModel):
    """One question of a preparation questionnaire; closed ones list their options."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=50, pattern=r"^[a-z0-9_-]+$")
    text: str = Field(min_length=1, max_length=500)
    kind: QuestionKind = QuestionKind.OPEN
    options: list[str] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _options_fit_kind(self) -> Question:
        closed = self.kind is not QuestionKind.OPEN
        if closed and len(set(self.options)) < 2:
            raise ValueError("a closed question needs at least two different options")
        if not closed and self.options:
            raise ValueError("an open question has no options")
        return self


class Questionnaire(BaseModel):
    """The questions participants answer before the dialogue session."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    questions: list[Question] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _unique_ids(self) -> Questionnaire:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids must be unique")
        return self


Answer = str | list[str]


class QuestionnaireResponse(BaseModel):
    """One participant's answers; a later response replaces an earlier one."""

    model_config = ConfigDict(frozen=True)

    participant_id: str = Field(min_length=1, max_length=200)
    participant_name: str = Field(min_length=1, max_length=200)
    answers: dict[str, Answer]
    submitted_at: AwareDatetime


def check_response(questionnaire: Questionnaire, response: QuestionnaireResponse) -> None:
    """Refuse answers to unknown questions and choices that are not offered."""
    by_id = {q.id: q for q in questionnaire.questions}
    for qid, answer in response.answers.items():
        question = by_id.get(qid)
        if question is None:
            raise InvalidAnswer(f"onbekende vraag: {qid}")
        if question.kind is QuestionKind.OPEN:
            if not isinstance(answer, str):
                raise InvalidAnswer(f"vraag {qid} vraagt om tekst")
            continue
        chosen = [answer] if isinstance(answer, str) else answer
        if question.kind is QuestionKind.SINGLE_CHOICE and len(chosen) != 1:
            raise InvalidAnswer(f"vraag {qid} vraagt om precies één keuze")
        wrong = [c for c in chosen if c not in question.options]
        if wrong:
            raise InvalidAnswer(f"vraag {qid}: geen keuzemogelijkheid: {', '.join(wrong)}")


def submit_response(
    questionnaire: Questionnaire,
    responses: Sequence[QuestionnaireResponse],
    response: QuestionnaireResponse,
) -> list[QuestionnaireResponse]:
    """Store a checked response, replacing the same participant's earlier one."""
    check_response(questionnaire, response)
    others = [r for r in responses if r.participant_id != response.participant_id]
    return [*others, response]


class OpenAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    participant: str
    text: str


class OptionCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    option: str
    count: int


class QuestionSummary(BaseModel):
    """Per question: who answered, the open answers grouped, or counts per option."""

    model_config = ConfigDict(frozen=True)

    question: Question
    answered: int
    open_answers: list[OpenAnswer]
    counts: list[OptionCount]


class Briefing(BaseModel):
    """What the coaches read before the dialogue session."""

    model_config = ConfigDict(frozen=True)

    title: str
    respondents: int
    not_responded: list[str]
    questions: list[QuestionSummary]


def summarise(
    questionnaire: Questionnaire,
    responses: Sequence[QuestionnaireResponse],
    expected: Sequence[str] = (),
) -> Briefing:
    """Group the answers per question; `expected` names who should have answered."""
    ordered = sorted(responses, key=lambda r: r.participant_name.casefold())
    summaries = []
    for q in questionnaire.questions:
        given = [(r.participant_name, r.answers[q.id]) for r in ordered if _answered(r, q.id)]
        if q.kind is QuestionKind.OPEN:
            opens = [OpenAnswer(participant=n, text=str(a).strip()) for n, a in given]
            counts: list[OptionCount] = []
        else:
            opens = []
            chosen = [c for _, a in given for c in ([a] if isinstance(a, str) else a)]
            counts = [OptionCount(option=o, count=chosen.count(o)) for o in q.options]
        summaries.append(
            QuestionSummary(question=q, answered=len(given), open_answers=opens, counts=counts)
        )
    names = {r.participant_name for r in responses}
    return Briefing(
        title=questionnaire.title,
        respondents=len(responses),
        not_responded=[n for n in expected if n not in names],
        questions=summaries,
    )


def _answered(response: QuestionnaireResponse, qid: str) -> bool:
    answer = response.answers.get(qid)
    return bool(answer.strip()) if isinstance(answer, str) else bool(answer)

"""Questions for the owner before the clarification session; the coaches' briefing."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from services.documents.domain.errors import InvalidAnswer, QuestionsClosed
from services.documents.domain.preparation import (
    OwnerQuestion,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireResponse,
    add_owner_question,
    submit_response,
    summarise,
)
from services.documents.domain.questionnaires import DEFAULT_QUESTIONNAIRES
from shared.contracts.base import ProgrammeFormat
from tests.unit.documents.samples import T0

pytestmark = pytest.mark.unit

SESSION = T0 + dt.timedelta(days=7)
QUESTIONNAIRE = Questionnaire(
    title="Voorbereiding",
    questions=[
        Question(id="kern", text="Wat is de kern?"),
        Question(
            id="invloed",
            text="Welke invloed?",
            kind=QuestionKind.SINGLE_CHOICE,
            options=["raadplegen", "adviseren", "meebeslissen"],
        ),
        Question(
            id="bereik",
            text="Hoe bereiken?",
            kind=QuestionKind.MULTIPLE_CHOICE,
            options=["Brief", "Online", "Buurtavond"],
        ),
    ],
)


def _ask(who: str, text: str, at: dt.datetime) -> OwnerQuestion:
    return OwnerQuestion(participant=who, text=text, asked_at=at)


def _response(pid: str, name: str, **answers: str | list[str]) -> QuestionnaireResponse:
    return QuestionnaireResponse(
        participant_id=pid, participant_name=name, answers=answers, submitted_at=T0
    )


def test_questions_are_collected_until_the_session_starts() -> None:
    qs = add_owner_question([], _ask("Ali", "Wie is eigenaar van de grond?", T0), SESSION)
    qs = add_owner_question(qs, _ask("Bo", "Is er budget?", T0), SESSION)
    assert [q.text for q in qs] == ["Wie is eigenaar van de grond?", "Is er budget?"]
    with pytest.raises(QuestionsClosed):
        add_owner_question(qs, _ask("Cas", "Te laat?", SESSION), SESSION)


def test_a_resent_question_is_kept_once() -> None:
    qs = add_owner_question([], _ask("Ali", "Is er budget?", T0), SESSION)
    qs = add_owner_question(qs, _ask("Ali", "Is er budget? ", T0), SESSION)
    assert len(qs) == 1


def test_a_closed_question_needs_options_and_an_open_one_has_none() -> None:
    with pytest.raises(ValidationError):
        Question(id="x", text="Kies", kind=QuestionKind.SINGLE_CHOICE, options=["ja"])
    with pytest.raises(ValidationError):
        Question(id="x", text="Vertel", options=["ja", "nee"])
    with pytest.raises(ValidationError):
        Questionnaire(title="t", questions=[Question(id="a", text="1"), Question(id="a", text="2")])


@pytest.mark.parametrize(
    "answers",
    [
        {"onbekend": "x"},
        {"invloed": "beslissen"},
        {"invloed": ["raadplegen", "adviseren"]},
        {"bereik": ["Brief", "Krant"]},
        {"kern": ["lijst"]},
    ],
)
def test_answers_that_do_not_fit_the_question_are_refused(answers: dict[str, str]) -> None:
    with pytest.raises(InvalidAnswer):
        submit_response(QUESTIONNAIRE, [], _response("p1", "Ali", **answers))


def test_a_participant_who_answers_again_replaces_the_earlier_answers() -> None:
    rs = submit_response(QUESTIONNAIRE, [], _response("p1", "Ali", kern="Eerste"))
    rs = submit_response(QUESTIONNAIRE, rs, _response("p1", "Ali", kern="Tweede"))
    assert [r.answers["kern"] for r in rs] == ["Tweede"]


def test_the_briefing_groups_open_answers_and_counts_every_option() -> None:
    rs = submit_response(
        QUESTIONNAIRE,
        [],
        _response("p1", "Bo", kern="Vertrouwen", invloed="adviseren", bereik=["Brief", "Online"]),
    )
    rs = submit_response(
        QUESTIONNAIRE, rs, _response("p2", "Ali", kern="Draagvlak", invloed="adviseren")
    )
    rs = submit_response(QUESTIONNAIRE, rs, _response("p3", "Cas", kern=" ", bereik=["Brief"]))
    briefing = summarise(QUESTIONNAIRE, rs, expected=["Ali", "Bo", "Cas", "Dewi"])
    kern, invloed, bereik = briefing.questions
    assert [(a.participant, a.text) for a in kern.open_answers] == [
        ("Ali", "Draagvlak"),
        ("Bo", "Vertrouwen"),
    ]
    assert kern.answered == 2
    assert [(c.option, c.count) for c in invloed.counts] == [
        ("raadplegen", 0),
        ("adviseren", 2),
        ("meebeslissen", 0),
    ]
    assert [(c.option, c.count) for c in bereik.counts] == [
        ("Brief", 2),
        ("Online", 1),
        ("Buurtavond", 0),
    ]
    assert briefing.respondents == 3
    assert briefing.not_responded == ["Dewi"]


def test_the_leercase_has_a_default_questionnaire_with_the_dutch_influence_levels() -> None:
    questionnaire = DEFAULT_QUESTIONNAIRES[ProgrammeFormat.LEERCASE]
    influence = next(q for q in questionnaire.questions if q.id == "invloed")
    assert influence.options == [
        "informeren",
        "raadplegen",
        "adviseren",
        "coproduceren",
        "meebeslissen",
    ]

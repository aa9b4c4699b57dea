"""Default preparation questionnaires per programme; a programme may replace them as data."""

from __future__ import annotations

from services.documents.domain.influence import InfluenceLevel
from services.documents.domain.preparation import Question, QuestionKind, Questionnaire
from shared.contracts.base import ProgrammeFormat

LEERCASE_QUESTIONNAIRE = Questionnaire(
    title="Voorbereiding op de Relevant Gesprek-sessie",
    questions=[
        Question(id="kern", text="Wat is volgens u de kern van de participatievraag?"),
        Question(
            id="publieksgroepen",
            text="Welke betrokkenen en publieksgroepen mogen volgens u niet ontbreken?",
        ),
        Question(
            id="invloed",
            text="Welke mate van invloed past volgens u het best bij deze case?",
            kind=QuestionKind.SINGLE_CHOICE,
            options=[level.label for level in InfluenceLevel],
        ),
        Question(
            id="bereik",
            text="Hoe wilt u de publieksgroepen vooral bereiken?",
            kind=QuestionKind.MULTIPLE_CHOICE,
            options=[
                "Bijeenkomst in de buurt",
                "Online bijeenkomst",
                "Huis-aan-huisbrief",
                "Sociale media",
                "Via sleutelfiguren",
            ],
        ),
        Question(id="zorgen", text="Welke risico's of valkuilen ziet u voor deze case?"),
    ],
)

DEFAULT_QUESTIONNAIRES: dict[ProgrammeFormat, Questionnaire] = {
    ProgrammeFormat.LEERCASE: LEERCASE_QUESTIONNAIRE,
}


def questionnaire_for(programme: ProgrammeFormat | None) -> Questionnaire:
    """The programme's own questionnaire, else the Leercase one."""
    return DEFAULT_QUESTIONNAIRES.get(programme or ProgrammeFormat.LEERCASE, LEERCASE_QUESTIONNAIRE)

"""Screening against the five conditions of seed 000: rules are data plus small pure functions."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.intake import (
    CaseDescription,
    ConditionAnswers,
    ConditionKey,
    ConditionResult,
    Verdict,
)

_SEVERITY = {Verdict.PASS: 0, Verdict.FLAG: 1, Verdict.FAIL: 2}
_WORD = re.compile(r"\w+")


class ScreeningConfig(BaseModel):
    """Thresholds and word lists staff can tune without touching the rules."""

    model_config = ConfigDict(frozen=True)

    min_description_words: int = Field(default=50, ge=1)
    lead_time_weeks: int = Field(default=8, ge=0)
    # A case that speaks only of policy and vision, and of no place, group or project, is abstract.
    abstract_terms: tuple[str, ...] = (
        "beleid",
        "visie",
        "strategie",
        "kader",
        "verordening",
        "in het algemeen",
        "gemeentebreed",
        "organisatiebreed",
    )
    # Matched inside words too, since Dutch glues them ("winkelstraat", "natuurspeeltuin").
    concrete_terms: tuple[str, ...] = (
        "wijk",
        "buurt",
        "straat",
        "plein",
        "park",
        "school",
        "speeltuin",
        "bomen",
        "zonneweide",
        "gebouw",
        "dorp",
        "kern",
        "locatie",
        "terrein",
        "dagbesteding",
        "fiets",
        "bewoners",
        "initiatief",
    )
    # Owner is no expert and names none: information staff can ask for within the 5 working days,
    # not an answer that rules the case out, so it flags by default.
    missing_expert_verdict: Verdict = Verdict.FLAG


def _result(condition: ConditionKey, verdict: Verdict, reason: str) -> ConditionResult:
    return ConditionResult(condition=condition, verdict=verdict, reason=reason)


def _found(terms: tuple[str, ...], text: str) -> list[str]:
    lowered = text.lower()
    return [term for term in terms if term in lowered]


def check_societal_and_concrete(
    case: CaseDescription, answers: ConditionAnswers, config: ScreeningConfig
) -> ConditionResult:
    """Condition 1: a recognisable societal issue, concrete enough for 8 weeks."""
    key = ConditionKey.SOCIETAL_AND_CONCRETE
    if not answers.societal_and_concrete:
        return _result(
            key,
            Verdict.FAIL,
            "De eigenaar geeft aan dat de case geen concreet maatschappelijk vraagstuk is.",
        )
    words = len(_WORD.findall(case.description))
    if words < config.min_description_words:
        return _result(
            key,
            Verdict.FLAG,
            f"De omschrijving is met {words} woorden te kort om te beoordelen of de case "
            f"concreet is (minimaal {config.min_description_words} woorden).",
        )
    text = f"{case.title} {case.description}"
    abstract = _found(config.abstract_terms, text)
    if abstract and not _found(config.concrete_terms, text):
        examples = ", ".join(f"‘{term}’" for term in abstract[:3])
        return _result(
            key,
            Verdict.FLAG,
            f"De omschrijving blijft algemeen (bijvoorbeeld {examples}) en noemt geen concrete "
            "plek, groep of project.",
        )
    return _result(key, Verdict.PASS, "Een concreet maatschappelijk vraagstuk.")


def check_time_pressure(
    case: CaseDescription,
    answers: ConditionAnswers,
    submitted_on: dt.date,
    config: ScreeningConfig,
) -> ConditionResult:
    """Condition 2: the 8-week lead time and the few start moments a year are no problem."""
    key = ConditionKey.NO_TIME_PRESSURE
    if not answers.no_time_pressure:
        return _result(
            key,
            Verdict.FAIL,
            f"De eigenaar geeft aan dat een doorlooptijd van {config.lead_time_weeks} weken "
            "niet past bij de planning van de case.",
        )
    earliest = submitted_on + dt.timedelta(weeks=config.lead_time_weeks)
    if case.desired_start is not None and case.desired_start < earliest:
        return _result(
            key,
            Verdict.FLAG,
            f"De gewenste start ({case.desired_start.strftime('%d-%m-%Y')}) ligt minder dan "
            f"{config.lead_time_weeks} weken na de aanmelding: er is mogelijk tijdsdruk.",
        )
    return _result(key, Verdict.PASS, "Geen tijdsdruk.")


def check_expertise(answers: ConditionAnswers, config: ScreeningConfig) -> ConditionResult:
    """Condition 3: the owner is the content expert, or names one who takes part throughout."""
    key = ConditionKey.EXPERTISE_ASSURED
    if answers.owner_is_content_expert:
        return _result(key, Verdict.PASS, "De eigenaar is zelf inhoudelijk verantwoordelijk.")
    expert = answers.content_expert
    if expert is None:
        return _result(
            key,
            config.missing_expert_verdict,
            "De eigenaar is niet inhoudelijk verantwoordelijk en noemt geen inhoudelijk "
            "deskundige die alle sessies bijwoont.",
        )
    if not expert.role.strip():
        return _result(
            key,
            Verdict.FLAG,
            "Er is een inhoudelijk deskundige genoemd, maar zonder functie: ga na of dit de "
            "beleidsadviseur of projectleider is.",
        )
    if expert.email is None:
        return _result(
            key,
            Verdict.FLAG,
            "Er is een inhoudelijk deskundige genoemd, maar zonder e-mailadres: zo kan die niet "
            "voor de sessies worden uitgenodigd. De eigenaar kan het aanvullen op de eigen pagina.",
        )
    return _result(key, Verdict.PASS, "Een inhoudelijk deskundige is genoemd en neemt deel.")


def check_attendance(answers: ConditionAnswers) -> ConditionResult:
    """Condition 4: owner (and expert) can attend every online session."""
    key = ConditionKey.ATTENDANCE
    if not answers.can_attend_all_sessions:
        return _result(
            key, Verdict.FAIL, "De eigenaar kan niet bij alle (online) sessies aanwezig zijn."
        )
    return _result(key, Verdict.PASS, "Aanwezig bij alle sessies.")


def check_consent(answers: ConditionAnswers) -> ConditionResult:
    """Condition 5: documents, recordings and the approach may be shared in the academy."""
    key = ConditionKey.CONSENT
    if not answers.consent_to_share:
        return _result(
            key,
            Verdict.FAIL,
            "Geen toestemming om stukken, opnames en de participatieaanpak na afloop te delen "
            "in de academie.",
        )
    return _result(key, Verdict.PASS, "Toestemming om te delen is gegeven.")


def screen_conditions(
    case: CaseDescription,
    answers: ConditionAnswers,
    submitted_on: dt.date,
    config: ScreeningConfig,
) -> list[ConditionResult]:
    """All five conditions, in the order of seed 000."""
    return [
        check_societal_and_concrete(case, answers, config),
        check_time_pressure(case, answers, submitted_on, config),
        check_expertise(answers, config),
        check_attendance(answers),
        check_consent(answers),
    ]


def overall_verdict(results: list[ConditionResult]) -> Verdict:
    """The worst verdict decides: one fail fails the case, one flag asks a closer look."""
    return max((r.verdict for r in results), key=_SEVERITY.__getitem__, default=Verdict.PASS)

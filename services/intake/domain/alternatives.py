"""The configured routes offered to a case that does not fit: never a bare no (seed 000)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.contracts.intake import Alternative

DEFAULT_ALTERNATIVES: tuple[Alternative, ...] = (
    Alternative(
        code="e-learning-10-uitvoeringsstappen",
        title="E-learning ‘De 10 uitvoeringsstappen van een succesvol participatieproces’",
        description=(
            "Leer in uw eigen tempo wat er nodig is om een participatieaanpak goed uit te "
            "voeren, met elke 6 tot 8 weken een live online training en een online helpdesk "
            "voor uw vragen."
        ),
    ),
    Alternative(
        code="leergang-vier-dagen",
        title="Vierdaagse leergang",
        description=(
            "Vier dagen met steeds een maand ertussen. In een team met een eigen mentor werkt "
            "u aan een bestaand bewonersinitiatief en aan uw persoonlijke leervraag. Ook in "
            "company mogelijk."
        ),
    ),
    Alternative(
        code="adviesgesprek",
        title="Adviesgesprek",
        description=(
            "Een gesprek met een van onze adviseurs over de aanpak van uw vraagstuk, of over "
            "training of ondersteuning op maat."
        ),
    ),
    Alternative(
        code="volgende-leercase-challenge",
        title="Aanmelden voor een volgende Leercase Challenge",
        description=(
            "Past de planning nu niet, dan kunt u uw case opnieuw aanmelden voor een volgende "
            "Leercase Challenge. Die start een paar keer per jaar."
        ),
    ),
)


class UnknownAlternative(ValueError):
    """Staff picked an alternative that is not in the configured list."""

    def __init__(self, code: str) -> None:
        super().__init__(f"Onbekend alternatief: {code}")
        self.code = code


class AlternativeCatalogue(BaseModel):
    """The list staff choose from when rejecting; configuration, not code."""

    model_config = ConfigDict(frozen=True)

    alternatives: tuple[Alternative, ...] = Field(default=DEFAULT_ALTERNATIVES, min_length=1)

    @model_validator(mode="after")
    def _codes_unique(self) -> AlternativeCatalogue:
        codes = [a.code for a in self.alternatives]
        if len(codes) != len(set(codes)):
            raise ValueError("alternative codes must be unique")
        return self

    def pick(self, codes: Sequence[str]) -> list[Alternative]:
        """The chosen alternatives in the order given, duplicates dropped; unknown codes raise."""
        by_code = {a.code: a for a in self.alternatives}
        picked: list[Alternative] = []
        for code in dict.fromkeys(codes):
            if code not in by_code:
                raise UnknownAlternative(code)
            picked.append(by_code[code])
        return picked

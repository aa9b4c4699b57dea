"""The library: final approaches of consenting cases, found by topic, municipality, format.

Topic search uses an inverted index of normalised words (one small document per word and
case, filtered by equality): neither `$regex` nor `$text` can be served by the indexes every
query must use, and a filter on an array field does not work on every server we run on
(shared/persistence/ and design.md list the database servers' gaps).
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from services.documents.domain.case_files import CaseFile
from services.documents.domain.content import ParticipationQuestion
from services.documents.domain.recordings import Recording
from services.documents.domain.sections import SectionKey
from shared.contracts.documents import DocumentLink

_STOPWORDS = frozenset(
    [
        "aan",
        "als",
        "bij",
        "dan",
        "dat",
        "de",
        "den",
        "der",
        "des",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "het",
        "hoe",
        "in",
        "is",
        "met",
        "na",
        "naar",
        "niet",
        "of",
        "om",
        "onder",
        "op",
        "over",
        "te",
        "tot",
        "uit",
        "van",
        "voor",
        "wat",
        "we",
        "wie",
        "zo",
        "zijn",
    ]
)


class LibraryEntry(BaseModel):
    """What a learner sees of a final approach, and the fields it is filtered on."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str
    municipality: str
    municipality_key: str
    programme_format: str
    societal_issue: str
    approach_version: int
    delivered_at: AwareDatetime
    downloads: list[DocumentLink]
    recordings: list[Recording] = Field(default_factory=list)  # only consented cases are here
    year: int = 0  # of the delivery, filled in from `delivered_at`: learners search by it

    @model_validator(mode="after")
    def _year_of_delivery(self) -> LibraryEntry:
        if not self.year:
            object.__setattr__(self, "year", self.delivered_at.year)
        return self


def terms(text: str) -> set[str]:
    """Words as searched: no accents, lower case, at least three letters, no stop words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.casefold())
    return {w for w in words if len(w) >= 3 and w not in _STOPWORDS}


def topic_terms(state: CaseFile) -> set[str]:
    """A case is about its title, its societal issue and its participation question."""
    texts = [state.title, state.societal_issue]
    if state.approach is not None:
        question = state.approach.content(SectionKey.PARTICIPATION_QUESTION)
        if isinstance(question, ParticipationQuestion):
            texts += [question.question, question.issue]
    return set().union(*(terms(t) for t in texts))

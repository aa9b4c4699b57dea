"""What each section of a participation approach holds, and its plain Dutch text.

`lines()` is the section as readable text: the diff between versions is taken on it,
so a change reads in the final exactly as the owner would describe it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.documents.domain.influence import InfluenceLevel

ShortText = Annotated[str, Field(max_length=300)]
LongText = Annotated[str, Field(max_length=10_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def lines(self) -> list[str]:
        raise NotImplementedError

    def is_empty(self) -> bool:
        """Empty means nothing an owner could act on, so a draft may not go out with it."""
        return not any(line.split(":", 1)[-1].strip() for line in self.lines())


class ParticipationQuestion(_Content):
    """The question put to the community and the societal issue behind it."""

    kind: Literal["participation_question"] = "participation_question"
    question: LongText = ""
    issue: LongText = ""
    goal: LongText = ""

    def lines(self) -> list[str]:
        return [f"Participatievraag: {self.question}", f"Vraagstuk: {self.issue}"] + (
            [f"Doel: {self.goal}"] if self.goal else []
        )


class Stakeholder(BaseModel):
    """A stakeholder or public group, the influence offered and how it is reached."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    public_group: bool = False
    influence: InfluenceLevel
    reach: LongText = ""
    interest: LongText = ""

    @property
    def kind_label(self) -> str:
        return "publieksgroep" if self.public_group else "belanghebbende"


class Stakeholders(_Content):
    """Who takes part: stakeholders and public groups (publieksgroepen)."""

    kind: Literal["stakeholders"] = "stakeholders"
    items: list[Stakeholder] = Field(default_factory=list, max_length=100)

    def lines(self) -> list[str]:
        return [
            f"{s.name} ({s.kind_label}): {s.influence.label}; bereik: {s.reach}"
            + (f"; belang: {s.interest}" if s.interest else "")
            for s in self.items
        ]


class Conversation(BaseModel):
    """One conversation with the community, as step 5 of the execution organises it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Name
    programme: LongText = ""
    talking_piece: LongText = ""
    working_form: LongText = ""
    division_of_tasks: LongText = ""


class Conversations(_Content):
    """The conversations: programme, talking piece, working form, division of tasks."""

    kind: Literal["conversations"] = "conversations"
    items: list[Conversation] = Field(default_factory=list, max_length=50)

    def lines(self) -> list[str]:
        out: list[str] = []
        for c in self.items:
            out += [
                f"Gesprek: {c.title}",
                f"{c.title} – programma: {c.programme}",
                f"{c.title} – praatstuk: {c.talking_piece}",
                f"{c.title} – werkvorm: {c.working_form}",
                f"{c.title} – taakverdeling: {c.division_of_tasks}",
            ]
        return out


class Milestone(BaseModel):
    """A moment in the planning; the period is free text ("week 12", "najaar 2026")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    period: ShortText
    activity: LongText = Field(min_length=1)


class Planning(_Content):
    """When what happens, from preparation to feeding back the results."""

    kind: Literal["planning"] = "planning"
    items: list[Milestone] = Field(default_factory=list, max_length=100)

    def lines(self) -> list[str]:
        return [f"{m.period}: {m.activity}" for m in self.items]


class BudgetLine(BaseModel):
    """One cost item, in euro cents so sums are exact."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: Name
    amount_eur_cents: int = Field(ge=0, le=10**11)


class TimeAndMoney(_Content):
    """What the approach needs, to be approved before execution (execution step 1)."""

    kind: Literal["time_and_money"] = "time_and_money"
    time_needed: LongText = ""
    budget: list[BudgetLine] = Field(default_factory=list, max_length=100)
    approved_by: ShortText = ""

    @property
    def total_eur_cents(self) -> int:
        return sum(line.amount_eur_cents for line in self.budget)

    def lines(self) -> list[str]:
        return (
            [f"Benodigde tijd: {self.time_needed}"]
            + [f"Kosten {b.item}: {euro(b.amount_eur_cents)}" for b in self.budget]
            + ([f"Totaal: {euro(self.total_eur_cents)}"] if self.budget else [])
            + ([f"Goedkeuring door: {self.approved_by}"] if self.approved_by else [])
        )


class RoleHolder(BaseModel):
    """Someone with a task in the process."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    task: ShortText = ""


class Roles(_Content):
    """Who answers for the content and who for the process (execution step 2)."""

    kind: Literal["roles"] = "roles"
    content_owner: RoleHolder | None = None
    process_owner: RoleHolder | None = None
    others: list[RoleHolder] = Field(default_factory=list, max_length=50)

    def lines(self) -> list[str]:
        out = []
        if self.content_owner:
            out.append(f"Inhoudelijk verantwoordelijk: {_holder(self.content_owner)}")
        if self.process_owner:
            out.append(f"Procesverantwoordelijk: {_holder(self.process_owner)}")
        return out + [f"Overige rol: {_holder(r)}" for r in self.others]


class Interpretation(_Content):
    """How results are interpreted (duiden) and fed back to those who took part."""

    kind: Literal["interpretation"] = "interpretation"
    interpretation: LongText = ""
    feedback_to_participants: LongText = ""

    def lines(self) -> list[str]:
        return [
            f"Duiden: {self.interpretation}",
            f"Terugkoppelen: {self.feedback_to_participants}",
        ]


class StepNote(BaseModel):
    """What is already known for one execution step of this case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    step: int = Field(ge=1, le=10)
    note: LongText = Field(min_length=1)


class ExecutionNotes(_Content):
    """Annex: the 10 execution steps, filled in where known."""

    kind: Literal["execution_steps"] = "execution_steps"
    notes: list[StepNote] = Field(default_factory=list, max_length=10)

    def note_for(self, step: int) -> str:
        return next((n.note for n in self.notes if n.step == step), "")

    def lines(self) -> list[str]:
        return [f"Stap {n.step}: {n.note}" for n in sorted(self.notes, key=lambda n: n.step)]


SectionContent = Annotated[
    ParticipationQuestion
    | Stakeholders
    | Conversations
    | Planning
    | TimeAndMoney
    | Roles
    | Interpretation
    | ExecutionNotes,
    Field(discriminator="kind"),
]


def euro(cents: int) -> str:
    """Euro amounts the Dutch way: € 1.234,50."""
    whole, rest = divmod(cents, 100)
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def _holder(r: RoleHolder) -> str:
    return f"{r.name} ({r.task})" if r.task else r.name

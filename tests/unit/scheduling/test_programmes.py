"""Every format's template loads and says what the seeds promise to staff and participants."""

import datetime as dt
from pathlib import Path

import pytest

from services.scheduling.adapters.programme_files import (
    TemplateFileError,
    load_template,
    load_templates,
)
from services.scheduling.domain.programme import ProgrammeTemplate, StepKind
from shared.contracts.base import Country, ProgrammeFormat
from shared.contracts.scheduling import DeliverableKind

pytestmark = pytest.mark.unit


def test_every_format_has_exactly_one_template(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    assert set(templates) == set(ProgrammeFormat)


def test_leercase_has_the_six_steps_in_eight_weeks_with_two_coaches(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    leercase = templates[ProgrammeFormat.LEERCASE]
    assert leercase.weeks == 8 and leercase.online and leercase.coaches_per_cohort == 2
    windows = [(s.step, s.kind, s.week, s.until_week) for s in leercase.steps]
    assert windows == [
        (1, StepKind.SESSION, 1, None),
        (2, StepKind.SESSION, 2, None),
        (3, StepKind.SESSION, 3, 4),
        (4, StepKind.DELIVERABLE, 5, 6),
        (5, StepKind.SESSION, 7, None),
        (6, StepKind.DELIVERABLE, 8, 8),
    ]
    assert leercase.step(4).deliverable is DeliverableKind.DRAFT
    assert leercase.step(6).deliverable is DeliverableKind.FINAL
    assert leercase.step(4).follows_step == 3
    assert leercase.step(1).name == "Startsessie"


def test_leergang_is_four_full_days_a_month_apart_for_at_most_24(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    leergang = templates[ProgrammeFormat.LEERGANG]
    assert [s.month for s in leergang.session_steps] == [1, 2, 3, 4]
    assert leergang.max_participants == 24 and leergang.mentor_per_team
    assert leergang.default_duration_minutes >= 6 * 60
    assert "theory U" in leergang.step(1).theme
    assert leergang.step(4).name.endswith("het reisverslag")


def test_lerend_netwerk_is_five_full_days_a_year_on_the_belgian_calendar(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    network = templates[ProgrammeFormat.LEREND_NETWERK]
    assert network.country is Country.BE and network.timezone == "Europe/Brussels"
    months = [s.month for s in network.session_steps]
    assert len(months) == 5 and all(m is not None and m <= 12 for m in months)


def test_leeratelier_rounds_are_half_days_on_fixed_dates_tied_to_the_guide(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    atelier = templates[ProgrammeFormat.LEERATELIER]
    assert atelier.default_start_time == dt.time(12, 0)
    assert atelier.default_duration_minutes == 5 * 60
    assert atelier.fee_eur_cents == 270_000 and atelier.location and "Utrecht" in atelier.location
    assert atelier.registration_closes_days_before is not None
    assert [s.fixed_round for s in atelier.session_steps] == [1, 2, 3, 4]
    covered = [g for s in atelier.session_steps for g in s.guide_steps]
    assert covered == list(range(1, 9))
    assert all(s.homework for s in atelier.session_steps)


def test_e_learning_has_ten_steps_and_a_recurring_live_training(
    templates: dict[ProgrammeFormat, ProgrammeTemplate],
) -> None:
    course = templates[ProgrammeFormat.E_LEARNING]
    study = [s for s in course.steps if s.kind is StepKind.SELF_STUDY]
    assert [s.step for s in study] == list(range(1, 11))
    (live,) = course.session_steps
    assert live.recurrence is not None and 6 <= live.recurrence.every_weeks <= 8
    assert course.online


def test_a_broken_template_file_is_reported_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('format = "leercase"\ntitle = \n')  # not TOML
    with pytest.raises(TemplateFileError, match=r"kapot\.toml"):
        load_template(broken)


def test_a_session_with_two_timing_rules_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dubbel.toml"
    path.write_text(
        'format = "leercase"\ntitle = "x"\ndefault_start_time = 14:00:00\n'
        'default_duration_minutes = 60\n[[steps]]\nstep = 1\nname = "Start"\n'
        'kind = "session"\nweek = 1\nmonth = 1\n'
    )
    with pytest.raises(TemplateFileError, match="one of week"):
        load_template(path)


def test_a_new_format_file_in_a_directory_is_picked_up(tmp_path: Path) -> None:
    (tmp_path / "mini.toml").write_text(
        'format = "leergang"\ntitle = "Mini"\ndefault_start_time = 10:00:00\n'
        'default_duration_minutes = 60\n[[steps]]\nstep = 1\nname = "Dag 1"\n'
        'kind = "session"\nmonth = 1\n'
    )
    assert set(load_templates(tmp_path)) == {ProgrammeFormat.LEERGANG}

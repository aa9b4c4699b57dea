"""Reads the programme templates from TOML files; a format is added by adding a file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import ValidationError

from services.scheduling.domain.programme import ProgrammeTemplate
from shared.contracts.base import ProgrammeFormat

PROGRAMMES_DIR = Path(__file__).resolve().parent.parent / "programmes"


class TemplateFileError(ValueError):
    """A template file is unreadable or invalid; the message names the file and the field."""


def load_template(path: Path) -> ProgrammeTemplate:
    """Parse and validate one template file."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
        return ProgrammeTemplate.model_validate(raw)
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise TemplateFileError(f"{path.name}: {exc}") from exc


def load_templates(directory: Path = PROGRAMMES_DIR) -> dict[ProgrammeFormat, ProgrammeTemplate]:
    """All templates in `directory`, keyed by format; two files for one format is an error."""
    templates: dict[ProgrammeFormat, ProgrammeTemplate] = {}
    for path in sorted(directory.glob("*.toml")):
        template = load_template(path)
        if template.format in templates:
            raise TemplateFileError(f"{path.name}: a second template for {template.format}")
        templates[template.format] = template
    return templates

"""`python -m services.intake` starts the intake service."""

from services.intake.bootstrap import SERVICE, build_app
from services.intake.settings import IntakeSettings
from shared.runtime import run

settings = IntakeSettings()
run(build_app(settings), settings, SERVICE)

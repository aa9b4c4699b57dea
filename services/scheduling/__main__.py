"""`python -m services.scheduling` starts the scheduling service."""

from services.scheduling.bootstrap import SERVICE, build_app
from services.scheduling.settings import SchedulingSettings
from shared.runtime import run

settings = SchedulingSettings()
run(build_app(settings), settings, SERVICE)

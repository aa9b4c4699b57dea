"""`python -m services.notifications` starts the notifications service."""

from services.notifications.bootstrap import SERVICE, build_app
from services.notifications.settings import NotificationsSettings
from shared.runtime import run

settings = NotificationsSettings()
run(build_app(settings), settings, SERVICE)

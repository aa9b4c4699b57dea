"""Browser tests reuse the end-to-end fixtures: the services as real subprocesses."""

from tests.e2e.conftest import processes

__all__ = ["processes"]

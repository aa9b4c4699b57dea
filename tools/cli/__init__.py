"""The operator's command line: `samenspel` (or `python -m tools.cli`)."""

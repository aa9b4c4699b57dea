"""Developer and operator tools: local run without Docker, contract export."""

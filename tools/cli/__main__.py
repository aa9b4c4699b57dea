"""`python -m tools.cli` runs the same CLI as the `samenspel` console script."""

import sys

from tools.cli.app import main

sys.exit(main())

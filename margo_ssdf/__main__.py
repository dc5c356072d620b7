"""`python -m margo_ssdf ...`: the same as the `margo-ssdf` command."""

import sys

from margo_ssdf.cli import main

sys.exit(main())

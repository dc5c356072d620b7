import sys

from margo_ssdf.cli import main

sys.exit(main())

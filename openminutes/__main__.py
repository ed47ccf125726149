import sys

from openminutes.cli import main

sys.exit(main())

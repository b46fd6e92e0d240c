"""``make check-translations`` and ``make translations`` (``python -m icjc.languages``)."""

import sys

from .check import main

sys.exit(main())

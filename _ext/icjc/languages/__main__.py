"""``make check-translations`` and ``make translations`` (``python -m icjc.languages``)."""

from .check import main

raise SystemExit(main())

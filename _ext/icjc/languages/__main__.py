"""``make check-translations`` and ``make translations`` (``python -m icjc.languages``)."""

from .translation_check import main

raise SystemExit(main())

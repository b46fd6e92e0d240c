"""Where one build's time goes: each extension's set-up, each event handler, each template.

Runs ``sphinx-build`` in this process with timers around Sphinx's extension loader, event
dispatch and template rendering, then prints the largest items. Without cProfile's
overhead, small costs keep their true size. Usage, from the repository root::

    .venv/bin/python benchmarks/build_profile.py -b html -E . /tmp/out
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sphinx import events, jinja2glue, registry
from sphinx.cmd.build import build_main

spent: Counter[str] = Counter()


def timed(label: Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label(*args, **kwargs)] += time.perf_counter() - start

    return wrapper


def emit(self: events.EventManager, name: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Sphinx's dispatch, in priority order, with a timer around each handler."""
    results = []
    for listener in sorted(self.listeners[name], key=lambda listener: listener.priority):
        handler = listener.handler
        where = f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', '?')}"
        start = time.perf_counter()
        results.append(handler(self.app, *args))
        spent[f"event {name}: {where}"] += time.perf_counter() - start
    return results


def main() -> int:
    registry.SphinxComponentRegistry.load_extension = timed(
        lambda self, app, name: f"set-up {name}", registry.SphinxComponentRegistry.load_extension
    )
    events.EventManager.emit = emit
    jinja2glue.BuiltinTemplateLoader.render = timed(
        lambda self, template, context: f"template {template}",
        jinja2glue.BuiltinTemplateLoader.render,
    )
    start = time.perf_counter()
    status = build_main(sys.argv[1:])
    total = time.perf_counter() - start
    print(f"{1000 * total:8.1f} ms  the whole build (after Sphinx's own imports)")
    for item, seconds in spent.most_common(25):
        print(f"{1000 * seconds:8.1f} ms  {item}")
    return status


if __name__ == "__main__":
    sys.exit(main())

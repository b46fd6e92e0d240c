"""Unexpected errors in our extensions: one located line and exit 1, not Sphinx's crash report.

``guarded`` wraps an event handler or a directive's ``run``. When the wrapped code raises,
the traceback is saved to a log file for maintainers, one error line names the place in
our code and that file, and the build stops with exit status 1. In a parallel worker
process, stopping would itself become a crash report, so the error is logged, the worker
carries on, and ``FailureWatcher`` in the main process turns the build's status into 1.
"""

from __future__ import annotations

import functools
import logging as std_logging
import multiprocessing
import traceback
from collections.abc import Callable
from logging import Handler, LogRecord
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx.util import logging

from .reporting import WARNING_TYPE, save_traceback

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
INTERNAL_SUBTYPE = "internal"
_EXTENSIONS = Path(__file__).resolve().parent.parent

Function = TypeVar("Function", bound=Callable[..., Any])


def guarded(fallback: Callable[..., Any] | None = None) -> Callable[[Function], Function]:
    """Report any exception of the wrapped function as one line; ``fallback`` in a worker."""

    def wrap(function: Function) -> Function:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception as error:  # reported, then the build stops
                report(error)
                if multiprocessing.parent_process() is None:
                    raise SystemExit(1) from None
                return fallback(*args, **kwargs) if fallback else None

        return run  # type: ignore[return-value]

    return wrap


def report(error: BaseException) -> None:
    """Log one line for ``error``, located in our code, and save its traceback."""
    log_file = save_traceback(error)
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).resolve().is_relative_to(_EXTENSIONS)
    ]
    place = None
    if frames:
        relative = Path(frames[-1].filename).resolve().relative_to(_EXTENSIONS.parent)
        place = f"{relative.as_posix()}:{frames[-1].lineno}"
    logger.error(
        "internal error in the site's extensions (%s), so the build fails. The traceback "
        "for maintainers is in %s: please attach it to an issue",
        type(error).__name__,
        log_file,
        location=place,
        type=WARNING_TYPE,
        subtype=INTERNAL_SUBTYPE,
    )


class FailureWatcher(Handler):
    """Makes the build's exit status 1 when a worker process logged an internal error."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def emit(self, record: LogRecord) -> None:
        if getattr(record, "subtype", None) == INTERNAL_SUBTYPE:
            self.app.statuscode = 1

    @classmethod
    def install(cls, app: Sphinx) -> None:
        std_logging.getLogger("sphinx").addHandler(cls(app))

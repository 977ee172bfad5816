"""Domain services: one function, one transaction, plain results.

Screens and the CLI call these; they never import Textual. Every change is
audited (services.audit.record) inside the same transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from deskapp.db import write_transaction

P = ParamSpec("P")
R = TypeVar("R")


def transaction(fn: Callable[P, R]) -> Callable[P, R]:
    """Run the service function in one database transaction."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with write_transaction():
            return fn(*args, **kwargs)

    return wrapper

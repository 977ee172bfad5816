"""Errors meant for the person at the desk: their message is already translated."""

from __future__ import annotations


class DeskError(Exception):
    """A refusal or failure to show the user as it is, optionally beside a form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(DeskError):
    """Several fields of one form are wrong; `errors` maps field -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, first_field)
        self.errors = errors

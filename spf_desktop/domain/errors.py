"""Errors the user can act on. Each says what is wrong and where."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or an unusable file: shown as a plain message, never a traceback."""


class ValidationError(UserError):
    """A value the user gave breaks a rule (an empty question, a score of 11...)."""

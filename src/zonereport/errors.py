"""Errors a user can hit. Each carries a one-line message that names the item at fault.

Tracebacks are for bugs; these exceptions are caught by the command line and printed as
one line (or one line per problem for data validation).
"""

from __future__ import annotations


class ZoneReportError(Exception):
    """Base class for every error the build reports to the user as a clear message."""


class DataError(ZoneReportError):
    """The data package is invalid. ``problems`` holds one line per violation."""

    def __init__(self, problems: list[str] | str):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class MethodInputError(ZoneReportError, ValueError):
    """A statistical method was given impossible input (zero base, negative level, ...)."""


class UsageError(ZoneReportError):
    """A command-line flag or parameter has an invalid value."""


class BuildError(ZoneReportError):
    """A step of the build failed (a notebook cell raised, XeLaTeX failed, ...)."""

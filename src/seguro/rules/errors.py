"""Error types of the rules engine."""

from __future__ import annotations


class RuleError(Exception):
    """A case cannot be computed; the message is Spanish and names the input at fault."""


class ParameterError(Exception):
    """A parameter file is malformed (a defect of the shipped law data, not of a case)."""

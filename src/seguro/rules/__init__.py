"""seguro.rules: the law as code.

Dated parameters with legal references (``parameters/``), one function per rule taking one
case (Decimal money, with an explanation) and column versions for whole populations (int64
cents, NumPy/Polars). Pure Python: no Django, no other seguro package.

>>> from datetime import date
>>> from seguro.rules import evaluate
>>> evaluate("minimum_wage", date(2026, 1, 1), {})["outputs"]
{'amount': '482.00'}
"""

from seguro.rules.api import compute, evaluate, evaluate_case, parameters_for
from seguro.rules.errors import ParameterError, RuleError
from seguro.rules.params import ParameterSet, Reform, default_parameters, load_reform
from seguro.rules.registry import RULES

__all__ = [
    "RULES",
    "ParameterError",
    "ParameterSet",
    "Reform",
    "RuleError",
    "compute",
    "default_parameters",
    "evaluate",
    "evaluate_case",
    "load_reform",
    "parameters_for",
]

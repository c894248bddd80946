"""Expected values in the YAML cases are written as the law's arithmetic ("1200 * 0.7750").

They are evaluated exactly with Decimal (only numbers, + - * / and parentheses) and rounded
half-up to the places of the output they are compared with.
"""

from __future__ import annotations

import ast
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

_CTX = Context(prec=60)


def law_value(expression: str) -> Decimal:
    tree = ast.parse(expression, mode="eval")
    return _eval(tree.body)


def _eval(node: ast.AST) -> Decimal:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(ast.unparse(node))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval(node.operand)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Add):
            return _CTX.add(left, right)
        if isinstance(node.op, ast.Sub):
            return _CTX.subtract(left, right)
        if isinstance(node.op, ast.Mult):
            return _CTX.multiply(left, right)
        if isinstance(node.op, ast.Div):
            return _CTX.divide(left, right)
    raise ValueError(f"unsupported expression: {ast.unparse(node)}")


def matches(expected: Any, actual: Any) -> bool:
    """Compare an expected YAML value with an output value (JSON-ready)."""
    if isinstance(expected, bool) or expected is None or isinstance(expected, int):
        return bool(expected == actual)
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return False
        places = len(actual.split(".")[1]) if "." in actual else 0
        quantum = Decimal(1).scaleb(-places)
        return law_value(expected).quantize(quantum, rounding=ROUND_HALF_UP) == Decimal(actual)
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and matches(v, actual[k]) for k, v in expected.items()
        )
    raise TypeError(f"unsupported expected value {expected!r}")

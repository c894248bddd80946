"""``seguro rules eval --input CASES.json [--output RESULTS.json] [--reform REFORM.yaml]``.

Exit status: 0 every case computed, 1 some case has an error, 2 the input is not a JSON list of
cases (or the command line / reform file is wrong). Messages are in Spanish.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn, TextIO

from seguro.rules.api import evaluate_case, parameters_for
from seguro.rules.errors import RuleError
from seguro.rules.params import ParameterSet, load_reform

USAGE_HINT = (
    "Uso: seguro rules eval --input CASOS.json [--output RESULTADOS.json] [--reform REFORMA.yaml]"
    " ('-' para entrada/salida estándar)."
)


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(
        prog="seguro rules",
        add_help=True,
        description="Motor de reglas de Seguro: evalúa casos con la ley vigente.",
    )
    sub = parser.add_subparsers(dest="command")
    ev = sub.add_parser("eval", help="Evalúa una lista JSON de casos.")
    ev.add_argument("--input", required=True, help="archivo JSON con la lista de casos, o '-'")
    ev.add_argument("--output", default="-", help="archivo de resultados, o '-' (por defecto)")
    ev.add_argument(
        "--reform", default=None, help="archivo YAML de reforma hipotética que modifica parámetros"
    )
    return parser


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        return stdin.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def main(
    argv: list[str],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(f"Error en la línea de comandos: {exc}. {USAGE_HINT}", file=stderr)
        return 2
    if args.command != "eval":
        print(f"Falta el subcomando 'eval'. {USAGE_HINT}", file=stderr)
        return 2
    try:
        text = _read(args.input, stdin)
    except OSError as exc:
        print(
            f"No se pudo leer el archivo de entrada '{args.input}': {exc.strerror}. {USAGE_HINT}",
            file=stderr,
        )
        return 2
    try:
        cases: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        print(
            f"La entrada no es JSON válido (línea {exc.lineno}, columna {exc.colno}). Debe ser "
            "una lista de casos, por ejemplo: "
            '[{"rule": "minimum_wage", "date": "2025-01-01", "inputs": {}}].',
            file=stderr,
        )
        return 2
    if not isinstance(cases, list):
        print(
            'La entrada debe ser una lista JSON de casos [{"rule": ..., "date": ..., '
            '"inputs": {...}}, ...]; encierre los casos entre corchetes.',
            file=stderr,
        )
        return 2
    params: ParameterSet | None = None
    if args.reform:
        try:
            params = parameters_for(load_reform(_read(args.reform, stdin)))
        except OSError as exc:
            print(
                f"No se pudo leer el archivo de reforma '{args.reform}': {exc.strerror}.",
                file=stderr,
            )
            return 2
        except RuleError as exc:
            print(f"Reforma inválida: {exc}", file=stderr)
            return 2
    results = [evaluate_case(case, overlay=params) for case in cases]
    payload = json.dumps(results, ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        stdout.write(payload)
    else:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(payload)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

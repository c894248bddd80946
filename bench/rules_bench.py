"""Benchmark of seguro.rules: 1 million synthetic people, column-wise vs one case at a time, with
the same computation written for openfisca-core as the outside reference, side by side.

Run (from the repository root):

    bench/openfisca_env.sh                      # once: makes bench/.venv-openfisca (PyPI)
    .venv/bin/python bench/rules_bench.py       # --people 1000000 --runs 5 --sample 20000

What is timed (medians over --runs runs):
  * old-age pension (eligibility, coefficient, floor, cap, amount) and monthly contribution
    (rate table by regime, fund split, reserve fund) for --people people;
  * column-wise: seguro.rules ``*_columns`` (NumPy, int64 cents);
  * one case at a time: the Decimal path with its explanation (``seguro.rules.compute``) on
    --sample cases, extrapolated to --people (``--full-single`` runs them all);
  * OpenFisca: the same formulas as an openfisca-core TaxBenefitSystem (bench/openfisca_model.py)
    run in bench/.venv-openfisca on the same population and parameters; it is skipped, with a
    message, if that environment is missing.
The script also checks that the column path and OpenFisca agree (OpenFisca computes in float32,
so cent differences are counted and reported, not hidden).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from seguro.rules import compute, default_parameters  # noqa: E402
from seguro.rules.contributions import contribution_columns  # noqa: E402
from seguro.rules.pensions import old_age_pension_columns  # noqa: E402

ON = date(2024, 6, 1)
SALARY_REGIMES = [
    "private_employee",
    "public_servant",
    "bank_or_local_government",
    "self_employed",
    "voluntary",
    "voluntary_abroad",
]
OPENFISCA_PYTHON = ROOT / "bench" / ".venv-openfisca" / "bin" / "python"


def population(n: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    return {
        "birth_date": (np.datetime64("1940-01-01") + rng.integers(0, 365 * 50, n)).astype(
            "datetime64[D]"
        ),
        "contributions": rng.integers(60, 600, n).astype(np.int64),
        "base_cents": rng.integers(40_000, 600_000, n).astype(np.int64),
        "regime": rng.integers(0, len(SALARY_REGIMES), n).astype(np.int64),
        "salary_cents": rng.integers(46_000, 500_000, n).astype(np.int64),
        "months_with_employer": rng.integers(0, 60, n).astype(np.int64),
    }


def median_time(func: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def export_parameters(path: Path) -> None:
    """The parameter values the OpenFisca model needs, taken from seguro's YAML files."""
    p = default_parameters()
    coef = p.value("pensions.old_age.coefficient", ON)
    rates = {}
    for regime in SALARY_REGIMES:
        table = p.value(f"contributions.rates.{regime}", ON)
        rates[regime] = {
            "employee": str(sum(table["employee"].values())),
            "employer": str(sum(table["employer"].values())),
        }
    data = {
        "date": p.get("general.minimum_wage", ON).effective.isoformat(),
        "minimum_wage": str(p.value("general.minimum_wage", ON)),
        "eligibility": p.value("pensions.old_age.eligibility", ON),
        "coefficient": [[r["years"], str(r["coefficient"])] for r in coef["rows"]],
        "coefficient_increment": str(coef["increment_above"]),
        "minimum": [
            [r["up_to_years"], str(r["sbu_multiple"])] for r in p.value("pensions.minimum", ON)
        ],
        "maximum": [
            [r["up_to_years"], str(r["sbu_multiple"])]
            for r in p.value("pensions.old_age.maximum", ON)
        ],
        "rates": rates,
        "regimes": SALARY_REGIMES,
        "minimum_base": {k: str(v) for k, v in p.value("contributions.minimum_base", ON).items()},
        "reserve_fund_rate": str(p.value("third_party_funds.reserve_fund.rate", ON)),
        "reserve_fund_first_month": p.value("third_party_funds.reserve_fund.first_month", ON),
        "reserve_fund_regimes": p.value("third_party_funds.reserve_fund.regimes", ON),
    }
    path.write_text(json.dumps(data))


def run_openfisca(pop_file: Path, param_file: Path, runs: int) -> dict[str, Any] | str:
    if not OPENFISCA_PYTHON.exists():
        return "no disponible: ejecute bench/openfisca_env.sh para crear bench/.venv-openfisca"
    proc = subprocess.run(
        [
            str(OPENFISCA_PYTHON),
            str(ROOT / "bench" / "openfisca_model.py"),
            str(pop_file),
            str(param_file),
            str(runs),
            ON.isoformat(),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return "falló: " + proc.stderr.strip().splitlines()[-1]
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--full-single", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    n = args.people
    params = default_parameters()
    pop = population(n, args.seed)
    regimes = np.array(SALARY_REGIMES)[pop["regime"]]
    print(
        f"seguro.rules benchmark: {n:,} synthetic people, date {ON}, medians of {args.runs} "
        f"runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, NumPy {np.__version__}"
    )

    # ---------------------------------------------------------------- column-wise
    t_pen_col, pen = median_time(
        lambda: old_age_pension_columns(
            ON, pop["birth_date"], pop["contributions"], pop["base_cents"], params=params
        ),
        args.runs,
    )
    t_con_col, con = median_time(
        lambda: contribution_columns(
            ON, regimes, pop["salary_cents"], pop["months_with_employer"], params=params
        ),
        args.runs,
    )

    # ---------------------------------------------------------------- one case at a time
    m = n if args.full_single else min(args.sample, n)

    def single_pensions() -> list[Any]:
        return [
            compute(
                "old_age_pension",
                ON,
                {
                    "birth_date": str(pop["birth_date"][i]),
                    "contributions": int(pop["contributions"][i]),
                    "best_five_years_average": f"{pop['base_cents'][i] / 100:.2f}",
                },
                params=params,
            )[0]
            for i in range(m)
        ]

    def single_contributions() -> list[Any]:
        return [
            compute(
                "contribution",
                ON,
                {
                    "regime": str(regimes[i]),
                    "salary": f"{pop['salary_cents'][i] / 100:.2f}",
                    "months_with_employer": int(pop["months_with_employer"][i]),
                },
                params=params,
            )[0]
            for i in range(m)
        ]

    single_runs = 1 if args.full_single else max(1, min(3, args.runs))
    t_pen_one, pen_one = median_time(single_pensions, single_runs)
    t_con_one, con_one = median_time(single_contributions, single_runs)
    scale = n / m
    for i, out in enumerate(pen_one):
        assert int(out["amount"] * 100) == pen["amount_cents"][i]
    for i, out in enumerate(con_one):
        assert int(out["total"] * 100) == con["total"][i]

    # ---------------------------------------------------------------- OpenFisca
    with tempfile.TemporaryDirectory() as tmp:
        pop_file, param_file = Path(tmp) / "pop.npz", Path(tmp) / "params.json"
        np.savez(pop_file, **pop)
        export_parameters(param_file)
        of = run_openfisca(pop_file, param_file, args.runs)

    def row(label: str, col: float, one: float, ofs: float | None) -> None:
        of_txt = f"{ofs:10.3f} s" if ofs is not None else "         –"
        ratio_of = f"{ofs / col:8.1f}x" if ofs is not None else "       –"
        print(
            f"{label:<22}{col:10.3f} s{one * scale:12.1f} s{of_txt}{one * scale / col:10.0f}x"
            f"{ratio_of}"
        )

    print()
    print(
        f"{'rule (' + format(n, ',') + ')':<22}{'columns':>12}{'one-by-one':>14}"
        f"{'OpenFisca':>12}{'1by1/col':>11}{'OF/col':>9}"
    )
    of_pen = of.get("pension_seconds") if isinstance(of, dict) else None
    of_con = of.get("contribution_seconds") if isinstance(of, dict) else None
    row("old-age pension", t_pen_col, t_pen_one, of_pen)
    row("contribution", t_con_col, t_con_one, of_con)
    print()
    how = "all cases" if args.full_single else f"{m:,} cases, extrapolated x{scale:,.0f}"
    print(
        f"one-by-one: Decimal path with explanation ({how}; measured "
        f"{t_pen_one:.2f} s and {t_con_one:.2f} s); agrees with the column path on all of them."
    )
    print(
        f"goal: 1 M pensions column-wise < 1 s -> {t_pen_col:.3f} s "
        f"({'met' if n >= 1_000_000 and t_pen_col < 1 else 'see figure'})."
    )
    if isinstance(of, dict):
        pen_diff = _diff(of, "pension", pen["amount_cents"])
        con_diff = _diff(of, "contribution", con["total"])
        print(
            f"OpenFisca {of['version']} (float32 formulas, same parameters): amounts differing "
            f"from seguro by more than 1 cent: pensions {pen_diff}, contributions {con_diff} "
            f"of {n:,}."
        )
    else:
        print(f"OpenFisca: {of}")
    return 0


def _diff(of: dict[str, Any], key: str, ours: Any) -> str:
    theirs = np.load(of[f"{key}_file"])
    differing = int(np.sum(np.abs(np.round(theirs * 100).astype(np.int64) - ours) > 1))
    return f"{differing:,}"


if __name__ == "__main__":
    sys.exit(main())

"""Running the year's steps: each named, resumable (a finished step leaves an audit event and
is skipped on a rerun), with its progress shown on the caller's stream."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db import transaction
from tqdm import tqdm

from seguro.core.errors import DomainError
from seguro.core.models import AuditEvent
from seguro.synth.year.config import YearPlan

T = TypeVar("T")
STEP_ACTION = "synth.year.step"


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...

    def flush(self) -> Any: ...


@dataclass
class Context:
    plan: YearPlan
    progress: bool
    stream: Writer | None

    def say(self, text: str) -> None:
        if self.stream is not None:
            self.stream.write(f"{text}\n")
            self.stream.flush()

    def bar(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        """A progress bar over ``items`` (nothing shown without progress)."""
        yield from tqdm(
            items,
            desc=f"  {label}",
            total=total,
            disable=not self.progress,
            file=self.stream if self.stream is not None else sys.stderr,
            leave=False,
        )


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # Spanish, shown while it runs
    run: Callable[[Context], dict[str, Any]]
    # False for a step made of services that commit their own idempotent units (the monthly
    # close): one transaction around a year of closes would only grow the journal; a step
    # stopped midway is run again and redoes nothing.
    atomic: bool = True


def step_key(plan: YearPlan, step: Step) -> str:
    return f"{plan.scope}:{step.name}"


def step_done(plan: YearPlan, step: Step) -> AuditEvent | None:
    return AuditEvent.objects.filter(action=STEP_ACTION, target_id=step_key(plan, step)).first()


def step_run(context: Context, step: Step) -> dict[str, Any]:
    """Run a step (in one transaction with its audit event when atomic) unless it ran."""
    plan = context.plan
    done = step_done(plan, step)
    if done is not None:
        if (done.data.get("scale"), done.data.get("seed")) != (plan.scale, plan.seed):
            raise DomainError(
                f"El paso «{step.label}» del año sintético {plan.scope} ya se generó con escala "
                f"{done.data.get('scale')} y semilla {done.data.get('seed')}; no se mezcla con "
                f"escala {plan.scale} y semilla {plan.seed}. Use una base de datos nueva."
            )
        context.say(f"{step.label}: ya generado, se omite.")
        return {"skipped": True, **done.data.get("result", {})}
    context.say(f"{step.label}…")
    started = time.perf_counter()
    with transaction.atomic() if step.atomic else nullcontext():
        result = step.run(context)
        seconds = round(time.perf_counter() - started, 2)
        with transaction.atomic():  # with the step's work when the step is atomic
            AuditEvent.objects.create(
                actor=None,
                action=STEP_ACTION,
                target_type="synth.year",
                target_id=step_key(plan, step),
                summary=f"Año sintético {plan.scope}: {step.label} ({seconds} s)"[:300],
                data={
                    "scale": plan.scale,
                    "seed": plan.seed,
                    "seconds": seconds,
                    "result": result,
                },
            )
    return {**result, "seconds": seconds}

"""The benchmarks' step runner: each named step timed, with this process's peak memory after it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from memory import rss_mb  # bench/memory.py (the script's folder is on sys.path)

T = TypeVar("T")


class Steps:
    """Call with a name and an action; keeps seconds (``timings``) and peak MB (``memory``)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self.memory: dict[str, float] = {}

    def __call__(self, name: str, action: Callable[[], T]) -> T:
        started = time.perf_counter()
        result = action()
        self.timings[name] = time.perf_counter() - started
        self.memory[name] = rss_mb()
        print(f"  {name:<40} {self.timings[name]:>8.1f} s {self.memory[name]:>8.0f} MB", flush=True)
        return result

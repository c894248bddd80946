"""Peak memory readings shared by the benchmarks (Linux /proc and getrusage)."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of a process in MB, or None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

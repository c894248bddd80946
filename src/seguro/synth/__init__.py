"""Synthetic population calibrated to the published figures (see README.md).

``synth_registry`` (in ``seguro.synth.services``) is also reachable as
``seguro.synth.synth_registry``; it is imported lazily so that importing this package while
Django loads its apps touches no model.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "synth_registry":
        from seguro.synth.services import synth_registry

        return synth_registry
    raise AttributeError(name)

"""The synthetic institute-year (operations of a year, calibrated to the published figures)."""

from seguro.synth.year.service import STEPS, synth_year

__all__ = ["STEPS", "synth_year"]

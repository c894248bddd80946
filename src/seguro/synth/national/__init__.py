"""The synthetic institute-year at national scale (national-2023): operations generated
set-based, province by province, on top of the national synthetic registry."""

from seguro.synth.national.health import national_attentions_generate
from seguro.synth.national.network import national_network_load

__all__ = ["national_attentions_generate", "national_network_load"]

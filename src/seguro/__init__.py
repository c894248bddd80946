"""Seguro: software that runs a national social security institute (modelled on Ecuador's IESS)."""

__version__ = "0.1.0"

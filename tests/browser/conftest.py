"""The browser fixtures live in tests/conftest.py so every folder shares one Chromium."""

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "SCREENSHOTS"]

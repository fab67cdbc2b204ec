"""pilotbot: keeps hospital software pilots honest."""

__version__ = "0.1.0"

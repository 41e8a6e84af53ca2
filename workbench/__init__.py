"""workbench: a keyboard-driven terminal workbench for fact-checking news articles."""

__version__ = "0.1.0"

"""reader: a desktop reading assistant for people learning Chinese."""

__version__ = "0.1.0"

"""Pure-Python core of the reader: no Qt here (a test enforces it)."""

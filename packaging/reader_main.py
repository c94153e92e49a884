"""Entry script for the frozen reader (PyInstaller needs a file, not an entry point)."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())

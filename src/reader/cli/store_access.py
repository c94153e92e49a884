"""The annotation database for the store-using subcommands (notes, vocab): one ``--db``
option and one way to open an existing database, with errors as messages."""

from __future__ import annotations

import argparse
import os
from typing import Any


def add_db_option(parser: argparse.ArgumentParser, dest: str) -> None:
    """``--db PATH`` after the subcommand (it overrides ``--db`` before it and $READER_DB)."""
    parser.add_argument(
        "--db",
        dest=dest,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="annotation database (overrides --db before the subcommand and $READER_DB)",
    )


def open_existing_store(args: argparse.Namespace, dest: str) -> Any:
    """The store at the chosen path; CliError when there is none or it cannot be opened."""
    from reader.cli import CliError
    from reader.core.db_location import resolve_db_path
    from reader.core.store import open_store
    from reader.core.store_records import StoreError

    path = resolve_db_path(getattr(args, dest, None) or args.db, os.environ)
    if not path.exists():
        raise CliError(f"{path}: no annotation database there")
    try:
        result = open_store(path, backup_on_open=False)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if result.store is None:
        raise CliError(result.message)
    return result.store

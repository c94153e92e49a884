"""The notes database for the store-using subcommands (notes, vocab, define, words, level): one
``--db`` option and one way in, read-only, that never creates, moves or rewrites anything."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def add_db_option(parser: argparse.ArgumentParser, dest: str) -> None:
    """``--db PATH`` after the subcommand (it overrides ``--db`` before it and $READER_DB)."""
    parser.add_argument(
        "--db",
        dest=dest,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="notes database (overrides --db before the subcommand and $READER_DB)",
    )


def open_existing_store(args: argparse.Namespace, dest: str) -> Any:
    """The store at the chosen path, read-only; CliError when it cannot be read."""
    from reader.cli import CliError
    from reader.paths.data import resolve_db_path
    from reader.storage.files.incident import pending_incident
    from reader.storage.files.read_only import open_for_reading
    from reader.storage.records import StoreError

    path = resolve_db_path(getattr(args, dest, None) or args.db, os.environ)
    try:
        store = open_for_reading(path)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    incident = pending_incident(path)
    if incident is not None:
        print(
            f"reader: note: an earlier damaged notes database is kept at {incident.moved_to}; "
            "open the Reader window to deal with it.",
            file=sys.stderr,
        )
    return store


def user_glossary_rows(path: Path) -> list[Any]:
    """The user's glossary rows in the database at ``path``, read without writing anything.

    None there: ``[]``. A path that is not a notes database: CliError. A database that
    cannot be read: a warning on stderr and ``[]`` (the bundled glossary still serves).
    """
    from reader.cli import CliError
    from reader.storage.files.read_only import open_for_reading
    from reader.storage.records import NotADatabaseError, StoreError

    if not path.exists():
        return []
    try:
        store = open_for_reading(path)
    except NotADatabaseError as exc:  # a --db that names something else: said, not ignored
        raise CliError(str(exc)) from None
    except StoreError as exc:
        print(f"reader: cannot read the user glossary: {exc}", file=sys.stderr)
        return []
    try:
        return list(store.glossary_entries())
    except (StoreError, ValueError) as exc:
        print(f"reader: cannot read the user glossary: {exc}", file=sys.stderr)
        return []
    finally:
        store.close()


def known_words(path: Path) -> dict[str, str] | None:
    """The learner's word marks (either script → status) in the database at ``path``, read
    without writing anything; None when there is no database or it cannot be read (said on
    stderr)."""
    from reader.cli import CliError
    from reader.storage.files.read_only import open_for_reading
    from reader.storage.records import NotADatabaseError, StoreError

    if not path.exists():
        return None
    try:
        store = open_for_reading(path)
    except NotADatabaseError as exc:
        raise CliError(str(exc)) from None
    except StoreError as exc:
        print(f"reader: cannot read your known words: {exc}", file=sys.stderr)
        return None
    try:
        return store.known_words()
    except StoreError as exc:
        print(f"reader: cannot read your known words: {exc}", file=sys.stderr)
        return None
    finally:
        store.close()

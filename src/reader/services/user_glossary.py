"""The user's own glossary entries: database rows ↔ :class:`~reader.language.words.glossary.GlossaryEntry`.

The store keeps one ``explanations`` text per entry; it holds JSON
``{"en": …, "zh": …}`` and, for an entry that overrides a bundled one, ``"replaces": "<id>"``.
Plain text there (written by something else) is read as the English explanation.

A row becomes a core entry with ``user=True`` and the id ``"user:<row id>"``; its headword's
and aliases' Simplified / Traditional / Taiwan / Hong Kong forms are added as aliases, so a
term entered in one script is found in the other. :func:`build_glossary` merges the rows into
the bundled glossary: a user entry wins every term it shares, and a bundled entry the user
overrode ("Edit…" on a bundled term) is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reader.language.words.glossary import (
    CATEGORIES,
    Glossary,
    GlossaryEntry,
    script_variants,
    with_script_variants,
)
from reader.storage.records import GlossaryEntry as GlossaryRow

__all__ = [
    "USER_ID_PREFIX",
    "UserEntryDraft",
    "alias_variants",
    "build_glossary",
    "decode_explanations",
    "draft_from_entry",
    "draft_from_row",
    "encode_explanations",
    "entry_from_row",
    "parse_aliases",
    "row_id",
    "user_entry_id",
]

USER_ID_PREFIX = "user:"
#: Category given to a row whose category is missing or unknown.
FALLBACK_CATEGORY = "concept"
_ALIAS_SPLIT = re.compile(r"[,\n;，、；]+")


def user_entry_id(row_id: int) -> str:
    """The core entry id of database row ``row_id``: ``"user:12"``."""
    return f"{USER_ID_PREFIX}{row_id}"


def row_id(entry_id: str) -> int | None:
    """The database row id of a user entry id (``"user:12"`` → 12); None for bundled ids."""
    if not entry_id.startswith(USER_ID_PREFIX):
        return None
    rest = entry_id[len(USER_ID_PREFIX) :]
    return int(rest) if rest.isdigit() else None


def encode_explanations(en: str, zh: str, replaces: str = "") -> str:
    """The store's ``explanations`` text for these explanations."""
    data: dict[str, str] = {"en": en.strip(), "zh": zh.strip()}
    if replaces:
        data["replaces"] = replaces
    return json.dumps(data, ensure_ascii=False)


def decode_explanations(text: str) -> tuple[str, str, str]:
    """(English, Chinese, replaced bundled id) from the store's text; plain text = English."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data: Any = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            values = [data.get(k, "") for k in ("en", "zh", "replaces")]
            en, zh, replaces = (v if isinstance(v, str) else "" for v in values)
            return en, zh, replaces
    return stripped, "", ""


def parse_aliases(text: str, headword: str = "") -> tuple[str, ...]:
    """Aliases typed as one text: split on commas (also ，、), semicolons and newlines,
    stripped, without repeats or the headword."""
    parts = (p.strip() for p in _ALIAS_SPLIT.split(text))
    head = headword.strip()
    return tuple(p for p in dict.fromkeys(parts) if p and p != head)


def alias_variants(headword: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """The other-script forms that will be matched too, beyond the headword and ``aliases``."""
    given = [headword.strip(), *aliases]
    known = set(given)
    extra = [form for term in given if term for form in script_variants(term)]
    return tuple(f for f in dict.fromkeys(extra) if f not in known)


@dataclass(frozen=True)
class UserEntryDraft:
    """What the editor holds: an entry before it is saved (``replaces``: a bundled id)."""

    headword: str
    aliases: tuple[str, ...] = ()
    category: str = FALLBACK_CATEGORY
    gloss: str = ""
    explanation_en: str = ""
    explanation_zh: str = ""
    replaces: str = ""

    def problems(self) -> dict[str, str]:
        """Field name → message, for every field that cannot be saved as it is."""
        out: dict[str, str] = {}
        if not self.headword.strip():
            out["headword"] = "A headword is required."
        elif "\n" in self.headword.strip():
            out["headword"] = "The headword must be one line."
        if self.category not in CATEGORIES:
            out["category"] = f"Choose one of: {', '.join(CATEGORIES)}."
        if "\n" in self.gloss.strip():
            out["gloss"] = "The short gloss must be one line."
        return out

    def store_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``add_glossary_entry`` / ``update_glossary_entry``."""
        headword = self.headword.strip()
        return {
            "headword": headword,
            "aliases": [
                a for a in dict.fromkeys(a.strip() for a in self.aliases) if a and a != headword
            ],
            "category": self.category,
            "gloss": self.gloss.strip(),
            "explanations": encode_explanations(
                self.explanation_en, self.explanation_zh, self.replaces
            ),
        }


def draft_from_row(row: GlossaryRow) -> UserEntryDraft:
    """The editable form of a stored entry (aliases as the user typed them)."""
    en, zh, replaces = decode_explanations(row.explanations)
    category = row.category if row.category in CATEGORIES else FALLBACK_CATEGORY
    return UserEntryDraft(row.headword, tuple(row.aliases), category, row.gloss, en, zh, replaces)


def draft_from_entry(entry: GlossaryEntry) -> UserEntryDraft:
    """A draft prefilled from a core entry; for a bundled one it overrides that entry."""
    return UserEntryDraft(
        entry.headword,
        entry.aliases,
        entry.category,
        entry.gloss,
        entry.explanation_en,
        entry.explanation_zh,
        "" if entry.user else entry.id,
    )


def entry_from_row(row: GlossaryRow) -> GlossaryEntry:
    """The core entry of a stored row: ``user=True``, id ``user:<n>``, both scripts matched."""
    draft = draft_from_row(row)
    entry = GlossaryEntry(
        id=user_entry_id(row.id),
        headword=row.headword.strip(),
        aliases=parse_aliases("\n".join(row.aliases), row.headword),
        category=draft.category,
        gloss=draft.gloss,
        explanation_en=draft.explanation_en,
        explanation_zh=draft.explanation_zh,
        user=True,
    )
    return with_script_variants(entry)


def replaced_ids(rows: Iterable[GlossaryRow]) -> set[str]:
    """Ids of the bundled entries the user's rows override."""
    return {r for r in (decode_explanations(row.explanations)[2] for row in rows) if r}


def build_glossary(bundled: Glossary, rows: Iterable[GlossaryRow]) -> Glossary:
    """``bundled`` with the user's rows added; overridden bundled entries dropped."""
    rows = [row for row in rows if row.headword.strip()]
    gone = replaced_ids(rows)
    kept = Glossary([e for e in bundled.entries if e.id not in gone]) if gone else bundled
    return kept.with_user_entries([entry_from_row(row) for row in rows], expand_scripts=False)

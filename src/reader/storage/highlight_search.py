"""Search across the quotes and notes of every highlight, in any script.

Each highlight stores ``search_text``: its quote and note folded to Simplified (OpenCC
``t2s``) and case-folded, indexed by an FTS5 table with the ``trigram`` tokenizer (unicode61
does not split Chinese into words). Queries of three or more characters use the index;
shorter ones (most Chinese words are one or two characters) fall back to ``LIKE``. The query
is folded the same way, so 发展 finds 發展 and the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.storage.records import HIGHLIGHT_COLUMNS, Highlight

if TYPE_CHECKING:
    from reader.storage.store import Store

#: The trigram tokenizer needs at least this many characters to use the index.
TRIGRAM = 3


def fold(text: str) -> str:
    """``text`` as searched: Traditional characters made Simplified, case folded (OpenCC's
    ``t2s``: the converter the script switch uses, not one of its own, 1.3 MiB)."""
    if not text:
        return ""
    from reader.language.scripts.converters import convert_config

    return convert_config(text, "t2s").casefold()


def search_text_for(quote: str, note: str | None) -> str:
    """The folded text a highlight is found by: its quote and its note."""
    return fold(quote + "\n" + (note or ""))


@dataclass(frozen=True)
class SearchHit:
    """A highlight that matched, with its document's title."""

    highlight: Highlight
    document_title: str


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_highlights(store: Store, query: str, limit: int = 200) -> list[SearchHit]:
    """Highlights of every document whose quote or note contains ``query``, by document and
    position; an empty query finds nothing."""
    folded = fold(query.strip())
    if not folded:
        return []
    columns = ", ".join(f"h.{c.strip()}" for c in HIGHLIGHT_COLUMNS.split(","))
    if len(folded) >= TRIGRAM:
        sql = (
            f"SELECT {columns}, d.title FROM highlights_fts f "
            "JOIN highlights h ON h.id = f.rowid JOIN documents d ON d.id = h.document_id "
            "WHERE highlights_fts MATCH ? ORDER BY h.document_id, h.start, h.id LIMIT ?"
        )
        params: tuple[Any, ...] = ('"' + folded.replace('"', '""') + '"', limit)
    else:
        sql = (
            f"SELECT {columns}, d.title FROM highlights h "
            "JOIN documents d ON d.id = h.document_id "
            "WHERE h.search_text LIKE ? ESCAPE '\\' ORDER BY h.document_id, h.start, h.id LIMIT ?"
        )
        params = (_like_pattern(folded), limit)
    with store.lock:
        rows = store.conn.execute(sql, params).fetchall()
    return [SearchHit(Highlight(*row[:-1]), row[-1]) for row in rows]

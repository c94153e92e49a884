"""The curated glossary of terms (models, companies, people, techniques) and finding them in text.

The data lives in ``resources/glossary/*.toml`` (package ``reader.resources``), one
``[[entry]]`` table per term, and is checked at load against the schema below: a broken file
raises :class:`GlossaryError` naming the file and the entry (``glossary.toml, entry 12 (moe):
missing 'gloss'``); a TOML syntax error names the file and line.

Matching (:meth:`Glossary.find_all`): every alias of every entry, the headword included, in the
scripts the data lists (each CJK term is written in Traditional and Simplified, plus Taiwan /
Hong Kong forms where OpenCC changes them). Matches are leftmost, longest first and
non-overlapping. CJK aliases match anywhere; an alias that starts or ends with a Latin letter
or digit matches case-exactly and only where the neighbouring character is not a letter or
digit ("MoE" in "MoE架構", not "moe" in "Chloe"; "V3" not in "V30"). All aliases are compiled
into one regular expression shaped as a trie, so a scan costs one pass over the text.
"""

from __future__ import annotations

import bisect
import importlib.resources
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from reader.language.readings.pinyin import is_han
from reader.language.scripts.converters import convert_config
from reader.language.words.term_matches import TermMatch, TermMatches

CATEGORIES: tuple[str, ...] = (
    "technique",
    "model",
    "hardware",
    "company",
    "person",
    "event",
    "concept",
)

#: Mid-lightness, moderately saturated hues: readable as underline or text colour on both
#: light and dark backgrounds (and as a faint tint when drawn with low alpha).
CATEGORY_COLOURS: dict[str, str] = {
    "technique": "#4f8fd6",
    "model": "#9a6fd6",
    "hardware": "#d6873c",
    "company": "#3aa37a",
    "person": "#d66f93",
    "event": "#c39b22",
    "concept": "#3fa3b3",
}

_REQUIRED = ("id", "headword", "category", "gloss", "explanation_en", "explanation_zh")
_OPTIONAL = ("aliases", "pinyin")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LATIN = "0-9A-Za-z"
_LATIN_RE = re.compile(f"[{_LATIN}]")
#: OpenCC configurations whose output a CJK term is also matched in (user entries).
VARIANT_CONFIGS = ("t2s", "s2t", "s2twp", "s2hk")


class GlossaryError(ValueError):
    """A glossary file is not valid TOML or breaks the schema."""


@dataclass(frozen=True)
class GlossaryEntry:
    """One term: how it is written (headword, aliases), what it is, and an explanation."""

    id: str
    headword: str
    aliases: tuple[str, ...]
    category: str
    gloss: str
    explanation_en: str
    explanation_zh: str
    user: bool = False
    #: The reading of :attr:`chinese_name` as the TOML gives it (tone marks or numbers, one
    #: syllable a Han character), or "" to compute it (``term_pinyin``).
    pinyin: str = ""

    @property
    def terms(self) -> tuple[str, ...]:
        """Headword then aliases, without repeats: every form matched in text."""
        return tuple(dict.fromkeys((self.headword, *self.aliases)))

    @property
    def chinese_name(self) -> str:
        """The term's Chinese spelling: the headword if it has Han characters (多頭潛在注意力),
        else the first alias that has (MoE → 混合專家); "" for a term with none (OpenAI)."""
        return next((t for t in self.terms if any(is_han(ch) for ch in t)), "")


def script_variants(term: str) -> tuple[str, ...]:
    """``term`` and its forms under :data:`VARIANT_CONFIGS` (CJK terms only), without repeats."""
    if not any(is_han(ch) for ch in term):
        return (term,)
    forms = [term] + [convert_config(term, config) for config in VARIANT_CONFIGS]
    return tuple(dict.fromkeys(forms))


def with_script_variants(entry: GlossaryEntry) -> GlossaryEntry:
    """``entry`` with every CJK term's Simplified/Traditional/Taiwan/HK forms added as aliases."""
    extra = [form for term in entry.terms for form in script_variants(term)]
    aliases = tuple(f for f in dict.fromkeys((*entry.aliases, *extra)) if f != entry.headword)
    return replace(entry, aliases=aliases)


def _label(raw: Mapping[str, Any]) -> str:
    for key in ("id", "headword"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return "?"


def entry_from_mapping(raw: Any, where: str, *, user: bool = False) -> GlossaryEntry:
    """A validated entry from one TOML table; ``where`` prefixes error messages."""
    if not isinstance(raw, Mapping):
        raise GlossaryError(f"{where}: an entry must be a table, not {type(raw).__name__}")
    where = f"{where} ({_label(raw)})"
    for key in _REQUIRED:
        if key not in raw:
            raise GlossaryError(f"{where}: missing '{key}'")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise GlossaryError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
    for key in _REQUIRED:
        value = raw[key]
        if not isinstance(value, str):
            raise GlossaryError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
        if not value.strip():
            raise GlossaryError(f"{where}: '{key}' is empty")
    if not _ID_RE.match(raw["id"]):
        raise GlossaryError(f"{where}: 'id' {raw['id']!r} must be letters, digits, '.', '_' or '-'")
    if raw["category"] not in CATEGORIES:
        raise GlossaryError(
            f"{where}: category {raw['category']!r} is not one of {', '.join(CATEGORIES)}"
        )
    if "\n" in raw["gloss"]:
        raise GlossaryError(f"{where}: 'gloss' must be one line")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise GlossaryError(f"{where}: 'aliases' must be a list of strings")
    if any(not a.strip() or a != a.strip() for a in aliases):
        raise GlossaryError(f"{where}: an alias is empty or has surrounding spaces")
    headword = raw["headword"].strip()
    pinyin = raw.get("pinyin", "")
    if not isinstance(pinyin, str):
        raise GlossaryError(f"{where}: 'pinyin' must be a string, not {type(pinyin).__name__}")
    pinyin = " ".join(pinyin.split())
    if "pinyin" in raw:
        name = next(
            (t for t in (headword, *aliases) if any(is_han(ch) for ch in t)), ""
        )
        count = sum(is_han(ch) for ch in name)
        if not name:
            raise GlossaryError(f"{where}: 'pinyin' given, but no term has Han characters")
        if len(pinyin.split()) != count:
            raise GlossaryError(
                f"{where}: 'pinyin' has {len(pinyin.split())} syllable(s) for the "
                f"{count} Han character(s) of {name!r}"
            )
    return GlossaryEntry(
        id=raw["id"],
        headword=headword,
        aliases=tuple(a for a in dict.fromkeys(aliases) if a != headword),
        category=raw["category"],
        gloss=raw["gloss"].strip(),
        explanation_en=raw["explanation_en"].strip(),
        explanation_zh=raw["explanation_zh"].strip(),
        user=user,
        pinyin=pinyin,
    )


def parse_glossary_text(text: str, name: str) -> list[GlossaryEntry]:
    """The entries of one glossary file's text; ``name`` (the file name) prefixes errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{name}: invalid TOML: {exc}") from exc
    extra = sorted(set(data) - {"entry"})
    if extra:
        raise GlossaryError(f"{name}: unexpected top-level key(s) {', '.join(map(repr, extra))}")
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        raise GlossaryError(f"{name}: 'entry' must be an array of tables ([[entry]])")
    return [entry_from_mapping(raw, f"{name}, entry {i}") for i, raw in enumerate(raw_entries, 1)]


def _check_unique(named: list[tuple[str, list[GlossaryEntry]]]) -> None:
    ids: dict[str, str] = {}
    terms: dict[str, tuple[str, str]] = {}
    for name, entries in named:
        for i, entry in enumerate(entries, 1):
            where = f"{name}, entry {i} ({entry.id})"
            if entry.id in ids:
                raise GlossaryError(f"{where}: id {entry.id!r} already used in {ids[entry.id]}")
            ids[entry.id] = where
            for term in entry.terms:
                owner = terms.get(term)
                if owner is not None and owner[0] != entry.id:
                    raise GlossaryError(f"{where}: alias {term!r} already belongs to {owner[1]}")
                terms[term] = (entry.id, where)


def trie_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first, Latin ends on boundaries."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any], last: str) -> str:
        branches = [re.escape(ch) + emit(child, ch) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            branches.append(f"(?![{_LATIN}])" if _LATIN_RE.match(last) else "")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    def first(ch: str, child: dict[str, Any]) -> str:
        # The start-of-word check comes after the first character (a fixed-width look-behind
        # over it), so every alternative starts with a literal and ``re`` can skip ahead by
        # first character: ~10x faster on long texts than a leading look-behind.
        head = re.escape(ch)
        if _LATIN_RE.match(ch):
            head += f"(?<![{_LATIN}].)"
        return head + emit(child, ch)

    branches = [first(ch, child) for ch, child in sorted(trie.items()) if ch]
    return "(?:" + "|".join(branches) + ")" if branches else r"(?!x)x"


class Glossary:
    """A set of entries and the compiled matcher over all their terms."""

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        self.entries: tuple[GlossaryEntry, ...] = tuple(entries)
        by_term: dict[str, GlossaryEntry] = {}
        # User entries win on a shared term; otherwise the first entry listing it.
        for entry in sorted(self.entries, key=lambda e: not e.user):
            for term in entry.terms:
                by_term.setdefault(term, entry)
        self._by_term = by_term
        self._by_id = {e.id: e for e in self.entries}
        self._pattern = re.compile(trie_pattern(by_term))

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_entries(cls, entries: Iterable[GlossaryEntry]) -> Glossary:
        """A glossary of ``entries`` as given (no schema checks: they are already objects)."""
        return cls(entries)

    @classmethod
    def load_files(cls, paths: Iterable[Path]) -> Glossary:
        """Entries of the given TOML files, validated; ids and terms must be unique."""
        named = []
        for path in paths:
            path = Path(path)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise GlossaryError(f"{path.name}: cannot read: {exc}") from exc
            named.append((path.name, parse_glossary_text(text, path.name)))
        _check_unique(named)
        return cls(e for _, entries in named for e in entries)

    @classmethod
    def load_bundled(cls) -> Glossary:
        """The glossary shipped in ``reader.resources/glossary/*.toml``."""
        folder = importlib.resources.files("reader.resources") / "glossary"
        files = sorted(
            (f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name
        )
        named = [
            (f.name, parse_glossary_text(f.read_text(encoding="utf-8"), f.name)) for f in files
        ]
        _check_unique(named)
        return cls(e for _, entries in named for e in entries)

    def with_user_entries(
        self, entries: Iterable[GlossaryEntry], *, expand_scripts: bool = True
    ) -> Glossary:
        """This glossary plus the user's own entries (marked ``user=True``).

        A user entry replaces a bundled entry with the same id, and wins any term it shares
        with another entry. With ``expand_scripts`` its CJK terms are also matched in their
        Simplified/Traditional/Taiwan/Hong Kong forms.
        """
        users = [replace(e, user=True) for e in entries]
        if expand_scripts:
            users = [with_script_variants(e) for e in users]
        user_ids = {e.id for e in users}
        kept = [e for e in self.entries if e.id not in user_ids]
        return Glossary([*kept, *users])

    def by_id(self, entry_id: str) -> GlossaryEntry | None:
        """The entry with this id, if any."""
        return self._by_id.get(entry_id)

    def entry_for(self, term: str) -> GlossaryEntry | None:
        """The entry a term (headword or alias, exactly as written) belongs to."""
        return self._by_term.get(term)

    def find_all(self, text: str) -> list[TermMatch]:
        """Every term occurrence in ``text``: leftmost, longest first, non-overlapping, sorted."""
        by_term = self._by_term
        return [
            TermMatch(m.start(), m.end(), by_term[m.group()]) for m in self._pattern.finditer(text)
        ]

    def find_compact(self, text: str) -> TermMatches:
        """:meth:`find_all` held in arrays (:class:`TermMatches`: a long text's matches)."""
        return TermMatches.found(self._pattern, self._by_term, text)

    @staticmethod
    def match_at(matches: list[TermMatch], pos: int) -> TermMatch | None:
        """The match in ``matches`` (sorted, as :meth:`find_all` returns) covering ``pos``."""
        i = bisect.bisect_right(matches, pos, key=lambda m: m.start) - 1
        if i >= 0 and matches[i].start <= pos < matches[i].end:
            return matches[i]
        return None


def taiwan_protected_terms(glossary: Glossary) -> tuple[str, ...]:
    """The CJK terms Taiwan phrases must not rewrite: those that OpenCC's ``s2twp`` would turn
    into something that is not again a spelling of the same entry (the registered name
    杭州深度求索人工智能基礎技術研究有限公司 would get 人工智慧). A term whose Taiwan form
    the entry lists itself (英偉達 → 輝達, 人工智能 → 人工智慧) is left to the phrases."""
    terms = [(e, t) for e in glossary.entries for t in e.terms if any(is_han(c) for c in t)]
    if not terms:
        return ()
    joined = "\n".join(t for _e, t in terms)
    taiwan = convert_config(joined, "s2twp").split("\n")
    plain = convert_config(joined, "s2tw").split("\n")
    if not len(taiwan) == len(plain) == len(terms):
        return tuple(t for _e, t in terms)
    return tuple(
        term
        for (entry, term), tw, forms in zip(terms, taiwan, plain, strict=True)
        if tw != forms and tw not in entry.terms
    )


@cache
def bundled_protected_terms() -> tuple[str, ...]:
    """:func:`taiwan_protected_terms` of the bundled glossary (computed once)."""
    return taiwan_protected_terms(Glossary.load_bundled())

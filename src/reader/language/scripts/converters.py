"""OpenCC's converters: one per configuration, made at first use, used one call at a time.

OpenCC's converters are not documented as thread-safe: one lock serialises their use. A long
text goes to OpenCC in pieces that end at a line's end (no OpenCC phrase holds a line break,
so the pieces convert as the whole would): one call holds Python's lock throughout, 30-40 ms
at 640k characters on a worker thread, and the GUI thread waited that long to paint.
"""

from __future__ import annotations

from _thread import allocate_lock
from functools import cache
from typing import Any

#: The shortest piece of a long text given to OpenCC in one call (it ends at the next line's
#: end after this many characters; about 4 ms).
CONVERT_PIECE = 65_536

_LOCK = allocate_lock()  # threading.Lock itself, without importing threading to convert


def available_configs() -> tuple[str, ...]:
    """Names of the OpenCC configurations the installed package ships (``s2t``, ``s2twp`` …)."""
    import opencc

    return tuple(sorted(name.removesuffix(".json") for name in opencc.CONFIGS))


def _config_stem(config: str) -> str:
    stem = config.removesuffix(".json")
    if stem not in available_configs():
        raise ValueError(
            f"unknown OpenCC configuration {config!r}; valid names: "
            + ", ".join(available_configs())
        )
    return stem


@cache
def _converter(stem: str) -> Any:
    import opencc

    return opencc.OpenCC(stem)


def convert_config(text: str, config: str, whole: bool = False) -> str:
    """``text`` converted by one OpenCC configuration, named ``"s2twp"`` or ``"s2twp.json"``;
    in one call when ``whole`` (a process with no GUI thread to wait: 2-3 ms sooner at 640k
    characters than in pieces).

    Raises ValueError for a name the installed OpenCC does not ship.
    """
    converter = _converter(_config_stem(config))
    pieces, at = [], 0
    while not whole and len(text) - at > CONVERT_PIECE:
        end = text.find("\n", at + CONVERT_PIECE) + 1
        if end == 0:
            break
        pieces.append(text[at:end])
        at = end
    pieces.append(text[at:] if at else text)
    with _LOCK:
        return "".join([str(converter.convert(piece)) for piece in pieces])


def convert_chain(text: str, configs: tuple[str, ...], whole: bool = False) -> str:
    """``text`` converted by each configuration in turn (see :func:`convert_config`)."""
    for config in configs:
        text = convert_config(text, config, whole)
    return text

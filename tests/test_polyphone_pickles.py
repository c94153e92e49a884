"""g2pM's pickles are unpickled only when they are the reviewed release's bytes."""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import pickle
from importlib.resources import files
from pathlib import Path

import pytest

from reader.language.polyphone import model as polyphone_model
from reader.language.polyphone.model import PICKLE_BLAKE2B, ModelDataError

RAN: list[str] = []
#: SHA-256 of g2pM 0.1.2.5's pickles, as reviewed (the model checks their BLAKE2b).
REVIEWED_SHA256 = {
    "char2idx.pkl": "e41861f3af2debb342d3555d970db47b22e5d35c8e0190722dfb9b39c941988c",
    "class2idx.pkl": "b17a497ee9618e6d5c2f7814ab7f847d80a3cb757e92423774781e4d3dc56c49",
    "digest_cedict.pkl": "71e727a041a1d7023a1fbe32bbc23d5f4aa85a9d67fe4d6502fc398ef30b875c",
    "np_ckpt.pkl": "5b38c21cbaeb5f9b2f5d0bf872487de0fc22f91a3b26189b7d998136d2c8d3ae",
}


class _Payload:
    """What a hostile pickle does: run code when it is loaded."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (RAN.append, ("code ran",))


def test_the_pinned_release_is_installed_and_its_pickles_match() -> None:
    assert metadata.version("g2pM") == "0.1.2.5"
    assert set(PICKLE_BLAKE2B) == set(REVIEWED_SHA256)
    for name, digest in PICKLE_BLAKE2B.items():
        data = files("g2pM").joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == REVIEWED_SHA256[name], name
        assert hashlib.blake2b(data, digest_size=32).hexdigest() == digest, name
    assert isinstance(polyphone_model._load("class2idx.pkl"), dict)


def test_a_changed_pickle_is_refused_before_it_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "class2idx.pkl").write_bytes(pickle.dumps(_Payload()))
    (tmp_path / "unknown.pkl").write_bytes(pickle.dumps(_Payload()))
    monkeypatch.setattr(polyphone_model, "files", lambda package: tmp_path)
    with pytest.raises(ModelDataError, match="class2idx.pkl"):
        polyphone_model._load("class2idx.pkl")
    with pytest.raises(ModelDataError):
        polyphone_model._load("unknown.pkl")
    assert RAN == []

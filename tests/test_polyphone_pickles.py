"""g2pM's pickles are unpickled only when they are the reviewed release's bytes."""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import pickle
from importlib.resources import files
from pathlib import Path

import pytest

from reader.language.readings import polyphone_model
from reader.language.readings.polyphone_model import PICKLE_SHA256, ModelDataError

RAN: list[str] = []


class _Payload:
    """What a hostile pickle does: run code when it is loaded."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (RAN.append, ("code ran",))


def test_the_pinned_release_is_installed_and_its_pickles_match() -> None:
    assert metadata.version("g2pM") == "0.1.2.5"
    for name, digest in PICKLE_SHA256.items():
        data = files("g2pM").joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
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

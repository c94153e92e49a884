"""Hashes without OpenSSL: the same digests as hashlib's, and no libcrypto loaded for them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import uuid
from pathlib import Path

from reader.paths import digests
from reader.paths.cache_file import read_cache_parts, write_cache_file
from reader.paths.digests import OPENSSL_FROM, blake2b, sha256_hex

SRC = Path(__file__).resolve().parents[1] / "src"


def test_the_same_digests_as_hashlib() -> None:
    for data in (b"", b"abc", "開源蒸馏".encode() * 1000, bytes(range(256)) * (OPENSSL_FROM // 256)):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
        digest = blake2b()
        digest.update(data[:7])
        digest.update(data[7:])
        assert digest.hexdigest() == hashlib.blake2b(data, digest_size=32).hexdigest()
    assert sha256_hex(b"x" * (OPENSSL_FROM - 1)) == hashlib.sha256(b"x" * (OPENSSL_FROM - 1)).hexdigest()
    assert digests._builtin_sha256()(b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest()


def test_name_based_uuids_as_the_standard_library_makes_them() -> None:
    from reader.services.notes_export import uuid5

    for name in ("", "開源", "page 1 of urn:uuid:" + "x" * 300):
        assert uuid5(uuid.NAMESPACE_URL, name) == uuid.uuid5(uuid.NAMESPACE_URL, name)


def test_a_cache_file_of_an_earlier_version_is_still_read(tmp_path: Path) -> None:
    """Files written with a SHA-256 are checked with it (not rebuilt: trees of both kinds may
    share a cache folder); new ones carry a BLAKE2b."""
    path = tmp_path / "table.bin"
    write_cache_file(path, {"stamp": "v1"}, [b"payload"], ".table-")
    assert b'"blake2b": "' in path.read_bytes() and b"sha256" not in path.read_bytes()
    assert read_cache_parts(path, "v1", lambda header: [(7, "")]) is not None
    sha = hashlib.sha256(b"payload").hexdigest()
    path.write_bytes(b'{"stamp": "v1", "sha256": "' + sha.encode() + b'"}\npayload')
    assert read_cache_parts(path, "v1", lambda header: [(7, "")]) == (
        {"stamp": "v1", "sha256": sha}, [b"payload"]
    )
    path.write_bytes(b'{"stamp": "v1", "sha256": "' + sha.encode() + b'"}\npayloaD')
    assert read_cache_parts(path, "v1", lambda header: [(7, "")]) is None
    path.write_bytes(b'{"stamp": "v1"}\npayload')  # no checksum at all
    assert read_cache_parts(path, "v1", lambda header: [(7, "")]) is None


def test_the_session_s_hashes_load_no_openssl(tmp_path: Path) -> None:
    """A document's identity, the dictionary's fingerprint, a cache file, g2pM's pickles, the
    notes export's ids and a temporary file's name are made without ``hashlib`` (whose import
    loads libcrypto: 3.4 MiB of RSS)."""
    script = f"""
import sys
from pathlib import Path
from reader.paths.cache_file import read_cache_parts, write_cache_file
from reader.text.importer import bundled_article
from reader.language.words.dictionary import default_data_file, fingerprint
from reader.language.polyphone.model import PolyphoneModel
import reader.services.atomic_write, reader.services.notes_export
path = Path({str(tmp_path)!r}) / "t.bin"
write_cache_file(path, {{"stamp": "v1"}}, [b"abc"], ".t-")
assert read_cache_parts(path, "v1", lambda header: [(3, "")]) is not None
assert len(bundled_article().sha256) == 64
assert fingerprint(default_data_file())
PolyphoneModel()
print(sorted(name for name in sys.modules if "hashlib" in name))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr

"""The one atomic file writer: whole file or old file, symlinks, special files, plain errors."""

from __future__ import annotations

import errno
import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from reader.services import atomic_write as aw
from reader.services.atomic_write import AtomicWriteError, atomic_write, atomic_write_with

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_root = pytest.mark.skipif(not IS_ROOT, reason="needs root")
needs_non_root = pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions")


def _names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_writes_bytes_and_text_and_returns_the_real_path(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    assert atomic_write(target, b"\x00bytes") == target
    assert target.read_bytes() == b"\x00bytes"
    atomic_write(target, "第二版\n")
    assert target.read_bytes() == "第二版\n".encode()
    atomic_write(target, "gb", encoding="gb18030")
    assert target.read_bytes() == b"gb"
    assert _names(tmp_path) == ["a.txt"]


def test_text_is_written_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "crlf.csv"
    atomic_write(target, "a\r\nb\n")
    assert target.read_bytes() == b"a\r\nb\n"


def test_new_file_follows_umask_and_existing_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    old = os.umask(0o027)
    try:
        atomic_write(target, "one")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    target.chmod(0o604)
    atomic_write(target, "two")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.read_text() == "two"


@needs_root
def test_root_keeps_the_owner_of_a_users_file(tmp_path: Path) -> None:
    target = tmp_path / "users.csv"
    target.write_text("old")
    os.chown(target, 65534, 65534)
    atomic_write(target, "new")
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)
    assert target.read_text() == "new"


def test_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    atomic_write("rel.txt", "x")
    assert (tmp_path / "rel.txt").read_text() == "x"
    assert _names(tmp_path) == ["rel.txt"]


def test_symlink_writes_through_and_stays_a_link(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "target.csv"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert atomic_write(link, "new") == real
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    # the temporary file was made next to the real file, not next to the link
    assert _names(real_dir) == ["target.csv"]
    assert _names(tmp_path) == ["link.csv", "real"]


def test_chain_of_symlinks_and_dangling_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    (tmp_path / "one").symlink_to(tmp_path / "two")
    (tmp_path / "two").symlink_to(real)  # dangling until written
    atomic_write(tmp_path / "one", "through two links")
    assert real.read_text() == "through two links"
    assert (tmp_path / "one").is_symlink() and (tmp_path / "two").is_symlink()


def test_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(tmp_path / "a", "x")
    assert "loop" in str(caught.value)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(tmp_path, "x")
    assert caught.value.errno == errno.EISDIR
    assert str(caught.value) == f"{tmp_path} is a folder, not a file."
    assert _names(tmp_path) == []


def test_a_path_ending_in_a_slash_names_a_folder(tmp_path: Path) -> None:
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(f"{tmp_path}/new.md/", "x")
    assert str(caught.value) == f"{tmp_path}/new.md/ names a folder, not a file."
    assert _names(tmp_path) == []


def test_symlink_to_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "dir")
    with pytest.raises(AtomicWriteError, match="is a folder, not a file"):
        atomic_write(tmp_path / "link", "x")
    assert (tmp_path / "link").is_symlink() and (tmp_path / "dir").is_dir()


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(fifo, "x")
    assert "named pipe" in str(caught.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _names(tmp_path) == ["pipe"]


def test_socket_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # AF_UNIX paths are short
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind("sock")
        with pytest.raises(AtomicWriteError, match="socket"):
            atomic_write("sock", "x")
        assert stat.S_ISSOCK(os.lstat(tmp_path / "sock").st_mode)
    finally:
        server.close()


def test_symlink_to_a_fifo_is_refused_and_stays(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "pipe")
    with pytest.raises(AtomicWriteError, match="named pipe"):
        atomic_write(link, "x")
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    assert _names(tmp_path) == ["out.csv", "pipe"]


def device_node(folder: Path, name: str = "full") -> Path:
    """A character device like /dev/full (1, 7) made in ``folder``: the tests never risk the
    real /dev (an atomic writer that forgets the check would replace the node with a file).
    Skips unless running as root with the right to make device nodes."""
    if not IS_ROOT or not hasattr(os, "mknod"):
        pytest.skip("making a device node needs root")
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


@pytest.mark.parametrize("via_link", [False, True])
def test_device_nodes_stay_devices_as_root(tmp_path: Path, via_link: bool) -> None:
    device = device_node(tmp_path)
    target = device
    if via_link:
        target = tmp_path / "link"
        target.symlink_to(device)
    before = os.lstat(device)
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(target, "x")
    assert str(caught.value) == f"{device} is a character device, not a regular file."
    after = os.lstat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert _names(tmp_path) == sorted(["full", "link"] if via_link else ["full"])


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(tmp_path / "missing" / "x.md", "x")
    assert caught.value.errno == errno.ENOENT
    assert str(caught.value) == (
        f"The folder {tmp_path / 'missing'} does not exist (No such file or directory)."
    )
    assert caught.value.reason.startswith("the folder ")


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(AtomicWriteError, match="is not a folder"):
        atomic_write(tmp_path / "file" / "x.md", "x")


@needs_non_root
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(AtomicWriteError, match="permission to write in the folder"):
            atomic_write(folder / "x.md", "x")
        assert _names(folder) == []
    finally:
        folder.chmod(0o755)


@needs_non_root
def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "keep.md"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(AtomicWriteError, match="is read-only"):
        atomic_write(target, "new")
    assert target.read_text() == "old"


def test_file_without_write_permission_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above, simulated so that it also runs as root."""
    target = tmp_path / "keep.md"
    target.write_text("old")
    monkeypatch.setattr(aw.os, "access", lambda *_a, **_k: False)
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(target, "new")
    assert str(caught.value) == f"The file {target} is read-only."
    assert target.read_text() == "old" and _names(tmp_path) == ["keep.md"]


def _fail(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    real = getattr(os, name)

    def failing(*args: Any, **kwargs: Any) -> Any:
        if name == "open" and not (args[1] & os.O_CREAT):
            return real(*args, **kwargs)  # opening the folder to fsync it
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(aw.os, name, failing)


@pytest.mark.parametrize(
    ("step", "code", "sentence"),
    [
        ("open", errno.EROFS, "The folder {dir} is read-only"),
        ("open", errno.EACCES, "You do not have permission to write in the folder {dir}"),
        ("write", errno.ENOSPC, "The disk is full"),
        ("write", errno.EDQUOT, "Your disk quota is used up"),
        ("fsync", errno.EIO, "The disk reported an input/output error"),
        ("replace", errno.EROFS, "The folder {dir} is read-only"),
        ("replace", errno.EBUSY, "The file or its folder is in use"),
    ],
)
def test_os_errors_become_sentences_and_leave_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, code: int, sentence: str
) -> None:
    target = tmp_path / "keep.csv"
    target.write_bytes(b"old")
    _fail(monkeypatch, step, code)
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(target, "new")
    message = str(caught.value)
    assert message.startswith(sentence.format(dir=tmp_path)), message
    assert message.endswith(f"({os.strerror(code)}).")
    assert "\n" not in message and "Errno" not in message
    assert caught.value.errno == code and caught.value.filename == str(target)
    assert isinstance(caught.value, OSError)
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["keep.csv"]


def test_unknown_errno_still_reads_as_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail(monkeypatch, "write", errno.ESTALE)
    with pytest.raises(AtomicWriteError) as caught:
        atomic_write(tmp_path / "x", "x")
    assert str(caught.value) == f"{os.strerror(errno.ESTALE)}."
    assert _names(tmp_path) == []


def test_encoding_error_touches_nothing(tmp_path: Path) -> None:
    target = tmp_path / "keep.md"
    target.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(target, "bad \ud800")
    assert target.read_text() == "old" and _names(tmp_path) == ["keep.md"]


def test_writer_callback_gets_a_seekable_binary_file(tmp_path: Path) -> None:
    import zipfile

    target = tmp_path / "out.zip"

    def write(fh: Any) -> None:
        with zipfile.ZipFile(fh, "w") as package:
            package.writestr("a.txt", "内容")

    atomic_write_with(target, write)
    with zipfile.ZipFile(target) as package:
        assert package.read("a.txt").decode() == "内容"
    assert _names(tmp_path) == ["out.zip"]


def test_writer_callback_failure_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.apkg"
    target.write_bytes(b"old")

    def write(fh: Any) -> None:
        fh.write(b"partial")
        raise RuntimeError("genanki broke")

    with pytest.raises(RuntimeError, match="genanki broke"):
        atomic_write_with(target, write)

    def full(fh: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(AtomicWriteError, match="The disk is full"):
        atomic_write_with(target, full)
    assert target.read_bytes() == b"old" and _names(tmp_path) == ["keep.apkg"]


def test_long_file_name(tmp_path: Path) -> None:
    name = "词" * 80 + ".csv"  # 243 bytes: a valid name, too long with a temp suffix added
    atomic_write(tmp_path / name, "x")
    assert _names(tmp_path) == [name]

"""Hostile and clumsy input, tried as a user would: malicious YAML, file-system faults,
hostile imports and archives, control characters in names, bad arguments.

Every case runs the real command in a child process with a time limit and must end with
exit 0, 1 or 2, one-line errors (no traceback, no "internal error"), and no file changed
(none of these commands may change anything when refusing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, materialise, tree_digest

TIME_LIMIT = 60  # seconds per command; the hangs this guards against took minutes
EN = "annotations/spans/demo-en.yaml"
TEXT_EN = "corpus/documents/demo-en.txt"


def corpus_tools(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "CORPUS_TOOLS_DEBUG": ""}
    return subprocess.run([sys.executable, "-m", "corpus_tools.cli", *args], cwd=root,
                          capture_output=True, text=True, timeout=TIME_LIMIT, env=env,
                          check=False)


def assert_clean_failure(done: subprocess.CompletedProcess[str], expected: set[int],
                         needle: str = "") -> None:
    output = done.stdout + done.stderr
    assert done.returncode in expected, output[-2000:]
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    assert "\x1b" not in output
    if needle:
        assert needle in output, output[-2000:]


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines)


def _edit(relative: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def _write(relative: str, data: bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / relative).write_bytes(data)
    return apply


def _alias_bomb_in_note(root: Path) -> None:
    path = root / EN
    text = path.read_text(encoding="utf-8")
    bomb = _bomb().replace("\n", "\n  ")  # under provenance:, as a typed field's neighbours
    path.write_text(text.replace("  note: hand-made test fixture",
                                 f"  note: *a8\n  x-bomb:\n    {bomb}"), encoding="utf-8")
    assert len(path.read_bytes()) < 4000


def _symlink_loop(root: Path) -> None:
    path = root / TEXT_EN
    path.unlink()
    path.symlink_to(path.name)


def _directory_for_text(root: Path) -> None:
    (root / TEXT_EN).unlink()
    (root / TEXT_EN).mkdir()


def _span_id(span_id: str) -> Callable[[Path], None]:
    return _edit(EN, lambda t: t.replace("{id: e4,", "{id: " + json.dumps(span_id) + ","))


def _hostile_file_name(root: Path) -> None:
    (root / "corpus/documents/evil\n::error file=x::forged\x1b[31m.txt").write_text("text\n")


# (name, set-up, command, allowed exit codes, text the output must hold)
CASES: list[tuple[str, Callable[[Path], None], list[str], set[int], str]] = [
    ("alias bomb: validate", _alias_bomb_in_note, ["validate"], {1}, "[L1 yaml-limit]"),
    ("alias bomb: build", _alias_bomb_in_note, ["build"], {1}, "yaml-limit"),
    ("alias bomb: fix", _alias_bomb_in_note, ["fix", EN], {1}, "yaml-limit"),
    ("alias bomb: stats", _alias_bomb_in_note, ["stats"], {0, 1}, ""),
    ("alias bomb: render", _alias_bomb_in_note, ["render", "--out", "../html"], {1}, ""),
    ("alias bomb: export", _alias_bomb_in_note, ["export", "--to", "brat", "../brat"], {1}, ""),
    ("10^5 nested [", _write(EN, b"[" * 100_000), ["validate"], {1}, "nested more than"),
    ("10^4 nested mappings", _write(EN, b"a: {" * 10_000), ["validate"], {1},
     "nested more than"),
    ("deep block mappings", _write(EN, "".join(" " * i + "a:\n" for i in range(3000))
                                   .encode()), ["validate"], {1}, "nested more than"),
    ("20 MB YAML file", _write(EN, b"# " + b"x" * (20 * 1024 * 1024) + b"\n"), ["validate"],
     {1}, "larger than 16 MiB"),
    ("a directory where a text should be", _directory_for_text, ["validate"], {1}, ""),
    ("a directory where a text should be: fix", _directory_for_text, ["fix", EN], {1}, ""),
    ("a directory where a text should be: build", _directory_for_text, ["build"], {1}, ""),
    ("an unreadable text (symlink loop)", _symlink_loop, ["validate"], {1}, ""),
    ("an unreadable text: render", _symlink_loop, ["render", "--out", "../html"], {0, 1}, ""),
    ("non-UTF-8 text: render", _write(TEXT_EN, b"caf\xe9\n"), ["render", "--out", "../html"],
     {1}, "demo-en.txt"),
    ("non-UTF-8 text: export", _write(TEXT_EN, b"caf\xe9\n"),
     ["export", "--to", "brat", "../brat"], {1}, "demo-en.txt"),
    ("unsafe --set: stats", lambda root: None, ["stats", "--set", "../../etc"], {2},
     "unsafe document id"),
    ("unsafe --set: export", lambda root: None, ["export", "--to", "brat", "../b", "--set",
                                                 "a/b"], {2}, "unsafe"),
    ("unsafe --set: render", lambda root: None, ["render", "--out", "../h", "--set", ".."],
     {1, 2}, ""),
    ("unsafe --set: import", lambda root: None, ["import", "--from", "brat", ".", "--set",
                                                 "../x"], {1, 2}, ""),
    ("a span file named -rf.yaml", _write("annotations/spans/-rf.yaml", b"x: 1\n"),
     ["validate"], {1}, "[L1 file-name]"),
    ("a span file named -rf.yaml: fix", _write("annotations/spans/-rf.yaml", b"x: 1\n"),
     ["fix", "--", "annotations/spans/-rf.yaml"], {1}, ""),
    ("export onto a file", lambda root: (root.parent / "a-file").write_text("x"),
     ["export", "--to", "brat", "../a-file"], {1}, "a-file"),
    ("span id with a newline and an escape", _span_id("e4\n::error::forged\x1b[2J"),
     ["validate"], {1}, "\\n::error::forged\\x1b[2J"),
    ("span id with a newline: github format", _span_id("e4\n::error::forged\x1b[2J"),
     ["validate", "--format", "github"], {1}, "::e4\\n::error::forged\\x1b[2J"),
    ("span id with a newline: fix", _span_id("e4\n\x1b[2J"), ["fix", EN], {0, 1}, ""),
    ("file name with a newline", _hostile_file_name, ["validate"], {1}, "evil\\n::error"),
    ("file name with a newline: github", _hostile_file_name,
     ["validate", "--format", "github"], {1}, ""),
    ("corrupt cache rows", lambda root: _corrupt_cache(root), ["validate"], {0}, "clean"),
    ("--max-per-check -1", lambda root: None, ["validate", "--max-per-check", "-1"], {2},
     "at least 1"),
    ("add /dev/zero", lambda root: None, ["add", "/dev/zero", "--lang", "en"], {1},
     "not a regular file"),
    ("add a FIFO", lambda root: os.mkfifo(root.parent / "fifo"),
     ["add", "../fifo", "--lang", "en"], {1}, "not a regular file"),
    ("add a directory", lambda root: None, ["add", "corpus", "--lang", "en"], {1},
     "not a regular file"),
    ("add a text over the size limit", lambda root: (root.parent / "big.txt").write_bytes(
        b"word " * 300_000), ["add", "../big.txt", "--lang", "en"], {1}, "larger than"),
    ("add with an unsafe id", lambda root: None, ["add", TEXT_EN, "--lang", "en", "--id",
                                                  "../x"], {1}, "unsafe"),
]

#: Commands whose output lines must all be findings or the summary (nothing forged).
LINE_FORMATS = {"validate": (": error: [", ": warning: [", "..."),
                "github": ("::error file=", "::warning file=")}


def _corrupt_cache(root: Path) -> None:
    import sqlite3

    corpus_tools(root, "validate")
    database = sqlite3.connect(root / ".cache/corpus-tools/validate.sqlite")
    with database:
        database.execute("UPDATE run SET value = '[{\"broken' "
                         "WHERE part IN ('result', 'findings', 'units', 'head')")
    database.close()


@pytest.mark.parametrize("name,setup,command,codes,needle", CASES, ids=[c[0] for c in CASES])
def test_hostile_input(tmp_path: Path, name: str, setup: Callable[[Path], None],
                       command: list[str], codes: set[int], needle: str) -> None:
    root = materialise(tmp_path / "corpus")
    setup(root)
    before = tree_digest(root)
    done = corpus_tools(root, *command)
    assert_clean_failure(done, codes, needle)
    assert tree_digest(root) == before
    if command[0] == "validate" and done.returncode != 2:
        github = "github" in command
        lines = done.stdout.splitlines()
        starts = LINE_FORMATS["github" if github else "validate"]
        for line in lines[:-1]:
            assert any(s in line for s in starts) if not github else line.startswith(starts), \
                line
        assert " files checked: " in lines[-1]


def test_missing_schema_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from corpus_tools import schema
    from corpus_tools.checks import structure
    from corpus_tools.cli import main
    from corpus_tools.io import yamlfile

    root = materialise(tmp_path / "corpus")
    monkeypatch.setattr(schema, "schema_dir", lambda: tmp_path / "no-schemas")
    for cached in (schema.load_schema, yamlfile._compiled_schema, structure._full_validator):
        cached.cache_clear()
    try:
        for command in (["validate", "--no-cache", str(root)], ["stats", "--root", str(root)],
                        ["build", "--root", str(root)]):
            assert main(command) == 1
            err = capsys.readouterr().err
            assert "schema.json: No such file or directory" in err, err
            assert "internal error" not in err and err.count("\n") == 1
    finally:
        for cached in (schema.load_schema, yamlfile._compiled_schema, structure._full_validator):
            cached.cache_clear()


@pytest.mark.parametrize("command", [["fix"], ["export", "--to", "brat"], ["render", "--out"]])
def test_read_only_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys,  # type: ignore[no-untyped-def]
                           command: list[str]) -> None:
    """A folder that refuses new files (as `chmod a-w` does for anyone but root)."""
    import tempfile

    from corpus_tools.cli import main

    root = materialise(tmp_path / "corpus")
    if command == ["fix"]:  # so that fix has something to write
        (root / EN).write_text((root / EN).read_text(encoding="utf-8").replace(
            "start: 0, end: 2, ", ""), encoding="utf-8")
    before = tree_digest(root)

    def refuse(*args: object, dir: object = None, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    target = {"fix": [str(root / EN)], "export": [str(tmp_path / "out")],
              "render": [str(tmp_path / "html")]}[command[0]]
    real_mkdir = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if tmp_path / "corpus" not in (self, *self.parents):
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    code = main([*command, *target, *([] if command[0] == "fix" else ["--root", str(root)])])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Permission denied" in err and "internal error" not in err
    assert tree_digest(root) == before


def _label_studio_export(root: Path, out: Path) -> Path:
    assert corpus_tools(root, "export", "--to", "labelstudio", str(out)).returncode == 0
    return out / "tasks.json"


def test_repeated_task_import_is_refused(tmp_path: Path) -> None:
    root = materialise(tmp_path / "corpus")
    tasks_path = _label_studio_export(root, tmp_path / "ls")
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    tasks_path.write_text(json.dumps([tasks[0]] * 1000), encoding="utf-8")
    before = tree_digest(root)
    done = corpus_tools(root, "import", "--from", "labelstudio", str(tmp_path / "ls"),
                        "--replace")
    assert_clean_failure(done, {1}, "import-duplicate-document")
    assert "replaced" not in done.stdout
    assert tree_digest(root) == before


def _package(path: Path, metadata: bytes, *, compression: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("pkg/metadata.json", metadata)
        archive.writestr("pkg/model/model.bin", b"\0" * 16)
    return path


def _damage_member(path: Path, payload: bytes) -> None:
    data = path.read_bytes()
    index = data.index(payload)
    path.write_bytes(data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1:])


def test_hostile_translation_packages(tmp_path: Path) -> None:
    from corpus_tools.translate.archive import PackageError, inspect_archive

    metadata = json.dumps({"from_code": "nl", "to_code": "en", "package_version": "1"})
    crc = _package(tmp_path / "crc.argosmodel", metadata.encode())
    _damage_member(crc, b'"from_code"')
    inflating = _package(tmp_path / "big.argosmodel", b" " * (64 * 1024 * 1024),
                         compression=zipfile.ZIP_DEFLATED)
    assert inflating.stat().st_size < 1024 * 1024
    for path, reason in ((crc, "damaged"), (inflating, "over")):
        with pytest.raises(PackageError, match=reason):
            inspect_archive(path)
    root = materialise(tmp_path / "corpus")
    before = tree_digest(root)
    for path in (crc, inflating):
        done = corpus_tools(root, "translate", "--package", str(path), "--no-progress")
        assert_clean_failure(done, {1}, path.name)
    assert tree_digest(root) == before

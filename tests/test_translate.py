"""The real argostranslate path, offline, on a tiny package the tests build themselves."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.argos_tiny import build_package

from conftest import materialise
from corpus_tools.checks.runner import validate
from corpus_tools.cli import main
from corpus_tools.io.yamlio import load_safe
from corpus_tools.translate.archive import PackageError, inspect_archive
from corpus_tools.translate.engine import BatchTranslator
from corpus_tools.translate.packages import find_package, install_package
from corpus_tools.translate.pipeline import NoPackage, translate_corpus

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def tiny_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("argos") / "translate-nl_en-tiny.argosmodel")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(autouse=True)
def restore_environment() -> Iterator[None]:
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def corpus(tmp_path: Path, tiny_package: Path) -> Path:
    root = materialise(tmp_path / "corpus")
    install_package(root, tiny_package)
    return root


def test_install_translate_and_validate(corpus: Path) -> None:
    package = find_package(corpus, "nl", "en")
    assert package is not None and package.has_sentence_model
    assert (corpus / ".cache/argos/packages" / package.path.name / "model/model.bin").exists()
    run = translate_corpus(corpus, ["demo-nl"], progress=False)
    (path,) = run.written
    assert path.name == "demo-nl.en.argos-nl-en-0.1.yaml"
    data = load_safe(path.read_text(encoding="utf-8"))
    assert data["provenance"]["kind"] == "machine"
    assert data["provenance"]["package"]["sha256"] == package.archive_sha256
    assert set(data["provenance"]["engine_versions"]) >= {"argostranslate", "ctranslate2"}
    assert data["provenance"]["settings"]["beam_size"] == 4
    assert [s["id"] for s in data["segments"]] == ["s1", "s2", "s3", "s4"]
    findings = validate(corpus, use_cache=False).findings
    # the tiny model's nonsense is not English, and may be empty: nothing else is wrong
    assert {f.check for f in findings} <= {"translation-language", "untranslated-segment"}
    assert all(f.file == "corpus/translations/demo-nl.en.argos-nl-en-0.1.yaml" for f in findings)


def test_batched_output_equals_argostranslate(corpus: Path) -> None:
    from argostranslate import translate as argos

    argos.get_installed_languages.cache_clear()
    languages = {language.code: language for language in argos.get_installed_languages()}
    reference = languages["nl"].get_translation(languages["en"])
    texts = []
    for path in sorted((REPO / "corpus" / "segments").glob("*.yaml")):
        segmentation = load_safe(path.read_text(encoding="utf-8"))
        texts += [s["text"] for s in segmentation["segments"]]
    texts += ["Twee zinnen. In één segment!", "Regel een\nregel twee.", "", "  "]
    package = find_package(corpus, "nl", "en")
    assert package is not None
    engine = BatchTranslator(package)
    batched = engine.translate(texts)
    assert engine.model_calls == 1
    assert batched == [reference.translate(text) for text in texts]


def test_rerun_makes_no_model_call(corpus: Path) -> None:
    first = translate_corpus(corpus, ["demo-nl"], progress=False)
    assert first.model_calls == 1 and first.cache_hits == 0
    before = first.written[0].read_bytes()
    second = translate_corpus(corpus, ["demo-nl"], progress=False)
    assert second.model_calls == 0 and second.cache_hits == second.segments == 4
    assert second.written[0].read_bytes() == before


def test_output_is_the_same_whatever_jobs(tmp_path: Path, tiny_package: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus_tools.translate import pipeline

    monkeypatch.setattr(pipeline, "CHUNK", 1)  # one chunk a segment: the pool gets 4 chunks
    written = {}
    for jobs in (1, 2):
        root = materialise(tmp_path / f"jobs-{jobs}")
        install_package(root, tiny_package)
        run = translate_corpus(root, ["demo-nl"], progress=False, jobs=jobs)
        assert run.model_calls == 4
        written[jobs] = [(p.name, p.read_bytes()) for p in run.written]
    assert written[1] == written[2]
    assert main(["translate", "demo-nl", "--root", str(tmp_path / "jobs-2"), "--jobs", "2",
                 "--no-progress"]) == 0  # the CLI takes --jobs (all from the cache now)
    assert [(p.name, p.read_bytes()) for p in
            sorted((tmp_path / "jobs-2/corpus/translations").glob("*argos*"))] == written[1]


def test_no_package_says_how_and_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = materialise(tmp_path / "corpus")
    before = sorted(p.name for p in (root / "corpus/translations").iterdir())
    with pytest.raises(NoPackage, match="no argos package for nl->en"):
        translate_corpus(root, ["demo-nl"], progress=False)
    assert main(["translate", "demo-nl", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "corpus-tools translate --package PATH.argosmodel" in err
    assert sorted(p.name for p in (root / "corpus/translations").iterdir()) == before


def test_cli_translates_and_scores(tmp_path: Path, tiny_package: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    root = materialise(tmp_path / "corpus")
    code = main(["translate", "--to", "en", "demo-nl", "--package", str(tiny_package),
                 "--root", str(root), "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0
    assert "installed translate-nl_en-tiny 0.1 (nl->en)" in out
    assert "wrote corpus/translations/demo-nl.en.argos-nl-en-0.1.yaml" in out
    assert "argos-nl-en-0.1 nl->en: BLEU" in out and "chrF" in out
    assert "version:" in out  # the sacrebleu signature


def _zip(path: Path, members: dict[str, bytes], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    return path


META = json.dumps({"from_code": "nl", "to_code": "en"}).encode()


@pytest.mark.parametrize(("members", "link", "message"), [
    ({"/abs/metadata.json": META}, None, "absolute member path"),
    ({"pkg/../../evil.txt": b"x", "pkg/metadata.json": META}, None, "escapes the archive"),
    ({"a/metadata.json": META, "b/model/x": b""}, None, "2 top-level entries"),
    ({"pkg/model/model.bin": b""}, None, "no pkg/metadata.json"),
    ({"pkg/metadata.json": META}, None, "no pkg/model/"),
    ({"pkg/metadata.json": b"{", "pkg/model/m": b""}, None, "not JSON"),
    ({"pkg/metadata.json": b"{}", "pkg/model/m": b""}, None, "no from_code/to_code"),
    ({"pkg/metadata.json": META, "pkg/model/m": b""}, "pkg/model/link", "is a link"),
])
def test_hostile_archives_are_refused(tmp_path: Path, members: dict[str, bytes],
                                      link: str | None, message: str) -> None:
    archive = _zip(tmp_path / "bad.argosmodel", members, link=link)
    with pytest.raises(PackageError, match=message):
        inspect_archive(archive)
    root = materialise(tmp_path / "corpus")
    with pytest.raises(PackageError):
        install_package(root, archive)
    packages = root / ".cache/argos/packages"
    assert not packages.exists() or list(packages.iterdir()) == []  # nothing extracted


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.argosmodel"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(PackageError, match="not a zip archive"):
        inspect_archive(path)


def test_package_without_sentence_model_is_refused(tmp_path: Path, tiny_package: Path) -> None:
    stripped = tmp_path / "no-sbd.argosmodel"
    with zipfile.ZipFile(tiny_package) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            if "/minisbd/" not in item.filename:
                target.writestr(item, source.read(item))
    root = materialise(tmp_path / "corpus")
    package = install_package(root, stripped)
    with pytest.raises(PackageError, match="no minisbd"):
        BatchTranslator(package)


def test_core_works_without_argostranslate(tmp_path: Path) -> None:
    root = materialise(tmp_path / "corpus")
    script = (
        "import sys\n"
        "for name in ('argostranslate', 'ctranslate2', 'torch'): sys.modules[name] = None\n"
        "from corpus_tools.cli import main\n"
        f"assert main(['validate', {str(root)!r}]) == 0\n"
        f"code = main(['translate', '--root', {str(root)!r}])\n"
        "assert 'torch' not in sys.modules or sys.modules['torch'] is None\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 1, result.stderr
    assert "argostranslate is not installed" in result.stderr
    assert result.stderr.count("\n") == 1
    shutil.rmtree(root)

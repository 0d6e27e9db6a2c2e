"""The pre-commit hooks and the example CI workflow: real pre-commit runs the hooks on a
corpus repository, and every command the workflow runs is a valid corpus-tools call."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pre_commit.clientlib import load_manifest

from conftest import REPO
from corpus_tools.cli import build_parser, main
from corpus_tools.io.yamlio import load_safe

MANIFEST = REPO / ".pre-commit-hooks.yaml"
WORKFLOW = REPO / ".github" / "workflows" / "corpus.yml"


def test_pre_commit_accepts_the_hook_manifest() -> None:
    hooks = load_manifest(str(MANIFEST))
    assert {h["id"] for h in hooks} == {"corpus-tools-validate", "corpus-tools-fix-check"}
    for hook in hooks:
        build_parser().parse_args(shlex.split(hook["entry"])[1:])


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _run_hooks(repo: Path) -> subprocess.CompletedProcess[str]:
    """The manifest's hooks as local hooks (language: system, so pre-commit uses the
    installed corpus-tools instead of building an environment from the network)."""
    hooks = []
    for hook in load_safe(MANIFEST.read_text(encoding="utf-8")):
        hooks.append({**hook, "language": "system"})
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    # JSON is YAML: no dumper needed for the config.
    (repo / ".pre-commit-config.yaml").write_text(json.dumps(config), encoding="utf-8")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_hooks(make_corpus: Callable[[str | None], Path]) -> None:
    good = make_corpus(None)
    _git(good, "init", "-q")
    passed = _run_hooks(good)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "corpus-tools validate" in passed.stdout and "Passed" in passed.stdout

    bad = make_corpus("text-mismatch")
    _git(bad, "init", "-q")
    failed = _run_hooks(bad)
    assert failed.returncode == 1
    assert "text-mismatch" in failed.stdout and "Failed" in failed.stdout


def test_the_workflow_runs_valid_commands_with_github_annotations(
        make_corpus: Callable[[str | None], Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    workflow = load_safe(WORKFLOW.read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["validate"]["steps"] if "run" in step]
    calls = [shlex.split(c)[1:] for c in commands if c.startswith("corpus-tools ")]
    assert ["validate", "--format", "github"] in calls
    for call in calls:
        build_parser().parse_args(call)
    monkeypatch.chdir(make_corpus("text-mismatch"))
    assert main(["validate", "--format", "github"]) == 1
    assert "::error file=annotations/spans/" in capsys.readouterr().out

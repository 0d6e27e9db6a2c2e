"""A real Label Studio server: a project made from our config, our tasks imported over its
REST API, an annotation submitted as the editor submits it, the project exported through its
export endpoint and read back by ``corpus-tools import``.

Label Studio pins many packages, so it lives in its own virtual environment,
``.venv-labelstudio`` (``make labelstudio``; ``make test`` builds it). Set
``CORPUS_TOOLS_LABELSTUDIO`` to another ``label-studio`` executable to use that. Without one
the test skips, except in CI (``CI=true``) or with ``CORPUS_TOOLS_REQUIRE_LABELSTUDIO=1``,
where it fails. The server listens on 127.0.0.1 only, keeps all its data in a temporary
directory and is always stopped.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from corpus_tools.cli import main
from corpus_tools.interchange.base import Layers
from corpus_tools.interchange.canonical import assign_ids, canonical_hints
from corpus_tools.interchange.exchange import export_corpus
from corpus_tools.io.corpus import load_span_file, load_text
from corpus_tools.layout import Layout, parse_text_id
from corpus_tools.model import EntityMention, Span
from test_interchange_apps import editor_requires, region_kinds

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 300  # a fresh data directory runs all migrations first (~50 s measured)
REQUEST_SECONDS = 60
TOKEN = "corpus-tools-test-token"


def label_studio_executable() -> Path:
    return Path(os.environ.get("CORPUS_TOOLS_LABELSTUDIO")
                or REPO / ".venv-labelstudio" / "bin" / "label-studio")


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true" or os.environ.get("CORPUS_TOOLS_REQUIRE_LABELSTUDIO") == "1":
        pytest.fail(f"Label Studio server: {reason}")
    pytest.skip(f"Label Studio server: {reason} (make labelstudio; set "
                "CORPUS_TOOLS_REQUIRE_LABELSTUDIO=1 to make this a failure)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path

    def call(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            self.url + path, method=method,
            data=None if body is None else json.dumps(body).encode("utf-8"),
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:500]!r}") from None


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    executable = label_studio_executable()
    if not executable.exists():
        unavailable(f"{executable} is missing")
    data_dir = tmp_path_factory.mktemp("label-studio")
    port = free_port()
    env = {**os.environ, "HOME": str(data_dir), "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
           "COLLECT_ANALYTICS": "false", "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": ""}
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [str(executable), "start", "--internal-host", "127.0.0.1", "--port", str(port),
         "--no-browser", "--data-dir", str(data_dir), "--username", "tester@example.org",
         "--password", "corpus-tools-test", "--user-token", TOKEN,
         "--enable-legacy-api-token"],
        cwd=data_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", data_dir)
    repository_before = sorted(os.listdir(REPO))
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                tail = (data_dir / "server.log").read_text(errors="replace")[-800:]
                unavailable(f"exited with {process.returncode}: {tail}")
            try:
                with urllib.request.urlopen(server.url + "/health", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                unavailable(f"not answering on {server.url} after {STARTUP_SECONDS} s")
            time.sleep(1)
        yield server
    finally:
        # The server's own process group: label-studio starts Django in child processes.
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
        log.close()
    assert sorted(os.listdir(REPO)) == repository_before, "the server wrote into the repository"


def editor_bundle_rule() -> str:
    """The installed editor's per-region ``required`` check (mixins/Required.js), from the
    source map Label Studio ships with its frontend."""
    site = label_studio_executable().resolve().parents[1] / "lib"
    maps = sorted(site.glob("python3*/site-packages/web/dist/apps/labelstudio/*.js.map"))
    for path in maps:
        source_map = json.loads(path.read_text(encoding="utf-8"))
        for name, content in zip(source_map.get("sources", []),
                                 source_map.get("sourcesContent", []), strict=False):
            if name.endswith("editor/src/mixins/Required.js"):
                return str(content)
    raise AssertionError(f"no mixins/Required.js in {len(maps)} source maps")


def test_the_installed_editor_enforces_required_choices_as_our_rule_says() -> None:
    if not label_studio_executable().exists():
        unavailable(f"{label_studio_executable()} is missing")
    source = " ".join(editor_bundle_rule().split())
    for step in ('if (self.visiblewhen === "region-selected") { if (self.whentagname) {',
                 "const label = reg.labeling?.from_name?.name;",
                 "if (label && label !== self.whentagname) continue;",
                 "if (self.whenlabelvalue && !reg.hasLabel(self.whenlabelvalue)) { continue; }",
                 "if (!s?.hasValue) {"):
        assert step in source, step


def _editor_id(number: int) -> str:
    """A region id as the editor makes them: ten random letters and digits."""
    return f"Nw{number:08d}"[-10:]


def edit_as_an_annotator(result: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Three edits made in the editor: a new entity region (no claim attributes), one region
    deleted, one per-region choice changed; the editor marks what it sends ``manual``."""
    removed = next(r["id"] for r in result
                   if r["type"] == "labels" and r["value"]["text"] == "the end of the year")
    edited = [dict(r, origin="manual") for r in result if r.get("id") != removed
              and removed not in (r.get("from_id"), r.get("to_id"))]
    for item in edited:
        if item.get("from_name") == "checkworthy" and item["value"]["start"] == \
                text.index("Venezuela has rejected"):
            item["value"] = dict(item["value"], choices=["yes"])
    start = text.index("drug cartels")
    edited.append({"id": _editor_id(1), "from_name": "entity", "to_name": "text",
                   "type": "labels", "origin": "manual",
                   "value": {"start": start, "end": start + 12, "text": "drug cartels",
                             "labels": ["ORG"]}})
    return edited


def expected_after_edits(layers: Layers, text: str) -> Layers:
    start = text.index("drug cartels")
    entities = [e for e in layers.entities if e.span.text != "the end of the year"]
    entities.append(EntityMention("new", "ORG", Span(start, start + 12, "drug cartels")))
    claims = [replace(c, checkworthy=True) if c.span.text.startswith("Venezuela has rejected")
              else c for c in layers.claims]
    return replace(layers, entities=tuple(entities), claims=tuple(claims))


def same_content(a: Layers, b: Layers, text: str) -> bool:
    return assign_ids(canonical_hints(a, text), keep=False)[0] == \
        assign_ids(canonical_hints(b, text), keep=False)[0]


def test_an_annotation_submitted_in_label_studio_comes_back_exactly(
        label_studio: Server, make_corpus: Callable[[str | None], Path],
        tmp_path: Path) -> None:
    root = make_corpus(None)
    layout = Layout(root)
    export_corpus(root, "labelstudio", tmp_path / "ls")
    config = (tmp_path / "ls" / "labeling-config.xml").read_text(encoding="utf-8")
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    project = label_studio.call("POST", "/api/projects",
                                {"title": "corpus-tools round trip", "label_config": config})
    imported = label_studio.call("POST", f"/api/projects/{project['id']}/import", tasks)
    # both originals and both translation-side texts (they are texts like any other)
    assert imported["task_count"] == len(tasks) == 4
    listed = label_studio.call("GET", f"/api/tasks?project={project['id']}&fields=all")
    by_doc = {t["data"]["doc_id"]: t for t in listed["tasks"]}
    assert len(by_doc["demo-en"]["annotations"]) == 1  # ours came in with the task

    text = layout.text_path("demo-en").read_text(encoding="utf-8")
    original = Layers.of(load_span_file(layout.span_path("demo-en", "spans")))
    submitted = edit_as_an_annotator(tasks[0]["annotations"][0]["result"], text)
    # The editor would save this: every region has each choice it demands.
    controls = [c for c in ET.fromstring(config).iter() if c.attrib.get("required") == "true"]
    kinds = set(region_kinds(ET.fromstring(config)))
    values = {(r["id"], r["from_name"]) for r in submitted if r["type"] == "choices"}
    for region in (r for r in submitted if r["type"] == "labels"):
        kind = (region["from_name"], region["value"]["labels"][0])
        assert kind in kinds
        for control in controls:
            if editor_requires(control, *kind):
                assert (region["id"], control.attrib["name"]) in values, (region, control.attrib)
    label_studio.call("POST", f"/api/tasks/{by_doc['demo-en']['id']}/annotations/"
                      f"?project={project['id']}",
                      {"result": submitted, "was_cancelled": False, "lead_time": 42.0})

    export = label_studio.call("GET", f"/api/projects/{project['id']}/export?exportType=JSON")
    assert {len(t["annotations"]) for t in export} == {1, 2}
    (tmp_path / "back").mkdir()
    (tmp_path / "back" / "project-export.json").write_text(json.dumps(export), encoding="utf-8")
    assert main(["import", "--from", "labelstudio", str(tmp_path / "back"),
                 "--annotator", "ls-annotator", "--root", str(root)]) == 0

    back = Layers.of(load_span_file(layout.span_path("demo-en", "ls-annotator")))
    assert same_content(back, expected_after_edits(original, text), text)
    assert not same_content(back, original, text)
    kept = {e.id for e in original.entities} & {e.id for e in back.entities}
    assert len(kept) == len(original.entities) - 1  # ids survive; the deleted one is gone
    nl_text = layout.text_path("demo-nl").read_text(encoding="utf-8")
    assert same_content(Layers.of(load_span_file(layout.span_path("demo-nl", "ls-annotator"))),
                        Layers.of(load_span_file(layout.span_path("demo-nl", "spans"))), nl_text)
    translation = "demo-en.nl.reference"
    target = load_text(root, parse_text_id(translation))
    assert same_content(
        Layers.of(load_span_file(layout.span_path(translation, "ls-annotator"))),
        Layers.of(load_span_file(layout.span_path(translation, "spans"))), target)

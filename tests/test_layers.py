"""The package's import graph, function-local imports included: data flows
model -> io -> checks -> translate -> export -> cli, and no module imports itself back."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO
from corpus_tools.export.features import FEATURES
from corpus_tools.export.rows import ROWS
from corpus_tools.io.dataset import CONFIG_NAMES

PACKAGE = REPO / "src" / "corpus_tools"

#: Each module's layer, by its name or the package it is in (the longest prefix wins).
#: A module may import modules of its own layer or a lower one.
LAYERS = {
    # 0 model: the data model and its vocabularies, no reading or writing
    "corpus_tools": 0, "model": 0, "schema": 0, "labels": 0, "layout": 0, "palette": 0,
    "printable": 0, "anchor": 0, "scoring": 0, "wire": 0, "hashing": 0,
    "workers": 0,
    # 1 io: reading and writing corpus files (segment stores segmentations)
    "io": 1, "segment": 1,
    # 2 checks
    "checks": 2,
    # 3 translate
    "translate": 3,
    # 4 export and everything built on validated data
    "export": 4, "render": 4, "interchange": 4, "project": 4, "tasks": 4, "predict": 4,
    "suggest": 4, "agreement": 4, "stats": 4, "fix": 4, "migrate": 4, "add": 4,
    # 5 the command line
    "cli": 5,
}
NAMES = ["model", "io", "checks", "translate", "export", "cli"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")[1:] or ["corpus_tools"]
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYERS:
            return LAYERS[".".join(parts[:end])]
    raise AssertionError(f"{module} has no layer: add it to LAYERS in {__file__}")


def imports(path: Path, module: str) -> set[str]:
    """Every corpus_tools module ``path`` imports, at any depth of the code."""
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            # `from corpus_tools.x import y` may name a module y
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "corpus_tools"}


def graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {module: {name for name in imports(path, module) if name in paths and name != module}
            for module, path in paths.items()}


def test_every_import_points_down_the_layers() -> None:
    edges = graph()
    assert len(edges) > 80
    upward = sorted(f"{module} ({NAMES[layer(module)]}) imports {target} "
                    f"({NAMES[layer(target)]})"
                    for module, targets in edges.items() for target in targets
                    if layer(target) > layer(module))
    assert upward == []


def test_no_import_cycles() -> None:
    edges = graph()
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target] if target in path
                              else [module, target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_checker_sees_function_local_imports(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from corpus_tools.export.build import build\n",
                      encoding="utf-8")
    assert "corpus_tools.export.build" in imports(source, "corpus_tools.probe")


def test_the_validator_knows_every_config_the_build_writes() -> None:
    """io.dataset.CONFIG_NAMES names the configs (the features follow it); the build's
    rows must cover the same ones (the registry's are written after the last document)."""
    assert {*ROWS, "registry"} == set(CONFIG_NAMES) == set(FEATURES)


#: The scripts that may hash by themselves: the hashing module, and the build baseline,
#: which must not import corpus_tools.
HASHING_ALLOWED = {PACKAGE / "hashing.py", REPO / "benchmarks" / "baseline_build.py"}


def test_content_hashing_has_one_home() -> None:
    """Every SHA-256 in the package and its benchmarks comes from corpus_tools.hashing."""
    offenders = []
    for path in sorted([*PACKAGE.rglob("*.py"), *(REPO / "benchmarks").rglob("*.py")]):
        if path in HASHING_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] in {"hashlib", "_hashlib", "_sha256"} for name in names):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == [], "hash through corpus_tools.hashing instead"


def test_build_baseline_is_independent() -> None:
    """The build benchmark's baseline shares no code with what it is compared against."""
    tree = ast.parse((REPO / "benchmarks" / "baseline_build.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported and not {name.split(".")[0] for name in imported} & {"corpus_tools",
                                                                         "benchmarks"}

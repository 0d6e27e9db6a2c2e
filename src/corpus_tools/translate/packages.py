"""Install argos packages from local files into the project's packages directory, and
find installed ones. Nothing here downloads: there is no code path that could."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from corpus_tools.translate.archive import PackageError, inspect_archive
from corpus_tools.translate.environment import configure, require_argos

RECORD_SUFFIX = ".corpus-tools.json"  # beside each package: the archive it came from


@dataclass(frozen=True)
class InstalledPackage:
    path: Path
    code: str
    version: str
    from_code: str
    to_code: str
    archive_sha256: str | None
    has_sentence_model: bool

    @property
    def system(self) -> str:
        """The system name of its translations: argos-<from>-<to>-<version>."""
        version = "".join(c if c.isalnum() or c == "." else "-" for c in self.version.lower())
        return f"argos-{self.from_code}-{self.to_code}-{version or 'unversioned'}"


def _load(path: Path) -> InstalledPackage | None:
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    record_path = path.with_name(path.name + RECORD_SUFFIX)
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    return InstalledPackage(
        path=path,
        code=str(metadata.get("code") or path.name),
        version=str(metadata.get("package_version") or ""),
        from_code=str(metadata.get("from_code")),
        to_code=str(metadata.get("to_code")),
        archive_sha256=record.get("sha256"),
        has_sentence_model=any((path / "minisbd").glob("*.onnx")),
    )


def installed_packages(root: Path) -> list[InstalledPackage]:
    packages = configure(root)
    found = [_load(p) for p in sorted(packages.iterdir()) if p.is_dir()]
    return [p for p in found if p is not None]


def find_package(root: Path, from_code: str, to_code: str) -> InstalledPackage | None:
    matches = [p for p in installed_packages(root)
               if (p.from_code, p.to_code) == (from_code, to_code)]
    return matches[-1] if matches else None


def install_package(root: Path, archive: Path) -> InstalledPackage:
    """Check ``archive``, then extract it with argostranslate's own installer."""
    info = inspect_archive(archive)
    packages = configure(root)
    require_argos()
    from argostranslate import package as argos_package

    target = packages / info.top_dir
    if target.exists():  # reinstalling: replace, never merge two versions' files
        shutil.rmtree(target)
    argos_package.install_from_path(archive)
    target.with_name(target.name + RECORD_SUFFIX).write_text(
        json.dumps({"sha256": info.sha256, "archive": archive.name}, indent=2) + "\n",
        encoding="utf-8")
    installed = _load(target)
    if installed is None:
        raise PackageError(f"{archive}: installed, but {target}/metadata.json cannot be read")
    return installed

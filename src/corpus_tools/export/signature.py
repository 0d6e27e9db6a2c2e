"""The build signature, in the sacrebleu style: which data a result was computed on.

``schema:1.0|tool:0.1.0|norm:NFC-LF|data:<hash>`` where the hash covers every input of
the build: texts, metadata, segmentations, translations, the final annotation set and
the registry. The validator recomputes it to tell a stale build from a current one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from corpus_tools import SCHEMA_VERSION, __version__
from corpus_tools.layout import FINAL_SET, Layout, file_names

SIGNATURE_KEY = "corpus_tools_signature"


def input_files(root: Path) -> list[Path]:
    layout = Layout(root)
    directories = [(layout.documents_dir, ".txt"), (layout.documents_dir, ".meta.yaml"),
                   (layout.segments_dir, ".yaml"), (layout.translations_dir, ".yaml"),
                   (layout.set_dir(FINAL_SET), ".yaml")]
    files = [directory / name for directory, suffix in directories
             for name in file_names(directory, suffix)]
    if layout.registry_path.exists():
        files.append(layout.registry_path)
    return files


def data_hash(root: Path, file_hash: Callable[[Path], str]) -> str:
    digest = hashlib.sha256()
    layout = Layout(root)
    for path in input_files(root):
        digest.update(f"{path.relative_to(layout.root).as_posix()}\0{file_hash(path)}\n".encode())
    return digest.hexdigest()


def signature(root: Path, file_hash: Callable[[Path], str]) -> str:
    return (f"schema:{SCHEMA_VERSION}|tool:{__version__}|norm:NFC-LF|"
            f"data:{data_hash(root, file_hash)[:16]}")


def plain_file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

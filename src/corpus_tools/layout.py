"""Where things live in a corpus checkout, and the one safe way to turn a doc id into a path."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from corpus_tools.model import Language, TextRef, TranslationRef

DOC_ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
#: A text id: a doc id, or ``<doc_id>.<language>.<system>`` for a translation (system ids
#: may hold dots, doc ids and languages may not).
TEXT_ID_PATTERN = re.compile(r"^(?P<doc>[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?)"
                             r"(?:\.(?P<language>[a-z]{2,3})"
                             r"\.(?P<system>[a-z0-9](?:[a-z0-9.-]{0,78}[a-z0-9])?))?$")
FINAL_SET = "spans"


class UnsafeDocId(ValueError):
    pass


def check_doc_id(doc_id: str) -> str:
    """Return ``doc_id`` if it is safe to use in a path; raise UnsafeDocId otherwise."""
    if not DOC_ID_PATTERN.fullmatch(doc_id):
        raise UnsafeDocId(
            f"unsafe document id {doc_id!r}: use 1-80 characters of a-z, 0-9 and '-', "
            "starting and ending with a letter or digit"
        )
    return doc_id


def parse_text_id(text_id: str) -> TextRef:
    """The text a text id names; UnsafeDocId if it is not a safe text id."""
    match = TEXT_ID_PATTERN.fullmatch(text_id)
    if match is None:
        raise UnsafeDocId(
            f"unsafe text id {text_id!r}: use a document id (1-80 characters of a-z, 0-9 and "
            "'-'), or <doc-id>.<language>.<system> for a translation"
        )
    if match["language"] is None:
        return TextRef(match["doc"])
    # Not narrowed: a name is only a name until the file's header (whose language the
    # schema checks) is compared with it (doc-id-mismatch reports `x.fr.reference.yaml`).
    return TextRef(match["doc"], TranslationRef(cast(Language, match["language"]), match["system"]))


def check_text_id(text_id: str) -> str:
    """Return ``text_id`` if it is safe to use in a path; raise UnsafeDocId otherwise."""
    parse_text_id(text_id)
    return text_id


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:80].rstrip("-")


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def documents_dir(self) -> Path:
        return self.root / "corpus" / "documents"

    @property
    def segments_dir(self) -> Path:
        return self.root / "corpus" / "segments"

    def segments_path(self, doc_id: str) -> Path:
        return self.segments_dir / f"{check_doc_id(doc_id)}.yaml"

    @property
    def translations_dir(self) -> Path:
        return self.root / "corpus" / "translations"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    @property
    def registry_path(self) -> Path:
        return self.annotations_dir / "registry.yaml"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "corpus-tools"

    def text_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{check_doc_id(doc_id)}.txt"

    def meta_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{check_doc_id(doc_id)}.meta.yaml"

    def set_dir(self, annotation_set: str = FINAL_SET) -> Path:
        """The final (adjudicated) set lives in annotations/spans; other passes in
        annotations/passes/<name>."""
        if annotation_set == FINAL_SET:
            return self.annotations_dir / FINAL_SET
        return self.annotations_dir / "passes" / check_doc_id(annotation_set)

    def span_path(self, text_id: str, annotation_set: str = FINAL_SET) -> Path:
        """The span file of a text (a doc id, or a translation's text id) in a set."""
        return self.set_dir(annotation_set) / f"{check_text_id(text_id)}.yaml"

    def translation_path(self, text: TextRef) -> Path:
        if text.translation is None:
            raise ValueError(f"{text.text_id} is an original, not a translation")
        return self.translations_dir / f"{check_text_id(text.text_id)}.yaml"

    def annotation_sets(self) -> list[str]:
        sets = [FINAL_SET] if self.set_dir().is_dir() else []
        passes = self.annotations_dir / "passes"
        if passes.is_dir():
            sets += sorted(
                p.name for p in passes.iterdir() if p.is_dir() and DOC_ID_PATTERN.fullmatch(p.name)
            )
        return sets

    def span_files(self, annotation_set: str) -> list[Path]:
        directory = self.set_dir(annotation_set)
        return sorted(directory.glob("*.yaml")) if directory.is_dir() else []

    def span_files_under(self, path: Path) -> list[Path]:
        """The span files of every annotation set at or below ``path``."""
        return [file for annotation_set in self.annotation_sets()
                for file in self.span_files(annotation_set)
                if file.resolve().is_relative_to(path.resolve())]

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def file_names(directory: Path, suffix: str) -> list[str]:
    """Sorted names of the files in ``directory`` that end in ``suffix`` (cheap: no Paths)."""
    try:
        with os.scandir(directory) as entries:
            return sorted(e.name for e in entries if e.name.endswith(suffix) and e.is_file())
    except OSError:
        return []


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that holds corpus/ or annotations/."""
    start = start.resolve()
    for candidate in [start if start.is_dir() else start.parent, *start.parents]:
        if (candidate / "corpus").is_dir() or (candidate / "annotations").is_dir():
            return candidate
    return None

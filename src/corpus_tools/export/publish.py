"""``corpus-tools publish``: upload the card, the datasheet, the licences, the citation,
croissant.json, data/ and every file that an uploaded document links to, to the Hugging
Face Hub with huggingface_hub; ``--dry-run`` lists exactly what would go."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from corpus_tools.export.features import FEATURES
from corpus_tools.io.dataset import data_files

TOP_LEVEL = ("README.md", "DATASHEET.md", "LICENSING.md", "LICENSE", "CITATION.cff",
             "croissant.json")


class PublishError(Exception):
    """Publishing failed or was refused, with a one-line reason."""


def relative_links(markdown: str) -> Iterator[str]:
    """The targets of a markdown document's relative links and images (no scheme, no
    host, not a same-page anchor), without their #fragment."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    for token in tokens:
        for child in token.children or []:
            target = child.attrGet("href") or child.attrGet("src")
            if not isinstance(target, str):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            yield unquote(parts.path)


def _resolve(document: str, target: str) -> str:
    """A link target as a repository-relative POSIX path; refused if it leaves the root."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(document), target))
    if posixpath.isabs(target) or path == ".." or path.startswith("../"):
        raise PublishError(f"{document}: link {target!r} points outside the repository")
    return path


def files_to_upload(root: Path) -> list[str]:
    """The fixed files, data/, and the closure of relative links from markdown files."""
    files = [*TOP_LEVEL, *(name for config in FEATURES for name in data_files(root, config))]
    missing = [name for name in files if not (root / name).is_file()]
    if missing:
        raise PublishError(f"missing {', '.join(missing)}; run `corpus-tools build`")
    queue = [name for name in files if name.endswith(".md")]
    seen = set(files)
    while queue:
        document = queue.pop()
        text = (root / document).read_text(encoding="utf-8")
        for target in relative_links(text):
            path = _resolve(document, target)
            if not (root / path).is_file():
                kind = "a directory" if (root / path).is_dir() else "a missing file"
                raise PublishError(f"{document}: link {target!r} points to {kind}; "
                                   "link an existing file")
            if path not in seen:
                seen.add(path)
                files.append(path)
                if path.endswith(".md"):
                    queue.append(path)
    return files


def publish(root: Path, repo_id: str, *, dry_run: bool = False) -> list[str]:
    files = files_to_upload(root)
    if dry_run:
        return files
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    api = HfApi()
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
        api.upload_folder(folder_path=str(root), repo_id=repo_id, repo_type="dataset",
                          allow_patterns=files, commit_message="Publish corpus build")
    except OfflineModeIsEnabled:
        raise PublishError("offline mode is on (HF_HUB_OFFLINE): nothing was uploaded") from None
    except (HfHubHTTPError, OSError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise PublishError(f"upload to {repo_id} failed: {reason}") from None
    return files

"""``corpus-tools publish``: upload the card, the datasheet, croissant.json and data/ to
the Hugging Face Hub with huggingface_hub; ``--dry-run`` lists exactly what would go."""

from __future__ import annotations

from pathlib import Path

from corpus_tools.export.features import FEATURES
from corpus_tools.export.signature import data_file

TOP_LEVEL = ("README.md", "DATASHEET.md", "croissant.json")


class PublishError(Exception):
    """Publishing failed or was refused, with a one-line reason."""


def files_to_upload(root: Path) -> list[str]:
    files = [*TOP_LEVEL, *(data_file(name) for name in FEATURES)]
    missing = [name for name in files if not (root / name).is_file()]
    if missing:
        raise PublishError(f"missing {', '.join(missing)}; run `corpus-tools build`")
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

"""Point argostranslate at project-owned directories, before it is imported.

argostranslate reads its settings from ARGOS_* and XDG_* variables when it is first
imported, so they are set here; if it was imported already, its settings module is
re-pointed too. Nothing is then read from or written to the user's home, and the
package index is never consulted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


class TranslateUnavailable(Exception):
    """argostranslate (the ``translate`` extra) is not installed."""


INSTALL_HINT = ("argostranslate is not installed: pip install torch==2.13.0 "
                "'corpus-tools[translate]' (torch first, or pip fetches CUDA builds)")


def argos_home(root: Path) -> Path:
    return root / ".cache" / "argos"


def configure(root: Path) -> Path:
    """Set the argos/XDG environment under ``root``; return the packages directory."""
    home = argos_home(root).resolve()
    packages = home / "packages"
    values = {
        "ARGOS_PACKAGES_DIR": str(packages),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_CHUNK_TYPE": "DEFAULT",
        "ARGOS_PACKAGE_INDEX": "file:///nonexistent",  # never fetched; fails fast if it were
        "HF_HUB_OFFLINE": "1",
    }
    for path in (packages, home / "data", home / "config", home / "cache"):
        path.mkdir(parents=True, exist_ok=True)
    os.environ.update(values)
    settings = sys.modules.get("argostranslate.settings")
    if settings is not None:  # imported earlier in this process: re-point it as well
        settings.package_data_dir = packages  # type: ignore[attr-defined]
        settings.package_dirs = [packages]  # type: ignore[attr-defined]
        settings.data_dir = home / "data"  # type: ignore[attr-defined]
        settings.cache_dir = home / "cache"  # type: ignore[attr-defined]
        settings.downloads_dir = home / "cache" / "downloads"  # type: ignore[attr-defined]
    minisbd_models = sys.modules.get("minisbd.models")
    if minisbd_models is not None:
        minisbd_models.cache_dir = str(home / "data" / "minisbd")  # type: ignore[attr-defined]
    return packages


def require_argos() -> None:
    try:
        import argostranslate  # noqa: F401
        import ctranslate2  # noqa: F401
    except ImportError:
        raise TranslateUnavailable(INSTALL_HINT) from None

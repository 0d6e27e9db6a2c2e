"""What a Hub user relies on besides the data: every Croissant record set iterates, the
card survives huggingface_hub, licensing and citation say one thing everywhere, and every
link in a published document resolves to a published file."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from corpus_tools.checks.runner import validate
from corpus_tools.export.build import build
from corpus_tools.export.card import split_readme
from corpus_tools.export.citation import bibtex, load_citation
from corpus_tools.export.features import FEATURES, describe
from corpus_tools.export.generated import read_block
from corpus_tools.export.licensing import (
    CARD_LICENSE,
    CARD_LICENSE_LINK,
    CARD_LICENSE_NAME,
    croissant_licenses,
    markdown_block,
)
from corpus_tools.export.publish import PublishError, files_to_upload, relative_links
from corpus_tools.io.dataset import data_file
from test_export import REPO, copy_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_corpus(tmp_path_factory.mktemp("published"))
    build(root)
    return root


@pytest.mark.parametrize("config", list(FEATURES))
def test_every_croissant_record_set_iterates(built: Path, config: str) -> None:
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(built / "croissant.json"))
    records = list(dataset.records(config))
    assert len(records) == pq.read_metadata(built / data_file(config)).num_rows
    first = records[0]
    # nested columns come back as structures, not as text
    for column, feature in FEATURES[config].items():
        value = first[f"{config}/{column}"]
        if isinstance(feature, dict):
            assert isinstance(value, dict), column


def test_card_survives_huggingface_hub_resave(built: Path) -> None:
    from huggingface_hub import DatasetCard

    assert not validate(built).findings
    card = DatasetCard.load(built / "README.md")
    card.save(built / "README.md")  # drops comments, re-dumps the YAML
    assert not [f for f in validate(built).findings if f.check == "stale-build"]
    front, body = split_readme((built / "README.md").read_text(encoding="utf-8"))
    signature = front["build_signature"]
    assert signature.startswith("schema:") and f"`{signature}`" in body


def test_card_metadata_states_machine_made_annotations(built: Path) -> None:
    front, _ = split_readme((built / "README.md").read_text(encoding="utf-8"))
    assert front["annotations_creators"] == ["machine-generated"]
    assert "machine-generated" in front["language_creators"]
    assert front["source_datasets"] == ["original"] and front["task_ids"]


def test_licensing_agrees_everywhere(built: Path) -> None:
    front, _ = split_readme((built / "README.md").read_text(encoding="utf-8"))
    assert (front["license"], front["license_name"], front["license_link"]) == (
        CARD_LICENSE, CARD_LICENSE_NAME, CARD_LICENSE_LINK)
    assert (built / CARD_LICENSE_LINK).is_file()
    croissant = json.loads((built / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["license"] == croissant_licenses()
    for document in ("DATASHEET.md", "LICENSING.md"):
        block = read_block((REPO / document).read_text(encoding="utf-8"), "licensing")
        assert block == markdown_block(), (
            f"{document}'s licensing block is stale: paste markdown_block() from "
            "corpus_tools.export.licensing")


def test_licensing_check_can_fail(tmp_path: Path) -> None:
    text = (REPO / "DATASHEET.md").read_text(encoding="utf-8").replace("CC0-1.0", "CC-BY-4.0")
    assert read_block(text, "licensing") != markdown_block()


def test_citation_agrees_everywhere(built: Path) -> None:
    citation = load_citation(REPO)
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    entry = bibtex(citation)
    assert entry.startswith("@misc{") and citation["title"] in entry
    _, body = split_readme((built / "README.md").read_text(encoding="utf-8"))
    assert f"```bibtex\n{entry}\n```" in body
    croissant = json.loads((built / "croissant.json").read_text(encoding="utf-8"))
    assert croissant["citeAs"] == entry


def test_every_column_is_described() -> None:
    missing = [(config, column) for config, features in FEATURES.items()
               for column in features if not describe(config, column)]
    assert not missing


def test_every_link_in_an_uploaded_document_resolves(built: Path) -> None:
    files = files_to_upload(built)
    assert len(files) == len(set(files))
    for name in files:
        assert (built / name).is_file(), name
        if not name.endswith(".md"):
            continue
        folder = Path(name).parent
        for target in relative_links((built / name).read_text(encoding="utf-8")):
            path = (built / folder / target).resolve()
            assert path.is_file(), (name, target)
            assert path.relative_to(built.resolve()).as_posix() in files, (name, target)


def test_a_link_to_a_missing_file_refuses_publishing(built: Path, tmp_path: Path) -> None:
    root = copy_corpus(tmp_path / "broken")
    build(root)
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n[gone](nowhere/missing.md)\n",
                      encoding="utf-8")
    with pytest.raises(PublishError, match=r"README\.md: link 'nowhere/missing\.md'"):
        files_to_upload(root)


def test_relative_links_skips_urls_and_anchors() -> None:
    text = "[a](https://x.org/y) [b](#top) [c](docs/c.md#part) ![d](img/d.png) [e](mailto:x@y)"
    assert list(relative_links(text)) == ["docs/c.md", "img/d.png"]

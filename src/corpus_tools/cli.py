"""``corpus-tools``: a thin argparse layer over the library. Exit codes: 0 clean,
1 findings (or refusals), 2 usage error."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from corpus_tools import __version__
from corpus_tools.add import AddError, add_document
from corpus_tools.agreement import AgreementError, compare_sets
from corpus_tools.agreement import format_text as format_agreement
from corpus_tools.checks.report import cap, format_checks, format_github, format_json, format_text
from corpus_tools.checks.runner import validate
from corpus_tools.fix import FixNote, fix_file
from corpus_tools.interchange import FORMATS
from corpus_tools.interchange.base import InterchangeError
from corpus_tools.interchange.exchange import ImportRefused, export_corpus, import_corpus
from corpus_tools.labels import LANGUAGES
from corpus_tools.layout import FINAL_SET, Layout, UnsafeDocId, check_doc_id, find_root
from corpus_tools.render import RenderError, UnknownSelection, render_corpus
from corpus_tools.segment import SegmentError, write_segmentation
from corpus_tools.stats import collect, format_table

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _root_of(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"{path}: no such file or directory")
    root = find_root(path)
    if root is None:
        raise UsageError(f"{path}: not inside a corpus (no corpus/ or annotations/ above it)")
    return root


def _under(relative_file: str, selector: Path, root: Path) -> bool:
    target = selector.resolve()
    if target == root.resolve():
        return True
    return (root / relative_file).resolve().is_relative_to(target)


def cmd_validate(args: argparse.Namespace) -> int:
    if args.list_checks:
        sys.stdout.write(format_checks())
        return EXIT_CLEAN
    paths = [Path(p) for p in args.paths] or [Path.cwd()]
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        roots.setdefault(_root_of(path), []).append(path)
    findings, files = [], 0
    for root, selectors in roots.items():
        result = validate(root, use_cache=not args.no_cache)
        files += result.files_checked
        for finding in result.findings:
            selected = any(_under(finding.file, s, root) for s in selectors)
            if finding.level <= args.level and selected:
                findings.append(finding)
    shown, suppressed = cap(findings, args.max_per_check)
    if args.format == "json":
        sys.stdout.write(format_json(shown, suppressed, files, args.level))
    elif args.format == "github":
        sys.stdout.write(format_github(shown, suppressed, files))
    else:
        sys.stdout.write(format_text(shown, suppressed, files))
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def cmd_fix(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [Path.cwd()]
    notes: list[FixNote] = []
    for path in paths:
        root = _root_of(path)
        layout = Layout(root)
        if path.is_dir():
            targets = [
                f for s in layout.annotation_sets() for f in layout.span_files(s)
                if f.resolve().is_relative_to(path.resolve())
            ]
        else:
            targets = [path]
        for target in targets:
            notes += fix_file(target, layout, write=not args.check)
    for note in notes:
        print(note)
    changes = sum(n.is_change for n in notes)
    unresolved = len(notes) - changes
    verb = "would change" if args.check else "changed"
    print(f"fix: {verb} {changes} item(s); {unresolved} left for a person")
    return EXIT_FINDINGS if unresolved or (args.check and changes) else EXIT_CLEAN


def cmd_add(args: argparse.Namespace) -> int:
    root = _root_of(Path(args.root))
    try:
        added = add_document(root, Path(args.file), args.lang, args.id)
    except AddError as exc:
        print(f"add: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    for change in added.changes:
        print(f"add: {args.file}: {change}")
    layout = Layout(root)
    print(f"add: added {added.doc_id} ({args.lang}; langdetect {added.detected_language} "
          f"p={added.probability:.2f}): " + ", ".join(layout.relative(p) for p in added.files))
    print("add: fill in the metadata stub from the text, then run `corpus-tools validate`")
    return EXIT_CLEAN


def cmd_segment(args: argparse.Namespace) -> int:
    root = _root_of(Path(args.root))
    layout = Layout(root)
    doc_ids = args.docs or [p.name.removesuffix(".txt") for p in
                            sorted(layout.documents_dir.glob("*.txt"))]
    failed = False
    for doc_id in doc_ids:
        try:
            written = write_segmentation(root, check_doc_id(doc_id))
        except (SegmentError, UnsafeDocId) as exc:
            print(f"segment: {exc}", file=sys.stderr)
            failed = True
            continue
        if written is None:
            print(f"segment: {doc_id}: kept the stored segmentation")
        else:
            print(f"segment: {doc_id}: wrote {layout.relative(written)}")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def cmd_translate(args: argparse.Namespace) -> int:
    # Imported here: the core CLI must work without the translate extra.
    from corpus_tools.translate.archive import PackageError
    from corpus_tools.translate.environment import TranslateUnavailable
    from corpus_tools.translate.evaluate import evaluate
    from corpus_tools.translate.packages import install_package
    from corpus_tools.translate.pipeline import NoPackage, translate_corpus

    root = _root_of(Path(args.root))
    try:
        if args.package:
            package = install_package(root, Path(args.package))
            print(f"translate: installed {package.code} {package.version} "
                  f"({package.from_code}->{package.to_code}) from {args.package}")
        run = translate_corpus(root, [check_doc_id(d) for d in args.docs] or None, args.to,
                               progress=not args.no_progress)
    except (PackageError, NoPackage, TranslateUnavailable, UnsafeDocId) as exc:
        print(f"translate: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    layout = Layout(root)
    for path in run.written:
        print(f"translate: wrote {layout.relative(path)}")
    print(f"translate: {run.segments} segments, {run.cache_hits} from the cache, "
          f"{run.model_calls} model calls")
    try:
        scores = evaluate(root)
    except ImportError:
        print("translate: install sacrebleu to score against the references", file=sys.stderr)
        return EXIT_CLEAN
    for score in scores:
        print(f"translate: {score}")
    return EXIT_CLEAN


def cmd_build(args: argparse.Namespace) -> int:
    from corpus_tools.export.build import BuildError, build

    root = _root_of(Path(args.root))
    try:
        result = build(root)
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    for name, count in result.counts.items():
        print(f"build: {name}: {count} rows")
    print(f"build: signature {result.signature}")
    return EXIT_CLEAN


def cmd_publish(args: argparse.Namespace) -> int:
    from corpus_tools.export.publish import PublishError, publish

    root = _root_of(Path(args.root))
    try:
        files = publish(root, args.repo_id, dry_run=args.dry_run)
    except PublishError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    verb = "would upload" if args.dry_run else "uploaded"
    for name in files:
        print(f"publish: {verb} {name}")
    return EXIT_CLEAN


def cmd_stats(args: argparse.Namespace) -> int:
    stats = collect(_root_of(Path(args.root)), args.set)
    if args.format == "json":
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_table(stats))
    return EXIT_CLEAN


def cmd_agreement(args: argparse.Namespace) -> int:
    try:
        agreement = compare_sets(_root_of(Path(args.root)), args.a, args.b)
    except AgreementError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(agreement.to_json(), indent=2))
    else:
        sys.stdout.write(format_agreement(agreement, disagreements=args.disagreements))
    return EXIT_CLEAN


def cmd_export(args: argparse.Namespace) -> int:
    root = _root_of(Path(args.root))
    try:
        result = export_corpus(root, args.to, Path(args.dir), args.docs, args.set, args.force)
    except InterchangeError as exc:
        print(f"corpus-tools: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    for warning in result.warnings:
        print(f"corpus-tools: warning: {warning}", file=sys.stderr)
    print(f"wrote {len(result.files)} files to {args.dir}")
    return EXIT_CLEAN


def cmd_import(args: argparse.Namespace) -> int:
    root = _root_of(Path(args.root))
    try:
        result = import_corpus(root, args.from_, Path(args.dir), annotator=args.annotator,
                               annotator_kind=args.annotator_kind, annotation_set=args.set,
                               replace_existing=args.replace)
    except (InterchangeError, UnsafeDocId) as exc:
        print(f"corpus-tools: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except ImportRefused as exc:
        for reason in exc.reasons:
            print(f"corpus-tools: refused: {reason}", file=sys.stderr)
        return EXIT_FINDINGS
    for warning in result.warnings:
        print(f"corpus-tools: warning: {warning}", file=sys.stderr)
    for change in result.changes:
        print(change)
    print(f"wrote {len(result.written)} span files; validation: "
          f"{len(result.findings) or 'no'} findings")
    sys.stdout.write(format_text(list(result.findings), Counter(), len(result.written))
                     if result.findings else "")
    return EXIT_CLEAN


def cmd_render(args: argparse.Namespace) -> int:
    root = _root_of(Path(args.root))
    try:
        written = render_corpus(root, Path(args.out), args.docs or None, args.set)
    except UnknownSelection as exc:
        raise UsageError(f"render: {exc}") from None
    except RenderError as exc:
        print(f"corpus-tools: render: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"wrote {len(written)} pages to {args.out} (open {written[0]})")
    return EXIT_CLEAN


def cmd_project(args: argparse.Namespace) -> int:
    # Imported here: eflomal is an optional, compiled dependency.
    from corpus_tools.project.aligner import AlignerError
    from corpus_tools.project.document import (
        ProjectionError,
        project_document,
        write_projection,
    )

    root = _root_of(Path(args.root))
    try:
        projection = project_document(root, check_doc_id(args.doc), args.translation,
                                      args.method)
        path = write_projection(root, projection, args.set, force=args.force)
    except UnsafeDocId as exc:
        raise UsageError(f"project: {exc}") from None
    except (ProjectionError, AlignerError) as exc:
        print(f"corpus-tools: project: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    spans = projection.span_file
    print(f"project: wrote {Layout(root).relative(path)}: {len(spans.entities)} entities, "
          f"{len(spans.claims)} claims, {len(spans.attributions)} attributions; "
          f"{len(projection.dropped)} original item(s) dropped (listed in the file)")
    return EXIT_CLEAN


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-tools", description=__doc__)
    parser.add_argument("--version", action="version", version=f"corpus-tools {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check span files, texts, metadata and the registry")
    p.add_argument("paths", nargs="*", metavar="PATH", help="corpus root, folders or files")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--level", type=int, choices=(1, 2, 3), default=3,
                   help="report checks up to this level (default 3: all)")
    p.add_argument("--max-per-check", type=int, default=None, metavar="N",
                   help="show at most N findings per check id")
    p.add_argument("--no-cache", action="store_true", help="ignore the incremental cache")
    p.add_argument("--list-checks", action="store_true", help="list check ids and levels")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("fix", help="fill or repair span offsets from the quoted text")
    p.add_argument("paths", nargs="*", metavar="PATH", help="span files or folders")
    p.add_argument("--check", action="store_true", help="report what would change; write nothing")
    p.set_defaults(run=cmd_fix)

    p = sub.add_parser("add", help="add a new document to the corpus")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--lang", required=True, choices=LANGUAGES)
    p.add_argument("--id", default=None, help="document id (default: from the file name)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_add)

    p = sub.add_parser("segment", help="store the segmentation of documents that have none")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_segment)

    p = sub.add_parser("translate", help="machine-translate documents with an argos package")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--to", choices=LANGUAGES, default=None,
                   help="target language (default: the other corpus language)")
    p.add_argument("--package", default=None, metavar="PATH.argosmodel",
                   help="install this local package file first (never downloads)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_translate)

    p = sub.add_parser("build", help="validate, then write the Hugging Face dataset")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("publish", help="upload the built dataset to the Hugging Face Hub")
    p.add_argument("--repo-id", required=True, metavar="ORG/NAME")
    p.add_argument("--dry-run", action="store_true", help="list what would be uploaded")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_publish)

    p = sub.add_parser("stats", help="per-document and per-label counts")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--set", default=FINAL_SET, help="annotation set (default: spans)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("agreement", help="inter-annotator agreement between two annotation sets")
    p.add_argument("a", metavar="A", help="annotation set name (spans, a pass) or directory")
    p.add_argument("b", metavar="B", help="annotation set name or directory")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--disagreements", action="store_true",
                   help="list every disagreement (for adjudication)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_agreement)

    p = sub.add_parser("export", help="write annotations for brat, Label Studio or INCEpTION")
    p.add_argument("--to", required=True, choices=tuple(FORMATS))
    p.add_argument("dir", metavar="DIR", help="output directory (must be empty unless --force)")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--set", default=FINAL_SET, help="annotation set (default: spans)")
    p.add_argument("--force", action="store_true", help="write into a non-empty directory")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", help="read annotations edited in brat, Label Studio or "
                       "INCEpTION as a new annotation set")
    p.add_argument("--from", dest="from_", required=True, choices=tuple(FORMATS))
    p.add_argument("dir", metavar="DIR", help="the tool's export directory")
    p.add_argument("--annotator", default=None, metavar="NAME",
                   help="who made the annotations (default: <format>-import); also the "
                   "default set name")
    p.add_argument("--annotator-kind", choices=("human", "language-model", "tool"),
                   default="human")
    p.add_argument("--set", default=None, metavar="NAME",
                   help="annotation set to write (default: the annotator's name, or spans "
                   "with --replace)")
    p.add_argument("--replace", action="store_true",
                   help="overwrite existing span files and print what changed")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("project", help="propose translation-side spans for a translation, "
                       "projected from the original's final spans (no person involved)")
    p.add_argument("doc", metavar="DOC", help="document id")
    p.add_argument("--translation", default="reference", metavar="SYSTEM",
                   help="which translation: its system (default: reference)")
    p.add_argument("--method", choices=("positional", "eflomal"), default="positional",
                   help="word aligner for spans no registry name places (default: positional)")
    p.add_argument("--set", default=None, metavar="NAME",
                   help="annotation set to write under annotations/passes "
                   "(default: projection-<method>; never the final set)")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier projection (never a file a person wrote)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_project)

    p = sub.add_parser("render", help="write a static HTML review page per document")
    p.add_argument("docs", nargs="*", metavar="DOC", help="document ids (default: all)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if needed)")
    p.add_argument("--set", default=FINAL_SET, metavar="NAME",
                   help="annotation set (default: spans)")
    p.add_argument("--root", default=".", help="corpus root (default: current directory)")
    p.set_defaults(run=cmd_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"corpus-tools: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line, never a traceback, unless asked for
        if os.environ.get("CORPUS_TOOLS_DEBUG"):
            raise
        print(f"corpus-tools: internal error: {type(exc).__name__}: {exc} "
              "(set CORPUS_TOOLS_DEBUG=1 for a traceback)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())

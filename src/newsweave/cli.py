"""The command line: parses arguments, calls the library, prints. Nothing else lives here.

Exit codes: 0 success; 1 an unexpected error; 2 bad usage or no usable input;
3 an optional package is missing; 4 the store failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from newsweave import __version__
from newsweave.errors import NewsweaveError
from newsweave.pipeline import (
    Options,
    Progress,
    annotate_anchored,
    load,
    report_from,
    with_brief_id,
)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
newsweave reads news articles about the same events and tells you, with evidence,
which articles are one story, what the sources agree on, what only one source says,
and where they disagree. Every statement cites the article and the exact characters
it came from.

INPUT can be .txt, .html/.htm, .json (one article) or .jsonl (one article a line)
files, folders (read recursively), or - for standard input."""

EPILOG = """\
examples:
  newsweave brief examples/harbour-summit            # Markdown brief in the terminal
  newsweave brief examples/harbour-summit --format json > report.json
  newsweave brief a.txt b.html --format html > brief.html
  newsweave analyze examples/harbour-summit --format jsonl   # per-article annotations

exit codes: 0 ok, 1 unexpected error, 2 bad usage or no usable input,
            3 optional package missing, 4 store error"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsweave",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsweave {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or -")
    common.add_argument(
        "--no-clean",
        action="store_true",
        help="take each text as given: no removal of page chrome (offsets = input offsets)",
    )
    common.add_argument(
        "--max-bytes",
        type=int,
        default=20 * 1024 * 1024,
        help="skip input files larger than this (default: 20 MB)",
    )
    common.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    brief = sub.add_parser(
        "brief",
        parents=[common],
        help="group articles into stories and brief each, with cited evidence",
        description="Group the articles into stories and write a cited brief of each: "
        "summary, key points, disagreements, timeline, quotes, sources.",
    )
    brief.add_argument(
        "--format",
        choices=["md", "json", "html"],
        default=None,
        help="output format (default: md on a terminal, json when piped)",
    )
    brief.add_argument("--db", metavar="PATH", help="also save to this SQLite store")
    brief.add_argument(
        "--one-story",
        action="store_true",
        help="each INPUT argument is one story (no clustering)",
    )
    brief.add_argument(
        "--summary-words", type=int, default=120, metavar="N", help="summary length (words)"
    )
    brief.add_argument("--timeline-dates", type=int, default=None, metavar="N")
    brief.add_argument("--timeline-sentences", type=int, default=2, metavar="K")
    brief.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    analyze = sub.add_parser(
        "analyze",
        parents=[common],
        help="annotate each article: sentences, entities, dates, quotes, quantities",
        description="Write one JSON line per article with its clean text and annotations "
        "(sentences, entities, time expressions, quotes, quantities, roles).",
    )
    analyze.add_argument("--format", choices=["jsonl"], default="jsonl")
    analyze.add_argument("-o", "--output", metavar="FILE")
    return parser


@contextmanager
def _progress(quiet: bool) -> Iterator[Progress | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar

    with Bar(transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _warn(message: str) -> None:
    print(f"newsweave: {message}", file=sys.stderr)


def _report_issues(issues: Sequence[object]) -> None:
    for issue in issues:
        level = getattr(issue, "level", "error")
        _warn(f"{level}: {getattr(issue, 'source', '?')}: {getattr(issue, 'message', issue)}")


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


def _cmd_brief(args: argparse.Namespace) -> int:
    options = Options(
        clean=not args.no_clean,
        one_story=args.one_story,
        summary_words=args.summary_words,
        timeline_dates=args.timeline_dates,
        timeline_sentences=args.timeline_sentences,
        max_bytes=args.max_bytes,
    )
    with _progress(args.quiet) as progress:
        prepared = load(args.inputs, options, progress)
        _report_issues(prepared.issues)
        if not prepared.articles:
            _warn("no usable article in the input")
            return EXIT_USAGE
        report = report_from(prepared, options, progress)
    from newsweave.brief.render_json import report_to_dict
    from newsweave.store.sqlite import brief_id_of

    data = report_to_dict(report)
    brief_id = brief_id_of(data)
    if args.db:
        from newsweave.store.sqlite import SqliteStore

        with SqliteStore(args.db) as store:
            saved = store.save_report(report, data)
        _warn(
            f"saved to {args.db}: {saved.new_articles} new, {saved.updated_articles} updated "
            f"articles; brief {saved.brief_id}"
        )
    report = with_brief_id(report, brief_id)
    fmt = args.format or ("md" if sys.stdout.isatty() and not args.output else "json")
    with _output(args.output) as out:
        if fmt == "json":
            from newsweave.brief.render_json import render_json

            out.write(render_json(report))
        elif fmt == "html":
            from newsweave.brief.render_html import render_html

            out.write(render_html(report))
        else:
            from newsweave.brief.render_markdown import render_markdown

            out.write(render_markdown(report))
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace) -> int:
    from newsweave.brief.render_json import annotation_dict

    options = Options(clean=not args.no_clean, max_bytes=args.max_bytes)
    with _progress(args.quiet) as progress:
        prepared = load(args.inputs, options, progress)
        _report_issues(prepared.issues)
        if not prepared.articles:
            _warn("no usable article in the input")
            return EXIT_USAGE
        analysis = annotate_anchored(prepared.articles, progress)
    with _output(args.output) as out:
        for article in prepared.articles:
            line = annotation_dict(article, analysis.annotations[article.id])
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "brief":
            return _cmd_brief(args)
        return _cmd_analyze(args)
    except NewsweaveError as exc:
        _warn(str(exc))
        return exc.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        _warn("interrupted")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

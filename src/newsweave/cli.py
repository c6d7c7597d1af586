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
from typing import Any, TextIO

from newsweave import __version__
from newsweave.errors import NewsweaveError
from newsweave.model import Issue
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
  newsweave add examples/harbour-summit --db desk.db # ingest into a store
  newsweave brief --db desk.db --since b_0123456789ab --format json   # what changed
  newsweave search "harbour accord" --db desk.db --outlet "Baltic Wire"
  newsweave serve --db desk.db                        # web page and HTTP API on :8000

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

    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument(
        "--no-clean",
        action="store_true",
        help="take each text as given: no removal of page chrome (offsets = input offsets)",
    )
    reading.add_argument(
        "--max-bytes",
        type=int,
        default=20 * 1024 * 1024,
        help="skip input files larger than this (default: 20 MB)",
    )
    reading.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    reading.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="parse with N processes (worth it for hundreds of articles; default: 1)",
    )
    common = argparse.ArgumentParser(add_help=False, parents=[reading])
    common.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or -")

    brief = sub.add_parser(
        "brief",
        parents=[reading],
        help="group articles into stories and brief each, with cited evidence",
        description="Group the articles into stories and write a cited brief of each: "
        "summary, key points, disagreements, timeline, quotes, sources.",
    )
    brief.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files, folders or -; none: brief what the store (--db) holds",
    )
    brief.add_argument(
        "--format",
        choices=["md", "json", "html"],
        default=None,
        help="output format (default: md on a terminal, json when piped)",
    )
    brief.add_argument(
        "--db",
        metavar="PATH",
        help="the store (SQLite file or postgresql:// URL): with INPUT also save there; "
        "without INPUT brief it (default: ./newsweave.db)",
    )
    brief.add_argument(
        "--since", metavar="BRIEF_ID", help="add what changed since this saved brief"
    )
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
    brief.add_argument(
        "--writer",
        nargs="?",
        const="",
        default=None,
        metavar="URL",
        help="also write each summary with a language model at this OpenAI-compatible API "
        "base (e.g. http://127.0.0.1:8080/v1; without URL: $NEWSWEAVE_LLM_URL); every "
        "written sentence is checked against the claims it cites. Off by default: "
        "without it nothing goes over the network. API key: $NEWSWEAVE_LLM_KEY",
    )
    brief.add_argument(
        "--writer-model",
        metavar="NAME",
        help="the model the writer asks for (default: $NEWSWEAVE_LLM_MODEL)",
    )

    analyze = sub.add_parser(
        "analyze",
        parents=[common],
        help="annotate each article: sentences, entities, dates, quotes, quantities",
        description="Write one JSON line per article with its clean text and annotations "
        "(sentences, entities, time expressions, quotes, quantities, roles).",
    )
    analyze.add_argument("--format", choices=["jsonl"], default="jsonl")
    analyze.add_argument("-o", "--output", metavar="FILE")
    _desk_parsers(sub, common, reading)
    return parser


def _desk_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    reading: argparse.ArgumentParser,
) -> None:
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument(
        "--db",
        metavar="PATH",
        help="SQLite file or postgresql:// URL (default: $NEWSWEAVE_DB or ./newsweave.db)",
    )
    add = sub.add_parser(
        "add",
        parents=[common, store],
        help="add articles (files, folders, RSS/Atom feeds) to the store",
        description="Add articles to the store: each new article joins (or starts) a story, "
        "whose brief is rebuilt and saved. INPUT may also be an RSS/Atom feed file "
        "(.rss, .atom, .xml) or URL.",
    )
    add.add_argument("--format", choices=["text", "json"], default="text")
    watch = sub.add_parser(
        "watch",
        parents=[reading, store],
        help="watch a folder and add new files as they land",
        description="Poll DIR and add every new or changed file to the store.",
    )
    watch.add_argument("folder", metavar="DIR")
    watch.add_argument("--interval", type=float, default=2.0, metavar="SECONDS")
    watch.add_argument("--rounds", type=int, default=None, help=argparse.SUPPRESS)
    search = sub.add_parser(
        "search",
        parents=[store],
        help="full-text search over articles, facts and quotes",
        description='Search the store. Words must all match; "quoted phrases" match as '
        "phrases. Every hit cites its article and character offsets.",
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--since", metavar="DATE", help="published on or after (YYYY-MM-DD)")
    search.add_argument("--until", metavar="DATE", help="published on or before (YYYY-MM-DD)")
    search.add_argument("--outlet")
    search.add_argument("--entity", help="a person, organisation or place (canonical name)")
    search.add_argument("--story", metavar="STORY_ID")
    search.add_argument(
        "--kind", action="append", choices=["article", "fact", "quote"], help="repeatable"
    )
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--format", choices=["text", "json"], default="text")
    serve = sub.add_parser(
        "serve",
        parents=[store],
        help="serve the web page and HTTP API",
        description="Serve the story pages and the HTTP API (OpenAPI at /docs).",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)


@contextmanager
def _progress(quiet: bool) -> Iterator[Progress | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

    with Bar(transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _warn(message: str) -> None:
    print(f"newsweave: {message}", file=sys.stderr)


def _report_issues(issues: Sequence[Issue]) -> None:
    for issue in issues:
        _warn(f"{issue.level}: {issue.source}: {issue.message}")


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


def _cmd_brief(args: argparse.Namespace) -> int:
    if not args.inputs:
        if args.writer is not None:
            _warn("--writer applies to briefs of INPUT; the store's brief is shown as saved")
        return _brief_store(args)
    writer = None
    if args.writer is not None:
        from newsweave.brief.writer import writer_options

        writer = writer_options(args.writer, args.writer_model)
    options = Options(
        clean=not args.no_clean,
        one_story=args.one_story,
        summary_words=args.summary_words,
        timeline_dates=args.timeline_dates,
        timeline_sentences=args.timeline_sentences,
        max_bytes=args.max_bytes,
        processes=args.jobs,
        writer=writer,
    )
    with _progress(args.quiet) as progress:
        prepared = load(args.inputs, options, progress)
        _report_issues(prepared.issues)
        if not prepared.articles:
            _warn("no usable article in the input")
            return EXIT_USAGE
        report = report_from(prepared, options, progress)
    _report_issues(report.issues[len(prepared.issues) :])  # the writer's warnings
    from newsweave.brief.render_json import report_to_dict
    from newsweave.store.sqlite import brief_id_of

    data = report_to_dict(report)
    brief_id = brief_id_of(data)
    changes = None
    if args.db or args.since:
        from newsweave.desk import changes_since, open_store

        store = open_store(args.db)
        try:
            saved = store.save_report(with_brief_id(report, brief_id), data)
            if args.since:
                changes = changes_since(store, args.since, data)
        finally:
            store.close()
        _warn(
            f"saved to {args.db or 'the store'}: {saved.new_articles} new, "
            f"{saved.updated_articles} updated articles; brief {saved.brief_id}"
        )
    report = with_brief_id(report, brief_id)
    fmt = args.format or ("md" if sys.stdout.isatty() and not args.output else "json")
    with _output(args.output) as out:
        if fmt == "json" and changes is not None:
            out.write(json.dumps(report_to_dict(report) | {"changes": changes}, indent=2) + "\n")
        elif fmt == "json":
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
        analysis = annotate_anchored(prepared.articles, progress, args.jobs)
    with _output(args.output) as out:
        for article in prepared.articles:
            line = annotation_dict(article, analysis.annotations[article.id])
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return EXIT_OK


def _brief_store(args: argparse.Namespace) -> int:
    from newsweave.desk import open_store, store_brief

    store = open_store(args.db)
    try:
        report, data = store_brief(store, since=args.since)
    finally:
        store.close()
    fmt = args.format or ("md" if sys.stdout.isatty() and not args.output else "json")
    with _output(args.output) as out:
        if fmt == "json":
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        elif fmt == "html":
            from newsweave.brief.render_html import render_html

            out.write(render_html(report))
        else:
            from newsweave.brief.render_markdown import render_markdown

            out.write(render_markdown(report))
            if "changes" in data:
                out.write(_changes_markdown(data["changes"]))
    _warn(f"brief {data['brief_id']}: {len(data['stories'])} stories")
    return EXIT_OK


def _changes_markdown(changes: dict[str, Any]) -> str:
    lines = [f"\n## Changes since {changes['since']}\n"]
    for key, items in changes.items():
        if key != "since" and items:
            shown = [
                i if isinstance(i, str) else f"{i['id']} ({i['from']} -> {i['to']})" for i in items
            ]
            lines.append(f"- {key.replace('_', ' ')}: {', '.join(shown)}")
    return "\n".join(lines) + "\n"


def _cmd_add(args: argparse.Namespace) -> int:
    from newsweave.desk import add_inputs, open_store

    options = Options(clean=not args.no_clean, max_bytes=args.max_bytes)
    store = open_store(args.db)
    try:
        with _progress(args.quiet) as progress:
            result = add_inputs(store, args.inputs, options, progress)
    finally:
        store.close()
    _report_issues(result.issues)
    if args.format == "json":
        rows = [vars(a) | {"merged": list(a.merged)} for a in result.added]
        print(json.dumps({"added": rows, "counts": result.counts()}, indent=2))
    else:
        for a in result.added:
            dup = f" (reprint of {a.duplicate_of})" if a.duplicate_of else ""
            print(f"{a.status:9} {a.article} -> story {a.story}{dup} brief {a.brief_id}")
        counts = result.counts()
        print(f"{counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged")
    return EXIT_OK if result.added else EXIT_USAGE


def _cmd_watch(args: argparse.Namespace) -> int:
    from newsweave.desk import open_store, watch

    options = Options(clean=not args.no_clean, max_bytes=args.max_bytes)
    store = open_store(args.db)
    _warn(f"watching {args.folder} every {args.interval:g} s; Ctrl-C stops")
    try:
        for result in watch(store, args.folder, options, args.interval, args.rounds):
            _report_issues(result.issues)
            for a in result.added:
                print(f"{a.status:9} {a.article} -> story {a.story} brief {a.brief_id}", flush=True)
    finally:
        store.close()
    return EXIT_OK


def _cmd_search(args: argparse.Namespace) -> int:
    from newsweave.desk import hit_dict, open_store, search_query

    query = search_query(
        args.query,
        kinds=args.kind,
        since=args.since,
        until=args.until,
        outlet=args.outlet,
        entity=args.entity,
        story=args.story,
        limit=args.limit,
    )
    store = open_store(args.db)
    try:
        hits = store.search(query)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"hits": [hit_dict(h) for h in hits]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for h in hits:
        where = f"{h.article}[{h.start}:{h.end}]"
        text = " ".join(h.text.split())
        print(f"{h.kind:7} {h.ref}  story {h.story}  {where}\n        {text[:160]}")
    if not hits:
        _warn("no match")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from newsweave.web.app import serve

    serve(args.db, host=args.host, port=args.port)
    return EXIT_OK


_DESK = {"add": _cmd_add, "watch": _cmd_watch, "search": _cmd_search, "serve": _cmd_serve}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "brief":
            return _cmd_brief(args)
        if args.command == "analyze":
            return _cmd_analyze(args)
        return _DESK[args.command](args)
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

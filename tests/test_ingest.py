"""Reading inputs: every kind of file, and every kind of bad input reported per article."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from conftest import EXAMPLES, SEEDS, needs_shared
from newsweave.ingest.decode import decode, looks_binary
from newsweave.ingest.metadata import find_outlet, find_title
from newsweave.ingest.sources import read_inputs

BODY = (
    "The harbour authority said on Tuesday that the new pilot boats would enter service "
    "next month, after a long delay caused by a shortage of trained crews."
)


def test_folder_is_read_recursively_with_relative_ids(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "two.txt").write_text(BODY + " Two.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    loaded = read_inputs([str(tmp_path)])
    assert [a.id for a in loaded.articles] == ["a/one.txt", "two.txt"]
    assert [(i.code, Path(i.source).name) for i in loaded.issues] == [("unsupported", "notes.pdf")]


def test_a_file_given_directly_has_its_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    loaded = read_inputs([str(path)])
    assert loaded.articles[0].id == "story.txt"
    assert loaded.articles[0].text == BODY


def test_jsonl_with_a_malformed_line_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = {"id": "x1", "outlet": "Wire", "published": "2026-03-15T18:00:00Z", "text": BODY}
    path.write_text(
        json.dumps(good) + "\n{not json\n" + json.dumps({"id": "x2", "title": "no text"}) + "\n",
        encoding="utf-8",
    )
    loaded = read_inputs([str(path)])
    assert [a.id for a in loaded.articles] == ["x1"]
    assert loaded.articles[0].published == date(2026, 3, 15)
    assert loaded.articles[0].outlet == "Wire"
    codes = sorted(i.code for i in loaded.issues)
    assert codes == ["malformed-json", "no-text"]
    assert all(i.level == "error" for i in loaded.issues)


def test_json_file_with_one_article_and_a_bad_date(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": BODY, "published": "next Tuesday"}), encoding="utf-8")
    loaded = read_inputs([str(path)])
    assert loaded.articles[0].id == "one.json"
    assert loaded.articles[0].published is None
    assert [i.code for i in loaded.issues] == ["bad-date"]


def test_empty_binary_missing_and_huge_inputs_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 40)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write((BODY + "\n").encode() * (50 * 1024 * 1024 // (len(BODY) + 1) + 1))
    (tmp_path / "fine.txt").write_text(BODY, encoding="utf-8")
    loaded = read_inputs([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [a.id for a in loaded.articles] == ["fine.txt"]
    by_source = {Path(i.source).name: i for i in loaded.issues}
    assert set(by_source) == {"empty.txt", "blank.txt", "junk.txt", "huge.txt", "missing.txt"}
    assert "empty" in by_source["empty.txt"].message
    assert "binary" in by_source["junk.txt"].message
    assert "MB" in by_source["huge.txt"].message
    assert by_source["missing.txt"].code == "not-found"


def test_non_utf8_text_is_decoded() -> None:
    text = "Le maire a déclaré que les quais rouvriront à l'été. " * 4
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding != "utf-8"
    assert decode("Zoë said “yes”.".encode("utf-16")).text == "Zoë said “yes”."


def test_crlf_is_normalised_and_stdin_is_read() -> None:
    loaded = read_inputs(["-"], stdin=io.BytesIO((BODY + "\r\nSecond line.\r\n").encode()))
    assert loaded.articles[0].text == BODY + "\nSecond line.\n"
    assert loaded.articles[0].id == "stdin"


def test_binary_detection_leaves_text_alone() -> None:
    assert looks_binary(b"\x00\x01\x02garbage\x00")
    assert not looks_binary(BODY.encode())
    assert not looks_binary("Grüße aus Köln".encode())


def test_outlet_from_dateline_and_copyright() -> None:
    assert find_outlet("Title\n\n(Reuters) - The ministry said ...") == "Reuters"
    assert find_outlet("Body text.\n\n©2024 Kessel Courier Ltd.") == "Kessel Courier"
    assert find_outlet("Body text.\n\nCopyright 2025 The Port Gazette. All rights reserved.") == (
        "The Port Gazette"
    )
    assert find_outlet("Nothing here names a source.") is None


def test_title_is_a_headline_not_a_sentence() -> None:
    assert find_title("Harbour Accord Signed\n\nBody.") == "Harbour Accord Signed"
    assert find_title("This opening line is a full sentence that ends with a stop.\n") is None


def test_examples_folder_reads_every_format() -> None:
    loaded = read_inputs([str(EXAMPLES / "harbour-summit")])
    kinds = {("html" if a.html else "text") for a in loaded.articles}
    assert kinds == {"html", "text"}
    assert len(loaded.articles) == 6
    assert not [i for i in loaded.issues if i.level == "error"]


@needs_shared
def test_seed_outlets_are_found_in_the_text() -> None:
    loaded = read_inputs([str(SEEDS)])
    assert len(loaded.articles) == 5
    outlets = {a.id[:3]: find_outlet(a.text or "") for a in loaded.articles}
    assert outlets["003"] == "Bloomberg"

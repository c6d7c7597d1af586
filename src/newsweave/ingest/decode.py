"""Turning the bytes of an input file into text, or saying clearly why not."""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


_WESTERN = ("cp1252", "latin_1", "iso8859_15")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding: NUL bytes or many control bytes."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode(data: bytes) -> Decoded:
    """Decode bytes as UTF-8 when they are, else detect the encoding (charset-normalizer)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding).lstrip("\ufeff"), encoding)
    if looks_binary(data):
        raise InputError("binary data, not text (it holds NUL or control bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise InputError("the text encoding could not be detected (not UTF-8, no known charset)")
    # Short Western texts fit several single-byte code pages equally well; the web's most
    # common one wins such ties.
    best = matches[0]
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.01:
            best = match
            break
    return Decoded(str(best), str(best.encoding))


def normalize_newlines(text: str) -> str:
    """CRLF and CR line ends become LF; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")

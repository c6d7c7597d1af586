"""Cleaning: strip page chrome from plain text and extract articles from HTML.

``clean_text`` works on pasted or saved plain text and records what it cut as raw-offset
ranges; ``extract_html`` turns an HTML page into text plus its metadata (needs the ``html``
extra, imported only when called).
"""

from __future__ import annotations

from newsweave.clean.html import HtmlExtract, extract_html
from newsweave.clean.result import CleanResult
from newsweave.clean.text_rules import clean_text

__all__ = ["CleanResult", "HtmlExtract", "clean_text", "extract_html"]

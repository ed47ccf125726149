"""Minutes published as web pages, read as a person reads them in a browser.

:func:`readable` turns a document into the text the readers work on: HTML is
rendered (block elements end lines, table cells are separated by tabs, the
items of a top-level ordered list carry their numbers, struck-out text is
left out), and HTML that a scraper stored escaped inside JSON or XML is first
taken out of its wrapping. Offsets of everything read from a web page refer to
this rendered text.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

from converters.text import clean

HTML_MEDIA_TYPE = "text/html"
TEXT_MEDIA_TYPE = "text/plain"

TAG = re.compile(r"</?(?:p|div|br|li|td|tr|table|h[1-6]|ul|ol|dl|dd|dt|body|html|section|article)\b[^<>]{0,500}>", re.I)
ESCAPED_TAG = re.compile(r"&lt;(?:p|div|br|li|td|span|a|h[1-6])\b", re.I)
JSON_ESCAPED_TAG = re.compile(r"\\u003c(?:p|div|br|li|td|span|a|h[1-6])\b|<(?:p|div|br|li|td|span|a|h[1-6])\b", re.I)

TITLE = re.compile(r"<title\b[^>]{0,200}>([^<]{1,300})</title>", re.I)
BLOCKS = {"p", "div", "section", "article", "header", "footer", "nav", "main", "aside", "blockquote", "pre",
          "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table", "tr", "thead", "tbody",
          "tfoot", "form", "fieldset", "address", "figure", "figcaption", "hr", "caption", "title", "time"}
PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "hr", "blockquote", "pre"}
HIDDEN = {"script", "style", "noscript", "template", "svg", "head", "del", "s", "strike", "button", "select"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}
CELLS = {"td", "th"}


def looks_like_html(text: str) -> bool:
    return len(TAG.findall(text, 0, 200_000)) >= 3


def readable(text: str) -> tuple[str, str]:
    """The text to read and the media type of what it was read from."""
    inner = _unwrapped(text)
    if inner is not None:
        return render(inner), HTML_MEDIA_TYPE
    if looks_like_html(text):
        return render(text), HTML_MEDIA_TYPE
    return text, TEXT_MEDIA_TYPE


def _unwrapped(text: str) -> str | None:
    """HTML held escaped inside a JSON or XML document, or None when there is none."""
    head = text[:2000].lstrip()
    if head.startswith(("{", "[")) and JSON_ESCAPED_TAG.search(text, 0, 2_000_000):
        try:
            strings = list(_json_strings(json.loads(text)))
        except (ValueError, RecursionError):
            strings = []
        pages = [s for s in strings if looks_like_html(s)]
        if pages:
            return max(pages, key=len)
    if head.startswith("<?xml") or ESCAPED_TAG.search(text, 0, 200_000) and not looks_like_html(text):
        if ESCAPED_TAG.search(text, 0, 2_000_000):
            return html.unescape(re.sub(r"<[^<>]{0,500}>", "\n", text))
    return None


def _json_strings(value):
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def render(markup: str) -> str:
    """The text a browser shows, after the page's title (which often alone names the council)."""
    renderer = _Renderer()
    renderer.feed(markup)
    renderer.close()
    title = TITLE.search(markup, 0, 100_000)
    heading = clean(html.unescape(title[1])) if title else ""
    return (heading + "\n\n" if heading else "") + renderer.text()


class _Renderer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0
        self.pre = 0
        self.lists: list[list] = []  # [ordered, count] for each open list
        self.hold_break = False  # after a list number, until the item's text begins

    def text(self) -> str:
        text = "".join(self.out)
        text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip() + "\n"

    def _break(self, blank: bool = False) -> None:
        if self.hold_break:
            return
        tail = "".join(self.out[-2:])
        want = "\n\n" if blank else "\n"
        if not self.out or tail.endswith(want):
            return
        self.out.append("\n" if blank and tail.endswith("\n") else want)

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            if tag not in VOID:
                self.hidden += 1
            return
        if self.hidden:
            return
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
        if tag == "br":
            self.out.append("\n")
        elif tag in CELLS:
            self.out.append("\t")
        elif tag == "li":
            self._break()
            if self.lists and self.lists[-1][0] and len(self.lists) == 1:
                self.lists[-1][1] += 1
                self.out.append(f"{self.lists[-1][1]}. ")
                self.hold_break = True
        elif tag in BLOCKS:
            self._break(tag in PARAGRAPHS)

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "li" or tag in BLOCKS:
            self.hold_break = False
            self._break(tag in PARAGRAPHS)

    def handle_data(self, data):
        if self.hidden:
            return
        if not self.pre:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
            if self.hold_break:
                data = data.lstrip()
                if not data:
                    return
            if data.startswith(" ") and (not self.out or self.out[-1].endswith((" ", "\n", "\t"))):
                data = data[1:]
        if data:
            self.hold_break = False
            self.out.append(data)

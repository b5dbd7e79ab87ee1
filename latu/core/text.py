"""User-written text: Markdown rendered to sanitised HTML (nh3), never raw HTML."""

import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


# A converter is built once per thread and reset between texts: building one (its parser
# and extensions) took longer than converting a comment, and a page renders dozens.
_converters = threading.local()
_OPTIONS = {
    "rich": {"extensions": ["sane_lists", "tables"], "output_format": "html"},
    "plain": {},
}


def _convert(text: str, kind: str) -> str:
    converter = getattr(_converters, kind, None)
    if converter is None:
        converter = markdown.Markdown(**_OPTIONS[kind])
        setattr(_converters, kind, converter)
    return converter.reset().convert(text or "")


def render_markdown(text: str) -> str:
    html = _convert(text, "rich")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def plain_excerpt(text: str, length: int = 200) -> str:
    """Text without markup, cut at a word boundary."""
    clean = nh3.clean(_convert(text, "plain"), tags=set()).replace("\n", " ").strip()
    if len(clean) <= length:
        return clean
    return clean[:length].rsplit(" ", 1)[0] + "…"


def parse_pk(value: str | None) -> int | None:
    """A primary key from a query parameter, or None: ASCII digits only (``"²".isdigit()``
    is true but ``int("²")`` fails) and within a bigint, so odd input never reaches the
    database as an error."""
    if value and len(value) <= 18 and value.isascii() and value.isdigit():
        return int(value)
    return None

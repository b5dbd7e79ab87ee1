"""User-written text: Markdown rendered to sanitised HTML (nh3), never raw HTML."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def plain_excerpt(text: str, length: int = 200) -> str:
    """Text without markup, cut at a word boundary."""
    clean = nh3.clean(markdown.markdown(text or ""), tags=set()).replace("\n", " ").strip()
    if len(clean) <= length:
        return clean
    return clean[:length].rsplit(" ", 1)[0] + "…"

"""Printable documents: an HTML template rendered to PDF with WeasyPrint.

Survey reports, written decisions and game summaries are ordinary templates extending
`core/print_base.html`; this module turns them into PDF. WeasyPrint fetches nothing from the
network: the only resources a document may use are the project's own static files, read from
disk (a user's Markdown cannot make the server request an address).
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

STATIC_PREFIX = "latu-static:"


class ResourceRefused(ValueError):
    """A document asked for something other than one of the project's static files."""


def _static_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    if not url.startswith(STATIC_PREFIX):
        raise ResourceRefused(url)
    try:
        path = finders.find(url.removeprefix(STATIC_PREFIX).lstrip("/"))
    except SuspiciousFileOperation as error:
        raise ResourceRefused(url) from error
    if not path:
        raise ResourceRefused(url)
    with open(path, "rb") as handle:
        data = handle.read()
    return {"string": data, "mime_type": mimetypes.guess_type(path)[0] or "application/octet-stream"}


def render_pdf(template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """The template rendered and laid out as a PDF document (A4, see print_base.html)."""
    from weasyprint import HTML  # imported on use: the library loads Pango, ~40 ms

    html = render_to_string(template_name, {**context, "pdf_static": STATIC_PREFIX}, request=request)
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=_static_fetcher).write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{slugify(filename) or "document"}.pdf"'
    return response

"""Validation of idea attachments by content, not by name: images (PNG, JPEG, WebP)
and PDF documents, at most LATU_MAX_UPLOAD_BYTES. Images are rebuilt from their pixels
(latu.core.images), which drops everything else in the file (EXIF can carry a name, a
device or a location; a JPEG comment or trailing data anything at all)."""

from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from latu.core.images import rebuild_image

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
PDF_TYPE = "application/pdf"


@dataclass
class CheckedUpload:
    kind: str  # "image" or "pdf"
    content_type: str
    content: ContentFile
    name: str
    size: int


def max_upload_bytes() -> int:
    return settings.LATU_MAX_UPLOAD_BYTES


def check_upload(upload, *, anonymous: bool = False, number: int = 1) -> CheckedUpload:
    """Inspect an uploaded file; raise ValidationError with a clear message if it is
    not an allowed image or PDF, or is too large."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest allowed size is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large. The largest allowed size is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    guess = filetype.guess(data[:8192])
    mime = guess.mime if guess else ""
    original = Path(upload.name or "").stem
    if mime in IMAGE_TYPES:
        rebuilt = rebuild_image(data, allowed=IMAGE_TYPES)
        content, suffix, mime, kind = rebuilt.data, rebuilt.suffix, rebuilt.content_type, "image"
    elif mime == PDF_TYPE and data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        if anonymous:
            # A PDF carries its writer's name in its properties, often in compressed
            # objects that cannot be cleaned reliably; images are cleaned, PDFs are not.
            raise ValidationError(
                _("An anonymous idea accepts images only: a PDF document can carry your name in its properties."),
                code="anonymous_pdf",
            )
        content, suffix, kind = data, ".pdf", "pdf"
    else:
        raise ValidationError(
            _("Only images (PNG, JPEG, WebP) and PDF documents can be attached. This file is not one of them."),
            code="file_type",
        )
    if anonymous or not original:
        # The original name of an anonymous author's file could identify them.
        name = f"{_('attachment')}-{number}{suffix}"
    else:
        name = get_valid_filename(original)[:100] + suffix
    return CheckedUpload(kind, mime, ContentFile(content, name=name), name, len(content))

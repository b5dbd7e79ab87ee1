"""Validation of idea attachments by content, not by name: images (PNG, JPEG, WebP)
and PDF documents, at most LATU_MAX_UPLOAD_BYTES. Images are decoded and saved again,
which drops their metadata (EXIF can carry a name, a device or a location)."""

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"image/png": ("PNG", ".png"), "image/jpeg": ("JPEG", ".jpg"), "image/webp": ("WEBP", ".webp")}
PDF_TYPE = "application/pdf"
MAX_PIXELS = 40_000_000


class _NoImageMetadataInLogs(logging.Filter):
    """Pillow's debug logging prints image metadata (EXIF Artist, descriptions), which
    can name the author of an anonymous idea: those records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO


for _name in ("PIL", "PIL.Image", "PIL.TiffImagePlugin", "PIL.JpegImagePlugin", "PIL.PngImagePlugin",
              "PIL.WebPImagePlugin", "PIL.ImageFile"):
    logging.getLogger(_name).addFilter(_NoImageMetadataInLogs())


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
    if mime in IMAGE_FORMATS:
        pil_format, suffix = IMAGE_FORMATS[mime]
        content = _clean_image(data, pil_format)
        kind = "image"
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


def _clean_image(data: bytes, pil_format: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image is too large in pixels."), code="too_many_pixels")
            image.load()
            if pil_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            # Saved without the original metadata (EXIF, XMP, comments).
            image.save(out, format=pil_format)
            return out.getvalue()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The image file is damaged or not really an image."), code="bad_image") from None

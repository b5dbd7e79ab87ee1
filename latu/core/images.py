"""Every uploaded image is rebuilt from its pixels before it is stored (idea attachments,
deed images, organisation logos).

The upload is recognised by its content (never by its name or the browser's content
type), decoded with Pillow and a new image is made from the decoded pixels alone. The
new image carries nothing of the original file but the picture: no EXIF (camera, time,
GPS position, the owner's name), XMP, ICC or text chunks, no JPEG comment (COM)
segments, no data after the end of the image (GIF trailers, appended archives or HTML in
polyglot files), no further animation frames. Phone photos are first turned upright by
their EXIF orientation, which is then dropped like the rest.

GIFs are stored as PNG (the first frame): Pillow's GIF encoder would carry the original's
comment and extension blocks over."""

import io
import logging
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Content type -> Pillow's decoder name. What each is written back as: OUTPUT.
DECODERS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP", "image/gif": "GIF"}
OUTPUT = {"PNG": ("PNG", "image/png", ".png"), "JPEG": ("JPEG", "image/jpeg", ".jpg"),
          "WEBP": ("WEBP", "image/webp", ".webp"), "GIF": ("PNG", "image/png", ".png")}
MAX_PIXELS = 40_000_000


class _NoImageMetadataInLogs(logging.Filter):
    """Pillow's debug logging prints image metadata (EXIF Artist, descriptions), which
    can name the author of an anonymous idea: those records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO


for _name in ("PIL", "PIL.Image", "PIL.TiffImagePlugin", "PIL.JpegImagePlugin", "PIL.PngImagePlugin",
              "PIL.WebPImagePlugin", "PIL.GifImagePlugin", "PIL.ImageFile"):
    logging.getLogger(_name).addFilter(_NoImageMetadataInLogs())


@dataclass(frozen=True)
class RebuiltImage:
    data: bytes
    content_type: str
    suffix: str  # ".png", ".jpg", ".webp"
    width: int
    height: int


def sniff(data: bytes) -> str:
    """The content type by the file's content ("" when not recognised)."""
    guess = filetype.guess(data[:8192])
    return guess.mime if guess else ""


def rebuild_image(data: bytes, *, allowed: frozenset[str] | set[str] = frozenset(DECODERS)) -> RebuiltImage:
    """The image in ``data`` made again from its pixels. ValidationError (localized)
    when the content is not one of the ``allowed`` types or cannot be decoded."""
    mime = sniff(data)
    if mime not in allowed or mime not in DECODERS:
        raise ValidationError(_("The file is not an image of an allowed type."), code="file_type")
    decoder = DECODERS[mime]
    try:
        with Image.open(io.BytesIO(data), formats=[decoder]) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data), formats=[decoder]) as original:
            if original.width * original.height > MAX_PIXELS:
                raise ValidationError(_("The image is too large in pixels."), code="too_many_pixels")
            original.seek(0)
            original.load()
            upright = ImageOps.exif_transpose(original) if decoder in ("JPEG", "WEBP", "PNG") else original
            pixels = _plain_mode(upright, decoder)
            # A new image from the pixel bytes alone: no .info, so nothing is written back.
            clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        raise ValidationError(_("The image file is damaged or not really an image."), code="bad_image") from None
    pil_format, content_type, suffix = OUTPUT[decoder]
    out = io.BytesIO()
    if pil_format == "JPEG":
        clean.save(out, format="JPEG", quality=88, optimize=True)
    elif pil_format == "WEBP":
        clean.save(out, format="WEBP", quality=88)
    else:
        clean.save(out, format="PNG", optimize=True)
    return RebuiltImage(out.getvalue(), content_type, suffix, clean.width, clean.height)


def _plain_mode(image: Image.Image, decoder: str) -> Image.Image:
    """RGB/RGBA/L: modes whose pixel bytes are the whole picture (a palette image's
    colours live outside its pixel bytes)."""
    if decoder == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def serve_image(file, *, public: bool):
    """A stored image as a response from an access-checked view (uploads have no public
    URL: MEDIA_ROOT is not served). The content type comes from the content; the image
    is sandboxed and never sniffed as anything else. ``public``: whether shared caches
    may keep it (only what anyone may see)."""
    from django.http import FileResponse, Http404

    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    head = handle.read(8192)
    handle.seek(0)
    content_type = sniff(head)
    if content_type not in OUTPUT_TYPES:
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


OUTPUT_TYPES = {content_type for _, content_type, _ in OUTPUT.values()} | {"image/gif"}

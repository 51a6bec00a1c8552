"""Checking and cleaning a reporter's attachment before it is sealed (ADR 0015).

The type is read from the bytes, never from the name or the browser's word: Pillow must open
an image of a known format, a PDF must begin with its header. An image is rebuilt from its
pixels alone, so EXIF (with the GPS position, the camera's serial number), XMP, IPTC, ICC
profiles and comments are gone before anything is sealed; the orientation EXIF asked for is
applied first, so the picture still looks as the reporter saw it. An animated image keeps its
first frame.

A PDF is rewritten by qpdf (pikepdf) without what names its maker: the document information
dictionary (Author, Creator, Producer, Title, dates), every XMP metadata stream (the
document's, a page's, an image's), applications' private data (/PieceInfo) and the document
ID, which is computed anew from the content. Rewriting drops earlier revisions of the file
(incremental updates) and unreferenced objects, where old metadata hides. What the pages show
is kept; a PDF is only ever handed out as a download, never shown from the desk's origin. A
PDF that needs a password, or that qpdf cannot read, is refused.
"""

from __future__ import annotations

import io
import warnings

import pikepdf
from PIL import Image, ImageOps, UnidentifiedImageError

from bvr.errors import BvrError
from bvr.services.attachments import Cleaned, Upload, safe_name

#: Formats taken as images; anything else Pillow opens (TIFF, BMP, PSD...) is refused.
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
#: Rebuilding a bigger image takes too much memory; no screenshot comes near it.
MAX_PIXELS = 50_000_000
PDF_MAGIC = b"%PDF-"
#: Keys of any PDF dictionary or stream that carry metadata rather than content.
PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")


def clean(upload: Upload) -> Cleaned:
    """The file as it will be sealed, or a refusal naming it: only images and PDFs."""
    name = safe_name(upload.name)
    if upload.data.startswith(PDF_MAGIC):
        return _pdf_stripped(name, upload.data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload.data))
            if image.format not in IMAGE_FORMATS or (
                    image.width * image.height > MAX_PIXELS):
                raise BvrError("core-attachment-type", name=name)
            image.load()
            return _stripped(name, image)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise BvrError("core-attachment-type", name=name) from error


def _stripped(name: str, image: Image.Image) -> Cleaned:
    """The pixels alone, in a fresh image: no `info`, so nothing but pixels is written."""
    upright = ImageOps.exif_transpose(image) or image
    jpeg = image.format == "JPEG" and upright.mode in {"RGB", "L"}
    if not jpeg:
        upright = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    fresh = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    if jpeg:
        fresh.save(out, format="JPEG", quality=90)
        return Cleaned(_with_suffix(name, ".jpg"), "image/jpeg", out.getvalue())
    fresh.save(out, format="PNG", optimize=False)
    return Cleaned(_with_suffix(name, ".png"), "image/png", out.getvalue())


def _pdf_stripped(name: str, data: bytes) -> Cleaned:
    """The PDF without its document information, XMP streams and ID (see the module's text)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for key in ("/Info", "/ID"):
                if key in pdf.trailer:
                    del pdf.trailer[key]
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                    for key in PDF_METADATA_KEYS:
                        if key in obj:
                            del obj[key]
            out = io.BytesIO()
            # No encryption is kept (the file is sealed instead); the ID comes from the content.
            pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    except pikepdf.PasswordError as error:
        raise BvrError("core-attachment-pdf-locked", name=name) from error
    except (pikepdf.PdfError, ValueError) as error:
        raise BvrError("core-attachment-type", name=name) from error
    return Cleaned(_with_suffix(name, ".pdf"), "application/pdf", out.getvalue())


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info


def _with_suffix(name: str, suffix: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}{suffix}"



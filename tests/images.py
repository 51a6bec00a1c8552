"""Test files for attachments, made here with Pillow: a photo carrying EXIF with a camera
make and a GPS position (both planted markers), a PDF whose author and tools are named in its
document information and its XMP (planted markers, put there by pikepdf as an editing program
would), and a file that only pretends to be an image."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

CAMERA_MARKER = "PlantedCam-7c41e9"
GPS_MARKER = "PLANTED-GPS-DATUM-5e02"
AUTHOR_MARKER = "Planted Author-3f81"
XMP_MARKER = "PLANTED-XMP-CREATOR-b6d0"
PRODUCER_MARKER = "PlantedProducer-22c7"


def photo_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG as a phone makes it: EXIF with Make, Orientation and a GPS IFD."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MARKER
    exif[ExifTags.Base.Orientation] = 6  # rotated: the cleaned picture must come out upright
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 0.0)
    gps[ExifTags.GPS.GPSMapDatum] = GPS_MARKER
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert CAMERA_MARKER.encode() in data and GPS_MARKER.encode() in data
    return data


def pdf() -> bytes:
    """A one-page PDF of a screenshot, as Pillow's PDF writer makes it."""
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(out, format="PDF")
    return out.getvalue()


def pdf_with_metadata(password: str = "") -> bytes:
    """`pdf()` after an editing program saved it: the author, producer, title and dates in
    the document information, the author and tool in XMP, a private ID; with `password`, it
    opens only with that password."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf())) as document:
        document.docinfo["/Author"] = AUTHOR_MARKER
        document.docinfo["/Producer"] = PRODUCER_MARKER
        document.docinfo["/Title"] = "Chat with " + AUTHOR_MARKER
        with document.open_metadata(set_pikepdf_as_editor=False,
                                    update_docinfo=False) as xmp:
            xmp["dc:creator"] = [XMP_MARKER]
            xmp["xmp:CreatorTool"] = PRODUCER_MARKER
        out = io.BytesIO()
        document.save(out, encryption=pikepdf.Encryption(owner=password, user=password)
                      if password else False)
    data = out.getvalue()
    if not password:
        for marker in (AUTHOR_MARKER, XMP_MARKER, PRODUCER_MARKER):
            assert marker.encode() in data, marker
    return data


def disguised_script() -> bytes:
    """HTML named like a photo: its name says .jpg, its content is not an image."""
    return b"<html><script>alert(document.cookie)</script></html>"

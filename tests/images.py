"""Test files for attachments, made here with Pillow: a photo carrying EXIF with a camera
make and a GPS position (both planted markers), and a file that only pretends to be one."""

from __future__ import annotations

import io

from PIL import ExifTags, Image

CAMERA_MARKER = "PlantedCam-7c41e9"
GPS_MARKER = "PLANTED-GPS-DATUM-5e02"


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
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def disguised_script() -> bytes:
    """HTML named like a photo: its name says .jpg, its content is not an image."""
    return b"<html><script>alert(document.cookie)</script></html>"

"""What a file is, judged by its content, never by its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

# extension → (content type, how its content starts)
ALLOWED = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}
# An Office file is a zip with a known part inside; any other zip is not one.
_OFFICE_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def detect(path: Path, filename: str) -> tuple[str | None, str]:
    """The content type if the content is what the extension says; else None and why not."""
    extension = Path(filename).suffix.lower()
    if extension not in ALLOWED:
        return None, f"only {', '.join(sorted(ALLOWED))} files are accepted"
    content_type, magic = ALLOWED[extension]
    with path.open("rb") as handle:
        head = handle.read(len(magic))
    if head != magic:
        return None, f"the content is not a {extension} file"
    if extension in _OFFICE_PART:
        try:
            with zipfile.ZipFile(path) as archive:
                if _OFFICE_PART[extension] not in archive.namelist():
                    return None, f"the content is not a {extension} file"
        except zipfile.BadZipFile:
            return None, f"the content is not a {extension} file"
    return content_type, ""

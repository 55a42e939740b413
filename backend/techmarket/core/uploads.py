"""Uploaded files handed to services as chunks, so that size limits apply while reading."""

from collections.abc import AsyncIterator

from fastapi import UploadFile

CHUNK = 1024 * 1024


async def read_chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK):
        yield chunk

"""The dumps at ``/dumps/…``: the whole dataset and each council's part of it, gzipped, as
the catalogue lists them. Each is brought up to date with the change log before it is served."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response

from openminutes import dumps

PATH = "dumps/"

router = APIRouter()


def current(state) -> list[dumps.Dump]:
    """The dumps of what the store holds now."""
    return dumps.refresh(state.store, state.iris, dumps.directory(state.settings))


def url(state, dump: dumps.Dump) -> str:
    return state.settings.base + PATH + dump.path


@router.api_route(f"/{PATH}{{path:path}}", methods=["GET", "HEAD"])
def dump(request: Request, path: str) -> Response:
    state = request.app.state
    found = next((d for d in current(state) if d.path == path), None)
    if found is None:
        raise HTTPException(404, f"There is no dump {path}; the catalogue at /catalog lists them all.")
    headers = {
        "ETag": f'"{found.sha256}"',
        "Last-Modified": format_datetime(datetime.fromisoformat(found.modified).replace(microsecond=0), usegmt=True),
        "Cache-Control": state.settings.cache_control,
    }
    tags = [tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")]
    if headers["ETag"] in tags or "*" in tags:
        return Response(status_code=304, headers=headers)
    return FileResponse(dumps.directory(state.settings) / found.path, media_type=dumps.COMPRESSED, headers=headers)

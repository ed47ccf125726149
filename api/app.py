"""The application factory: everything the service holds lives on ``app.state``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api import (
    browse, catalog, context, dumps, errors, feed, home, ontology, resources, shapes, sparql, sparql_results,
)
from api.representations import EXTENSIONS, HTML
from openminutes.settings import Settings
from openminutes.store import Store, open_store
from openminutes.vocab import Iris

HERE = Path(__file__).parent


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The HTTP service. Without a ``store``, it opens the one the settings name for its lifetime."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if store is not None:
            yield
            return
        with open_store(settings) as opened:
            app.state.store = opened
            yield

    app = FastAPI(title="OpenMinutes", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.store = store
    app.state.iris = Iris(settings.base)
    # Links in pages are paths under the base's own path, so they work behind a proxy too.
    app.state.root = urlsplit(settings.base).path
    app.state.ontology = ontology.load()
    app.state.context = context.build(app.state.ontology)
    app.state.templates = _templates(app.state.root)

    # Open data: any web page may read it, and the headers that describe it.
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
        expose_headers=["ETag", "Last-Modified", "Link", "Content-Location", sparql_results.TRUNCATED_HEADER],
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (home, browse, resources, sparql, ontology, shapes, catalog, dumps, feed):
        app.include_router(module.router)
    errors.install(app)
    return app


def _templates(root: str) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        root=root,
        alternates=[(media_type, extension) for extension, media_type in EXTENSIONS.items() if media_type != HTML],
    )
    return templates

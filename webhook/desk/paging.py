"""Which page of a desk list the reader asked for, and the links to the others.

`?page=` counts from 1; `?size=` is one of the sizes the service offers
(`casework_desk.PAGE_SIZES`), so a list never comes out longer than the reader chose, nor can
a URL ask the server for everything at once.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from bvr.services.paging import PAGE_SIZE, PAGE_SIZES
from webhook.desk import blueprint


def asked() -> tuple[int, int]:
    """(page, size) from the query; nonsense gives the first page of the default size."""
    page = request.args.get("page", "1")
    size = request.args.get("size", str(PAGE_SIZE))
    number = int(page) if page.isdigit() else 1
    chosen = int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZE
    return max(1, number), chosen


def link(page: int, size: int, **kept: Any) -> str:
    """This list again at `page`, keeping the size and the filters."""
    assert request.endpoint is not None
    values = {k: v for k, v in kept.items() if v}
    return url_for(request.endpoint, page=page, size=size, **values)


@blueprint.context_processor
def _pager() -> dict[str, Any]:
    return {"page_link": link, "page_sizes": PAGE_SIZES}

"""All tables, wherever they are declared.

The core's tables are in `models.py`; a feature may declare its own in a sibling module named
`models_<feature>.py` (with a migration on its own Alembic branch). Importing every such module
puts all tables in `Base.metadata`, which is what Alembic and the schema tests compare against.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import bvr.storage
from bvr.storage.models import Base


def metadata() -> MetaData:
    for module in pkgutil.iter_modules(bvr.storage.__path__):
        if module.name.startswith("models"):
            importlib.import_module(f"bvr.storage.{module.name}")
    return Base.metadata

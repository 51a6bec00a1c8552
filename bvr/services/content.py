"""Case content as encrypted JSON: the one place where structured content meets the vault."""

from __future__ import annotations

import json
from typing import Any

from bvr import vault


def seal(data_key: bytes, content: dict[str, Any]) -> bytes:
    plain = json.dumps(content, ensure_ascii=False, default=str, sort_keys=True)
    return vault.encrypt(data_key, plain.encode("utf-8"))


def unseal(data_key: bytes, ciphertext: bytes) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(vault.decrypt(data_key, ciphertext))
    return content

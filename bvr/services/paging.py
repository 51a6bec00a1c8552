"""One page of a desk list: the sizes a reader may choose, and the page they asked for."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

#: The page sizes a reader may choose on the desk's lists, and the one they get by default.
PAGE_SIZES = (25, 50, 100, 200)
PAGE_SIZE = 50

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, its number (from 1), its size and the total count."""

    items: tuple[T, ...]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @classmethod
    def of(cls, found: Sequence[T], number: int, size: int) -> Page[T]:
        """The page `number` of `found`; a number past the end gives the last page."""
        size = size if size in PAGE_SIZES else PAGE_SIZE
        number = min(max(1, number), max(1, -(-len(found) // size)))
        start = (number - 1) * size
        return cls(tuple(found[start:start + size]), number, size, len(found))

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

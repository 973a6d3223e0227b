"""Distinct rows of an integer grid, fast: what event rows, the event table and a page's edges are counted with."""
from __future__ import annotations

import numpy as np

__all__ = ["unique_rows"]


def unique_rows(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(grid, axis=0, return_inverse=True)`` for an integer grid, through one int64 key per row.

    Why: ``np.unique`` along an axis sorts the rows as structured records,
    2.8 s for the 1M-event table; when the columns' ranges fit in 63 bits
    together (always, for kg's tables), each row becomes one number in mixed
    radix, first column most significant, so sorting the numbers sorts the
    rows in the same order: the same result, about ten times sooner.

    >>> g = np.array([[2, -1], [0, 5], [2, -1], [0, 3]])
    >>> rows, inverse = unique_rows(g)
    >>> rows.tolist(), inverse.tolist()
    ([[0, 3], [0, 5], [2, -1]], [2, 1, 2, 0])
    """
    if grid.ndim != 2 or len(grid) == 0:
        return np.unique(grid, axis=0, return_inverse=True)
    low = grid.min(axis=0)
    spans = (grid.max(axis=0) - low + 1).astype(object)  # Python ints: the product must not overflow
    total = 1
    for span in spans:
        total *= int(span)
    if total >= 2 ** 63:
        return np.unique(grid, axis=0, return_inverse=True)
    key = np.zeros(len(grid), dtype=np.int64)
    for j in range(grid.shape[1]):
        key = key * np.int64(int(spans[j])) + (grid[:, j] - low[j])
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return grid[first], inverse.reshape(-1)


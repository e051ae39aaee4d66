"""The QR code's data mask, chosen as ISO/IEC 18004 §7.8.3 says, without trying all eight in pure Python.

Input: the text of a certificate's QR code; output: the mask number (0–7) segno itself would pick.

Why: segno applies each of the eight masks module by module and scores each with a pure-Python loop
(~18 % of a certificate's time in a batch). Here the symbol is encoded once (segno, mask 0), the data
modules are recovered, and each mask is applied and scored a whole row at a time: a row is one
integer with a byte per module, so XOR, the 2×2 blocks (N2) and the dark count are integer and bytes
operations, runs (N1) a regular expression, and the 1:1:3:1:1 pattern (N3) ``bytes.find``. The
scores are the standard's, computed as segno computes them; ``segno.make(…, mask=best)`` then gives
the very symbol the full search gives (tested on thousands of texts), so the PDFs do not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
"""ISO/IEC 18004 Table 10: module (row i, column j) is flipped where the condition holds."""
RUN = re.compile(rb"\x00{5,}|\x01{5,}")
FINDER_LIKE = b"\x01\x00\x01\x01\x01\x00\x01"
QUIET = b"\x00" * 4


def _lanes(values: Sequence[int]) -> int:
    """A row as one integer, a byte a module (so rows XOR and AND module by module)."""
    return int.from_bytes(bytes(values), "big")


@cache
def _layout(width: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """For a symbol of ``width`` modules: per row, the data region, the function modules as they
    stand while masks are scored (format and version areas light, the dark module not yet set),
    and each mask's flips restricted to the data region."""
    from segno import encoder as segno_encoder

    encoder: Any = segno_encoder  # untyped helpers of segno's own encoder
    fm = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(fm, width, width)
    encoder.add_alignment_patterns(fm, width, width)
    fm[-8][8] = 0x1  # the dark module is not data (it is set after the mask is chosen)
    region = [[1 if v > 1 else 0 for v in row] for row in fm]
    fixed = [[v if v <= 1 else 0 for v in row] for row in fm]
    fixed[-8][8] = 0
    flips = tuple(
        tuple(_lanes([int(fn(i, j)) & region[i][j] for j in range(width)]) for i in range(width)) for fn in _MASKS
    )
    return tuple(_lanes(r) for r in region), tuple(_lanes(r) for r in fixed), flips


def _finder_like(seq: bytes) -> int:
    """N3 over sequences joined by four light modules: 40 for each 1:1:3:1:1 pattern with four light
    modules (or the symbol's edge, which the padding stands for) before or after it. The pattern
    starts and ends dark and holds no two light modules in a row, so it never spans the padding."""
    score = 0
    at = seq.find(FINDER_LIKE)
    while at != -1:
        end = at + 7
        if not any(seq[at - 4 : at]) or not any(seq[end : end + 4]):
            score += 40
            at = seq.find(FINDER_LIKE, end)
        else:
            at = seq.find(FINDER_LIKE, at + 4)
    return score


def _runs(seq: bytes) -> int:
    """N1 over sequences joined by a byte 2: a run of 5 + i modules of one colour scores 3 + i."""
    runs = RUN.findall(seq)
    return len(b"".join(runs)) - 2 * len(runs)


def penalty(rows: Sequence[int], width: int) -> int:
    """The §7.8.3.1 penalty (N1 + N2 + N3 + N4) of a masked symbol given as row integers."""
    ones = _lanes([1] * width)
    inner = ones >> 8  # modules 0 … width-2: a block's left column
    lines = [r.to_bytes(width, "big") for r in rows]
    cols = [bytes(c) for c in zip(*lines, strict=True)]
    score = _runs(b"\x02".join(lines)) + _runs(b"\x02".join(cols))
    score += _finder_like(QUIET.join((b"", *lines, b""))) + _finder_like(QUIET.join((b"", *cols, b"")))
    for a, b in zip(rows, rows[1:], strict=False):
        same = (ones ^ a ^ (a >> 8)) & (ones ^ b ^ (b >> 8)) & (ones ^ a ^ b) & inner
        score += 3 * same.bit_count()
    dark = sum(line.count(1) for line in lines)
    percent = float(dark) / (width**2)
    return score + 10 * int(abs(percent * 100 - 50) / 5)


def best_mask(matrix: Sequence[Sequence[int]]) -> tuple[int, list[int]]:
    """The mask with the lowest penalty (the first on a tie) for a QR code whose final matrix, made
    with mask 0, is ``matrix`` (segno's ``QRCode.matrix``), and its data rows under that mask."""
    width = len(matrix)
    region, fixed, flips = _layout(width)
    data = [_lanes(row) & reg ^ f0 for row, reg, f0 in zip(matrix, region, flips[0], strict=True)]
    masked = [[d ^ f for d, f in zip(data, flip, strict=True)] for flip in flips]
    scores = [penalty([fx | d for fx, d in zip(fixed, rows, strict=True)], width) for rows in masked]
    best = scores.index(min(scores))
    return best, masked[best]


def make(text: str, error: str) -> Any:
    """``segno.make(text, error=error, micro=False)``, the same symbol, its mask chosen by :func:`best_mask`:
    encoded once with mask 0, then its data modules flipped to the best mask and its format
    information written again (the version information does not depend on the mask)."""
    import segno
    from segno import encoder as segno_encoder

    encoder: Any = segno_encoder
    code = segno.make(text, error=error, micro=False, mask=0)
    mask, rows = best_mask(code.matrix)
    if mask == 0:
        return code
    region, _, _ = _layout(len(code.matrix))
    for line, reg, data in zip(code.matrix, region, rows, strict=True):
        line[:] = ((_lanes(line) & ~reg) | data).to_bytes(len(line), "big")
    encoder.add_format_info(code.matrix, code._version, code._error, mask)
    code.mask = mask
    return code

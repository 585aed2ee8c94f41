"""Streaming a download: tables read a chunk at a time, lines sent a piece at a time.

Both downloads (`export_csv`, `backup`) read each table with `.iterator()`, so
memory and the number of queries stay the same however long the history is.
"""

from collections.abc import Iterable, Iterator

# Rows read from the database per query of an `.iterator()`.
CHUNK = 2000
# Rows of CSV (or list items of JSON) joined into one piece of the stream.
PIECE = 500


def pieces(lines: Iterable[str], size: int = PIECE) -> Iterator[str]:
    """The lines joined `size` at a time: fewer, larger writes to the response."""
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)

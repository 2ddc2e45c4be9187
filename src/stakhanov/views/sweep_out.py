"""The sweep as a stream of CSV, JSON or Parquet: wide by default, long on request.

A sweep grid can be a million points; its writer takes the parts that
``calc.sweep.sweep_chunks`` yields one after another, so memory stays flat whatever the
grid size. The table view of a (small) sweep is in ``render_norms``.

Wide (the default): one row per grid point (α, tariff), one column per group whose earnings
the revision moves, holding the central figure, plus ``GROUP_low`` and ``GROUP_high`` where
that group's ends differ from it. An open end is no column (it has no limit anywhere). A
group the revision does not move is named once: in a ``"fixed"`` field of the JSON, in the
Parquet file's metadata (key ``stakhanov``), and in the ``--meta FILE`` sidecar that
``write_sweep`` returns (``sweep_meta``). Long (``--long``): one row per (tariff, α, group)
with low, central, high and paid_by_norm, as ``views.frames.sweep_frame``.

The CSV is plain: its header is its first line, for any reader with no options
(``pandas.read_csv(path)``). Under a scenario or ``--set`` the last column,
``scenarios``, names what was applied, as in every CSV the tool writes
(``console.emit_records``). The fixed groups are not columns: a constant repeated on each of
up to ten million rows, and a range with an open end, would fill the file with what one
line of JSON says once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TypeVar

from stakhanov.errors import UsageError
from stakhanov.views.console import applied, csv_value

if TYPE_CHECKING:
    import pandas as pd

    from stakhanov.calc.sweep import SweepResult

__all__ = ["SWEEP_FORMATS", "sweep_meta", "write_sweep"]

SWEEP_FORMATS = ("csv", "json", "parquet")
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Layout:
    """Which array goes in which column of the wide layout, and what is fixed."""

    columns: tuple[tuple[str, str, int], ...]  # (column name, end, group index)
    fixed: dict[str, dict[str, float | None]]
    open_ends: tuple[str, ...]
    header: dict[str, Any]


def _layout(first: SweepResult) -> _Layout:
    import numpy as np

    columns: list[tuple[str, str, int]] = []
    fixed: dict[str, dict[str, float | None]] = {}
    open_ends: list[str] = []
    for gi, (group, paid) in enumerate(zip(first.groups, first.paid_by_norm, strict=True)):
        low, mid, high = (x[:, :, gi] for x in (first.low, first.central, first.high))
        if not paid:
            fixed[group] = {k: _finite(float(v[0, 0])) for k, v in _ends(low, mid, high)}
            continue
        for end, values in (("low", low), ("central", mid), ("high", high)):
            if end == "central":
                columns.append((group, end, gi))
            elif np.isnan(values).all():
                open_ends.append(f"{group} has no {'lower' if end == 'low' else 'upper'} limit")
            elif not np.allclose(values, mid, rtol=1e-12, atol=0):
                columns.append((f"{group}_{end}", end, gi))
    header = {
        "what": "central monthly earnings in rubles along the grid",
        "norm": first.norm_id,
        "record": first.record_id,
        "rule": first.rule,
    }
    return _Layout(tuple(columns), fixed, tuple(open_ends), header)


def _ends(low: Any, mid: Any, high: Any) -> list[tuple[str, Any]]:
    return [("low", low), ("central", mid), ("high", high)]


def _finite(value: float) -> float | None:
    return None if value != value else value  # NaN, an open end, is null


def _wide(part: SweepResult, layout: _Layout, digits: int | None) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    t, a = len(part.tariffs_pct), len(part.alphas)
    data: dict[str, Any] = {
        "alpha": np.tile(part.alphas, t),
        "tariff_pct": np.repeat(part.tariffs_pct, a),
    }
    arrays = {"low": part.low, "central": part.central, "high": part.high}
    for name, end, gi in layout.columns:
        values = arrays[end][:, :, gi].ravel()
        data[name] = values if digits is None else np.round(values, digits)
    return pd.DataFrame(data)


def _long(part: SweepResult, digits: int | None) -> pd.DataFrame:
    from stakhanov.views.frames import sweep_frame

    frame = sweep_frame(part)
    return frame if digits is None else frame.round(digits)


def sweep_meta(layout: _Layout | None, columns: list[str]) -> dict[str, Any]:
    """What the rows do not say, as the JSON's head says it: the scenarios, and for the
    wide layout the norm, record and rule, the fixed groups, the open ends. ``columns``:
    the output's columns, in order."""
    scenarios = applied()
    head: dict[str, Any] = {"scenarios": scenarios} if scenarios else {}
    if layout is None:
        return {**head, "layout": "long", "columns": columns}
    return {
        **head,
        "layout": "wide",
        **layout.header,
        "fixed": layout.fixed,
        "open_ends": list(layout.open_ends),
        "columns": columns,
    }


def _csv(frame: pd.DataFrame, header: bool) -> str:
    """A part of the CSV; under a scenario the rows end with the ``scenarios`` column."""
    scenarios = applied()
    if scenarios:
        frame = frame.assign(scenarios=csv_value(scenarios))
    return frame.to_csv(index=False, header=header, lineterminator="\n")


def _records(frame: pd.DataFrame) -> list[str]:
    """Each row as a JSON object at full float precision (pandas' own writer stops at 15
    significant digits); never NaN or Infinity."""
    return [
        json.dumps(row, ensure_ascii=False, allow_nan=False)
        for row in frame.to_dict(orient="records")
    ]


def _text_parts(
    parts: Iterator[SweepResult], fmt: str, digits: int | None, long: bool, meta: dict[str, Any]
) -> Iterator[str]:
    """The output as text, a part at a time; ``meta`` gets ``sweep_meta`` once it is known."""
    first = next(parts)
    layout = None if long else _layout(first)
    chain = _prepend(first, parts)
    frames = (_long(p, digits) if layout is None else _wide(p, layout, digits) for p in chain)
    head = next(frames)
    extra = ["scenarios"] if fmt == "csv" and applied() else []  # the CSV's last column
    meta.update(sweep_meta(layout, [*map(str, head.columns), *extra]))
    if fmt == "csv":
        for i, frame in enumerate(_prepend(head, frames)):
            if layout is None:  # true/false, as every other CSV of the tool writes them
                frame["paid_by_norm"] = frame["paid_by_norm"].map({True: "true", False: "false"})
            yield _csv(frame, header=i == 0)
        return
    # JSON: an object (wide) or a list of records (long), written record by record. Under a
    # scenario the long list is wrapped as {"scenarios", "rows"}, like every list result.
    scenarios = applied()
    if layout is None:
        yield (
            '{\n  "scenarios": ' + json.dumps(scenarios, ensure_ascii=False) + ',\n  "rows": ['
            if scenarios
            else "["
        )
    else:
        wide = {k: v for k, v in meta.items() if k != "layout"}
        wide["columns"] = [str(c) for c in head.columns]
        yield json.dumps(wide, indent=2, ensure_ascii=False)[:-2] + ',\n  "rows": ['
    sep = "\n"
    for frame in _prepend(head, frames):
        lines = _records(frame)
        if lines:
            yield sep + ",\n".join(f"    {line}" for line in lines)
            sep = ",\n"
    yield "\n  ]\n}\n" if layout is not None or scenarios else "\n]\n"


def _prepend(first: _T, rest: Iterator[_T]) -> Iterator[_T]:
    yield first
    yield from rest


def write_sweep(
    parts: Iterable[SweepResult],
    fmt: str,
    digits: int | None = None,
    *,
    long: bool = False,
    out: IO[str] | None = None,
    binary: BinaryIO | None = None,
) -> dict[str, Any]:
    """Stream the sweep's parts as ``fmt`` to ``out`` (text; default stdout) or, for
    Parquet, to ``binary``. Returns ``sweep_meta``: what the rows do not say (``--meta``)."""
    it = iter(parts)
    meta: dict[str, Any] = {}
    if fmt == "parquet":
        if binary is None:
            raise UsageError("--format parquet writes a file: give --output FILE.parquet")
        _parquet(it, digits, long, binary, meta)
        return meta
    target = out if out is not None else sys.stdout
    for text in _text_parts(it, fmt, digits, long, meta):
        target.write(text)
    return meta


def _parquet(
    parts: Iterator[SweepResult],
    digits: int | None,
    long: bool,
    binary: BinaryIO,
    meta: dict[str, Any],
) -> None:
    pa, pq = _pyarrow()
    first = next(parts)
    layout = None if long else _layout(first)
    writer = None
    try:
        for part in _prepend(first, parts):
            frame = _long(part, digits) if layout is None else _wide(part, layout, digits)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                meta.update(sweep_meta(layout, [str(c) for c in frame.columns]))
                kept = {} if layout is None else {**layout.header, "fixed": layout.fixed}
                schema = table.schema.with_metadata(
                    {**(table.schema.metadata or {}), b"stakhanov": json.dumps(kept).encode()}
                )
                writer = pq.ParquetWriter(binary, schema)
            writer.write_table(table.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            '--format parquet needs pyarrow, an optional extra: pip install "stakhanov[parquet]"'
        ) from None
    return pa, pq

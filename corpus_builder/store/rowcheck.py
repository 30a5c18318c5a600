"""Check rows against the declared schema in plain Python, before they are buffered.

Converting each document's few rows to Arrow on its own is slow (a fixed cost
per call), so rows are converted in large chunks later; this check makes sure
such a chunk cannot fail, so a bad record is refused by the ``add`` call that
brought it and nothing of it is kept.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any, Callable

import numpy as np
import pyarrow as pa

from corpus_builder.store.schema import COLUMNS

Check = Callable[[Any], bool]
_INT_RANGE = {pa.int32(): 2**31, pa.int64(): 2**63, pa.int16(): 2**15}


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _scalar_check(type_: pa.DataType) -> Check:
    if pa.types.is_string(type_):
        return lambda v: isinstance(v, str)
    if type_ in _INT_RANGE:
        bound = _INT_RANGE[type_]
        return lambda v: _is_int(v) and -bound <= v < bound
    if pa.types.is_unsigned_integer(type_):
        return lambda v: _is_int(v) and 0 <= v < 2 ** type_.bit_width
    if pa.types.is_floating(type_):
        return lambda v: isinstance(v, (int, float, np.floating)) and not isinstance(v, bool)
    if pa.types.is_timestamp(type_):
        return lambda v: isinstance(v, datetime)
    if pa.types.is_date(type_):
        return lambda v: isinstance(v, date) and not isinstance(v, datetime)
    raise TypeError(f"no check for {type_}")


def _all_str(v: Any) -> bool:
    try:
        "".join(v)  # C speed: TypeError on the first item that is not a str
    except TypeError:
        return False
    return isinstance(v, (list, tuple))


def _check_for(type_: pa.DataType) -> Check:
    if pa.types.is_list(type_) and pa.types.is_string(type_.value_type):
        return _all_str
    if pa.types.is_list(type_):
        item = _scalar_check(type_.value_type)
        np_kind = np.dtype(type_.value_type.to_pandas_dtype()) if pa.types.is_integer(type_.value_type) else None
        return lambda v: (isinstance(v, np.ndarray) and np_kind is not None and v.dtype == np_kind) or (
            isinstance(v, (list, tuple)) and all(item(x) for x in v))
    return _scalar_check(type_)


@lru_cache(maxsize=None)
def _checks(table: str) -> tuple[tuple[str, bool, Check], ...]:
    return tuple((c.name, c.nullable, _check_for(c.type)) for c in COLUMNS[table])


def check_rows(table: str, rows: list[dict[str, Any]]) -> None:
    """Raise TypeError naming the column if any value does not fit ``table``'s schema."""
    checks = _checks(table)
    for row in rows:
        for name, nullable, ok in checks:
            value = row[name]
            if value is None:
                if not nullable:
                    raise TypeError(f"{table}.{name}: null in a not-null column")
            elif not ok(value):
                raise TypeError(f"{table}.{name}: {type(value).__name__} {value!r:.60} does not fit the schema")

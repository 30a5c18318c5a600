"""Check rows against the declared schema in plain Python, before they are buffered.

Converting each document's few rows to Arrow on its own is slow (a fixed cost
per call), so rows are converted in large chunks later; this check makes sure
such a chunk cannot fail, so a bad record is refused by the ``add`` call that
brought it and nothing of it is kept.  Checks run on all the columns of one
type at once with C-speed idioms (``str.join`` refuses non-strings,
``array.array`` refuses non-integers and out-of-range values); only on
failure are the columns checked one by one, and the failing one value by
value, to name the culprit.
"""
from __future__ import annotations

from array import array
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable

import numpy as np
import pyarrow as pa

from corpus_builder.store.schema import COLUMNS

Check = Callable[[list], None]  # raises TypeError/OverflowError/ValueError on a bad value
_ARRAY_CODE = {pa.int16(): "h", pa.int32(): "i", pa.int64(): "q", pa.uint32(): "I", pa.float64(): "d"}


def _strings(values: list) -> None:
    "".join(values)


def _type_is(kind: type) -> Check:
    def check(values: list) -> None:
        if not all(type(v) is kind for v in values):
            raise TypeError(f"expected {kind.__name__}")
    return check


def _numbers(code: str) -> Check:
    return lambda values: array(code, values) and None


def _lists_of(item: Check, np_dtype: np.dtype | None) -> Check:
    def check(values: list) -> None:
        for v in values:
            if np_dtype is not None and isinstance(v, np.ndarray) and v.dtype == np_dtype:
                continue
            if type(v) not in (list, tuple):
                raise TypeError("expected a list")
            item(v)  # str.join, array and the other checks take a tuple as well: no copy
    return check


def _check_for(type_: pa.DataType) -> Check:
    if pa.types.is_list(type_):
        value = type_.value_type
        np_dtype = np.dtype(value.to_pandas_dtype()) if pa.types.is_integer(value) else None
        return _lists_of(_check_for(value), np_dtype)
    if pa.types.is_string(type_):
        return _strings
    if type_ in _ARRAY_CODE:
        return _numbers(_ARRAY_CODE[type_])
    if pa.types.is_timestamp(type_):
        return _type_is(datetime)
    if pa.types.is_date(type_):
        return _type_is(date)
    raise TypeError(f"no check for {type_}")


@lru_cache(maxsize=None)
def _checks(table: str) -> tuple[tuple[str, bool, bool, Check], ...]:
    return tuple((c.name, c.nullable, pa.types.is_list(c.type), _check_for(c.type)) for c in COLUMNS[table])


def _culprit(table: str, name: str, check: Check, values: list) -> str:
    for value in values:
        try:
            check([value])
        except (TypeError, OverflowError, ValueError):
            return f"{table}.{name}: {type(value).__name__} {value!r:.60} does not fit the schema"
    return f"{table}.{name}: values do not fit the schema"


@lru_cache(maxsize=None)
def _groups(table: str) -> tuple[tuple[Callable[[dict], tuple], bool, Check], ...]:
    """(getter of the values of a row, nullable, check) per type of ``table``'s columns: one
    check for all its string columns, one for its int32 ones …, instead of one per column."""
    names: dict[tuple[pa.DataType, bool], list[str]] = {}
    for c in COLUMNS[table]:
        names.setdefault((c.type, c.nullable), []).append(c.name)
    return tuple((itemgetter(*group) if len(group) > 1 else lambda row, n=group[0]: (row[n],), nullable,
                  _check_for(type_)) for (type_, nullable), group in names.items())


def _all_fit(table: str, rows: list[dict[str, Any]]) -> bool:
    """True if every value fits (every check refuses None: the nullable columns' are left out);
    False on any doubt, for the column by column pass to name the culprit."""
    single = rows[0] if len(rows) == 1 else None
    try:
        for get, nullable, check in _groups(table):
            # one check of a column group for all the rows (a document's clauses): a check is a fixed cost
            values = get(single) if single is not None else [v for row in rows for v in get(row)]
            check([v for v in values if v is not None] if nullable else values)
    except (TypeError, OverflowError, ValueError, KeyError):
        return False
    return True


def check_rows(table: str, rows: list[dict[str, Any]]) -> None:
    """Raise TypeError naming the column if any value does not fit ``table``'s schema."""
    if not rows or _all_fit(table, rows):  # the common case, a few C calls per row
        return
    for name, nullable, is_list, check in _checks(table):
        values = [row[name] for row in rows]
        # `in` compares with ==, which numpy arrays answer elementwise: test identity for lists
        if any(v is None for v in values) if is_list else None in values:
            if not nullable:
                raise TypeError(f"{table}.{name}: null in a not-null column")
            values = [v for v in values if v is not None]
        try:
            check(values)
        except (TypeError, OverflowError, ValueError):
            raise TypeError(_culprit(table, name, check, values)) from None

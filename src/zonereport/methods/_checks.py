"""Input checks shared by the statistical methods.

Each check raises :class:`MethodInputError` with a one-line message naming the function, the
argument and (for a Series) the offending label, so a user knows which figure to fix.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from zonereport.errors import MethodInputError


def finite(func: str, name: str, value: object) -> float:
    """Return ``value`` as a float, or raise if it is missing, not a number, NaN or infinite."""
    if value is None:
        raise MethodInputError(f"{func}: {name} is missing; pass a number")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise MethodInputError(f"{func}: {name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise MethodInputError(f"{func}: {name} is {number}; pass a finite number")
    return number


def non_negative(func: str, name: str, value: object) -> float:
    """A finite number that is zero or more (a level, an amount)."""
    number = finite(func, name, value)
    if number < 0:
        raise MethodInputError(f"{func}: {name} is negative ({number}); a level cannot be below 0")
    return number


def positive(func: str, name: str, value: object) -> float:
    """A finite number above zero (a level used as a base or divisor)."""
    number = non_negative(func, name, value)
    if number == 0:
        raise MethodInputError(f"{func}: {name} is 0; a zero base leaves the ratio undefined")
    return number


def growth_above_minus_one(func: str, name: str, value: object) -> float:
    """A growth rate as a fraction, strictly above −1 (1 + g must be positive)."""
    number = finite(func, name, value)
    if number <= -1:
        raise MethodInputError(
            f"{func}: {name} is {number}; a growth rate must be above -1 (-100%),"
            " and rates are fractions (0.055 for 5.5%)"
        )
    return number


def finite_array(func: str, name: str, values: Iterable[float] | pd.Series | np.ndarray) -> np.ndarray:
    """A non-empty one-dimensional float array with only finite values."""
    if isinstance(values, (pd.Series, np.ndarray)):
        array = np.asarray(values)
    else:
        array = np.asarray(list(values), dtype=object)
    if array.ndim != 1:
        raise MethodInputError(f"{func}: {name} must be one-dimensional")
    if array.size == 0:
        raise MethodInputError(f"{func}: {name} is empty; pass at least one value")
    if array.dtype == object:
        # None / pd.NA stand for a missing figure (caught below as non-finite); text is a bug.
        numbers = (int, float, np.integer, np.floating)
        missing = [v is None or v is pd.NA for v in array]
        if any(
            not gap and (isinstance(v, bool) or not isinstance(v, numbers))
            for v, gap in zip(array, missing, strict=True)
        ):
            raise MethodInputError(f"{func}: {name} must hold numbers only")
        array = np.array([np.nan if gap else v for v, gap in zip(array, missing, strict=True)], dtype=float)
    elif array.dtype.kind not in "iuf":
        raise MethodInputError(f"{func}: {name} must hold numbers only, not {array.dtype}")
    array = array.astype(float)
    bad = ~np.isfinite(array)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        label = values.index[position] if isinstance(values, pd.Series) else position
        raise MethodInputError(f"{func}: {name} has a non-finite value at {label!r}; pass finite numbers")
    return array


def finite_series(func: str, name: str, values: pd.Series) -> pd.Series:
    """A float Series with unique labels and only finite values."""
    if not isinstance(values, pd.Series):
        raise MethodInputError(f"{func}: {name} must be a pandas Series indexed by sector or region")
    if values.index.has_duplicates:
        label = values.index[values.index.duplicated()][0]
        raise MethodInputError(f"{func}: {name} has the label {label!r} twice; labels must be unique")
    array = finite_array(func, name, values)
    return pd.Series(array, index=values.index, name=values.name)


def non_negative_series(func: str, name: str, values: pd.Series) -> pd.Series:
    """A finite Series with no negative value and a positive sum."""
    series = finite_series(func, name, values)
    negative = series[series < 0]
    if not negative.empty:
        raise MethodInputError(
            f"{func}: {name} is negative at {negative.index[0]!r} ({negative.iloc[0]}); levels cannot be below 0"
        )
    if series.sum() == 0:
        raise MethodInputError(f"{func}: {name} is all zero; shares of a zero total are undefined")
    return series


def aligned(func: str, names: tuple[str, ...], series: tuple[pd.Series, ...]) -> tuple[pd.Series, ...]:
    """Series with the same set of labels, reordered to the first one's order."""
    first_name, first = names[0], series[0]
    out = [first]
    for other_name, other in zip(names[1:], series[1:], strict=True):
        if set(other.index) != set(first.index):
            missing = [label for label in first.index if label not in other.index]
            extra = [label for label in other.index if label not in first.index]
            detail = f"missing {missing!r}" if missing else f"extra {extra!r}"
            raise MethodInputError(
                f"{func}: {other_name} and {first_name} have different labels ({other_name} {detail});"
                " pass the same sectors in both"
            )
        out.append(other.reindex(first.index))
    return tuple(out)


def shares_sum_to_one(func: str, name: str, shares: pd.Series, tol: float) -> pd.Series:
    """A non-negative Series whose values sum to 1 within ``tol`` (shares as fractions)."""
    series = non_negative_series(func, name, shares)
    total = float(series.sum())
    if abs(total - 1) > tol:
        raise MethodInputError(
            f"{func}: {name} sums to {total:.6g}, not 1 (tolerance {tol}); pass shares as fractions"
            " of a whole, or use shares() on the levels"
        )
    return series


def within(difference: float, tolerance: float) -> bool:
    """|difference| ≤ tolerance, forgiving binary floating-point noise at the boundary.

    Without the slack, 0.3 − 0.2 (= 0.09999999999999998) agrees with a tolerance of 0.1 but
    0.7 − 0.6 (= 0.09999999999999998 or 0.10000000000000009) may not.
    """
    size = abs(difference)
    return size <= tolerance or math.isclose(size, tolerance, rel_tol=1e-9, abs_tol=1e-15)

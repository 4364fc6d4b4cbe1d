"""What a check derives from a run's tables, kept while those tables live.

The multiverse runs each check many times on the same tables: once per delegation size on its grid, per
threshold and per input choice. What depends only on the tables (a recoding under another rule set, a
period comparison, counts per domain) is computed once per table object. An entry is keyed by the identity of
the tables it was computed from and holds them, so a key never outlives its tables (no id is reused while
the entry exists); callers read what it returns and never change it.

The arguments a derivation depends on are part of its key and are read by the caller from the run's
parameters, so the multiverse still sees which parameters a check reads (multiverse.ReadRecorder).
"""

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
LIMIT = 128  # entries kept before the store starts again (a multiverse task makes up to about 20)
_STORE: dict[tuple[Hashable, ...], tuple[tuple[Any, ...], Any]] = {}


def derived(what: str, tables: tuple[Any, ...], args: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute() for `tables` and `args`, computed once while the same table objects are alive."""
    key = (what, tuple(id(t) for t in tables), args)
    hit = _STORE.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], tables)):
        return hit[1]
    if len(_STORE) >= LIMIT:
        _STORE.clear()
    value = compute()
    _STORE[key] = (tables, value)
    return value

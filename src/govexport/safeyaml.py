"""Reading what a user hands the package: files, and YAML restricted to plain data.

Every YAML the package reads (Table 2, the claims register, scenarios, `-p NAME=VALUE` values) goes
through `load` or `loads`; every data file is read with `read_bytes`. Each problem is one DataError
naming the file (and the line), never a traceback:

- sizes are bounded (a file is refused before it is read when it is too large);
- YAML holds only strings, numbers, booleans, null, lists and mappings: no tags, no timestamps
  (a date stays the string it is), no anchors or aliases (so no "billion laughs" expansion),
  no repeated keys (the second would silently win), no nesting deeper than MAX_DEPTH;
- no key or value holds an invisible character (Unicode Cc or Cf, see plaintext.py) but the tab and
  the line end, which YAML text may hold: the error names the line and the field's path.
"""

import errno
import os
import stat
from pathlib import Path

import yaml

from .errors import DataError, shorten
from .plaintext import invisible, invisible_problem

MAX_BYTES = 1_000_000  # a YAML file: the claims register, the largest, is about 50 kB
MAX_DEPTH = 20  # nesting levels of lists and mappings; the package's files use at most 4
MAX_DIGITS = 100  # digits of an integer; Python refuses to convert more than 4,300

_CORE = "tag:yaml.org,2002:"
PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}


def read_bytes(path, shown=None, max_bytes=None):
    """The bytes of a regular file; DataError naming it (as `shown`) when it is missing, a folder,
    unreadable or larger than `max_bytes`."""
    path = Path(path)
    shown = shown or str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise DataError(shown, "is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise DataError(shown, "is not a regular file")
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise DataError(shown, f"is {size:,} bytes; at most {max_bytes:,} are accepted")
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
        if max_bytes is not None and len(data) > max_bytes:  # it grew while being read
            raise DataError(shown, f"is more than {max_bytes:,} bytes; at most {max_bytes:,} are accepted")
        return data
    except FileNotFoundError:
        raise DataError(shown, "no such file") from None
    except PermissionError:
        raise DataError(shown, "cannot be read: permission denied") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise DataError(shown, "is a symbolic link that loops (Too many levels of symbolic links)") from None
        raise DataError(shown, f"cannot be read: {err.strerror or err}") from None
    except ValueError:  # a NUL character in the path
        raise DataError(shown, "is not a valid file name") from None


def load(path, shown=None, max_bytes=MAX_BYTES):
    """The plain data of a YAML file (see the module docstring); DataError naming `shown` and the line."""
    shown = shown or str(path)
    data = read_bytes(path, shown, max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataError(
            shown, f"bytes {data[err.start : err.end]!r} are not UTF-8; save the file as UTF-8", row=f"line {line}"
        ) from None
    return loads(text, shown, max_bytes)


def loads(text, source, max_bytes=MAX_BYTES):
    """The plain data of a YAML text; `source` names it in errors (a file, or '-p delegation_single')."""
    if len(text) > max_bytes:
        raise DataError(source, f"is {len(text):,} characters of YAML; at most {max_bytes:,} are accepted")
    try:
        return yaml.load(text, Loader=_PlainLoader)  # _PlainLoader: a restricted SafeLoader
    except _Refused as err:
        raise DataError(source, err.problem, row=_where(err.problem_mark), field=err.field or None) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = " ".join(f"{err.context or ''} {err.problem or ''}".split())
        raise DataError(source, f"is not valid YAML: {_cut(problem)}", row=_where(mark)) from None
    except yaml.YAMLError as err:
        raise DataError(source, f"is not valid YAML: {_cut(' '.join(str(err).split()))}") from None


def _where(mark):
    return f"line {mark.line + 1}" if mark is not None else None


def _cut(text, limit=200):
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that is more than plain data (an alias, a tag, a repeated key, deep nesting), or text that
    holds an invisible character. `field` is the path to the value ('programs → 2 → topic'), when known."""

    field = ""


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader restricted to plain data: see the module docstring."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._path = []  # where the node being composed sits: keys, and 1-based item numbers

    def compose_node(self, parent, index):
        if isinstance(index, yaml.ScalarNode):  # a mapping's value: `index` is its key
            self._path.append(index.value)
        elif isinstance(index, int) and not isinstance(index, bool):  # a list's item
            self._path.append(index + 1)
        else:  # the document, or a mapping's key
            self._path.append(None)
        try:
            return self._compose_checked(parent, index)
        finally:
            self._path.pop()

    def _compose_checked(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                problem=f"uses the alias *{_cut(event.anchor, 40)}; anchors and aliases are not "
                "accepted (write the value out)",
                problem_mark=event.start_mark,
            )
        if getattr(event, "anchor", None):
            raise _Refused(
                problem=f"sets the anchor &{_cut(event.anchor, 40)}; anchors and aliases are not "
                "accepted (write the value out)",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                problem=f"nests lists or mappings more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark
            )
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.ScalarNode):
            found = invisible(node.value, allowed="\t\n")
            if found:
                refused = _Refused(problem=invisible_problem(found[1]), problem_mark=node.start_mark)
                refused.field = " → ".join(str(part) for part in self._path if part is not None)
                raise refused
        if node.tag not in PLAIN_TAGS:
            raise _Refused(
                problem=f"has a value tagged {_cut(node.tag, 60)}; only strings, numbers, booleans, "
                "null, lists and mappings are accepted",
                problem_mark=node.start_mark,
            )
        return node

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node)
            if key in seen:
                raise _Refused(
                    problem=f"repeats the key {shorten(key)} of its mapping", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return mapping

    def construct_yaml_int(self, node):
        if len(node.value) > MAX_DIGITS:
            raise _Refused(problem=f"has an integer of more than {MAX_DIGITS} digits", problem_mark=node.start_mark)
        return super().construct_yaml_int(node)


# A date-like scalar stays a string: remove the timestamp resolver from this loader only.
_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _CORE + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlainLoader.add_constructor(_CORE + "int", _PlainLoader.construct_yaml_int)

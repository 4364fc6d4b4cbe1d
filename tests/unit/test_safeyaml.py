"""Safe YAML and file reading: plain data only, bounded, every problem one DataError naming file and line."""

import time
from pathlib import Path

import pytest

from govexport import safeyaml
from govexport.errors import DataError


def refused(text, **kwargs):
    with pytest.raises(DataError) as info:
        safeyaml.loads(text, "s.yaml", **kwargs)
    err = info.value
    assert str(err).startswith("s.yaml") and "\n" not in str(err)
    return err


def test_plain_data_loads():
    assert safeyaml.loads("a: 1\nb: [x, 2.5, true, null]\nc: {d: e}\n", "s.yaml") == {
        "a": 1,
        "b": ["x", 2.5, True, None],
        "c": {"d": "e"},
    }


def test_a_date_stays_a_string():
    assert safeyaml.loads("when: 2019-10-01\n", "s.yaml") == {"when": "2019-10-01"}


def test_billion_laughs_is_refused_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    start = time.perf_counter()
    err = refused(bomb)
    assert time.perf_counter() - start < 1
    assert err.row == "line 1" and "anchor &a" in str(err) and "not accepted" in str(err)


def test_alias_is_refused_naming_its_line():
    err = refused("a: 1\nb: *a\n")
    assert err.row == "line 2" and "alias *a" in str(err)


@pytest.mark.parametrize(
    "text, tag",
    [
        ("a: !!python/object/apply:os.system [ls]\n", "python/object/apply:os.system"),
        ("a: !!binary aGVsbG8=\n", "binary"),
        ("a: !!set {x, y}\n", "set"),
        ("a: !custom x\n", "!custom"),
    ],
)
def test_tags_are_refused(text, tag):
    err = refused(text)
    assert tag in str(err) and "only strings, numbers" in str(err)


def test_repeated_key_is_refused():
    err = refused("delegation_single: 10\nname: x\ndelegation_single: 30\n")
    assert err.row == "line 3" and "repeats the key 'delegation_single'" in str(err)


def test_deep_nesting_is_refused():
    assert "more than 20 levels" in str(refused("[" * 21 + "]" * 21))
    assert "more than 20 levels" in str(refused("[" * 100_000))  # no RecursionError either
    assert safeyaml.loads("[" * 20 + "]" * 20, "s.yaml") == [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]


def test_huge_integer_is_refused():
    assert "more than 100 digits" in str(refused("a: " + "9" * 5000))


@pytest.mark.parametrize(
    "text, line",
    [
        ("a: b: c\n", "line 1"),
        ("a:\n\t- x\n", "line 2"),
        ("a: 'open\n", "line 2"),
        ("a\n---\nb\n", "line 2"),
        ("? [a]\n: 1\n", "line 1"),
    ],
)
def test_malformed_yaml_names_the_line(text, line):
    err = refused(text)
    assert err.row == line and "is not valid YAML" in str(err)


def test_size_is_bounded():
    err = refused("a: " + "x" * 2000, max_bytes=1000)
    assert "at most 1,000" in str(err)


def test_load_reads_a_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    assert safeyaml.load(path, "x.yaml") == {"a": [1, 2]}


def test_load_refuses_bytes_that_are_not_utf8(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(DataError, match=r"x.yaml, line 2: bytes b'\\xe9' are not UTF-8"):
        safeyaml.load(path, "x.yaml")


def test_load_refuses_a_file_too_large_before_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file that is too large"))
    with pytest.raises(DataError, match="is 2,003 bytes; at most 1,000 are accepted"):
        safeyaml.load(path, "big.yaml", max_bytes=1000)


def test_read_bytes_missing_file(tmp_path):
    with pytest.raises(DataError, match="^nope.tsv: no such file$"):
        safeyaml.read_bytes(tmp_path / "nope.tsv", "nope.tsv")


def test_read_bytes_folder(tmp_path):
    with pytest.raises(DataError, match="^folder: is a folder, not a file$"):
        safeyaml.read_bytes(tmp_path, "folder")


def test_read_bytes_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "locked.tsv"
    path.write_text("x", encoding="utf-8")

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)  # chmod does not stop root, who runs CI here
    with pytest.raises(DataError, match="^locked.tsv: cannot be read: permission denied$"):
        safeyaml.read_bytes(path, "locked.tsv")


def test_read_bytes_name_too_long(tmp_path):
    with pytest.raises(DataError, match="cannot be read: File name too long"):
        safeyaml.read_bytes(tmp_path / ("x" * 5000), "long")


def test_read_bytes_nul_in_name(tmp_path):
    with pytest.raises(DataError, match="no such file|not a valid file name"):
        safeyaml.read_bytes(tmp_path / "a\x00b", "nul")

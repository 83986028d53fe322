"""Every field type the state file codec declares it knows (persistence.codec's docstring), also
those no stored class of core uses today: each reads back what it wrote, and refuses a stored
value of the wrong shape, or a value to write of the wrong type, with a CodecError (never a raw
TypeError or KeyError)."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import pytest

from apigw_canary_mock.core.record import Record
from apigw_canary_mock.core.stage import CanarySettings, Stage
from apigw_canary_mock.persistence import codec
from apigw_canary_mock.persistence.codec import CodecError, codec_for, compile_hint, encode_any


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1


def through(hint: Any, value: Any) -> Any:
    encode, decode = compile_hint(hint)
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize(
    ("hint", "value"),
    [
        (int | str, 3),
        (int | str, "3"),
        (int | float, 2.5),
        (int | float | None, None),
        (tuple[int, str], (1, "a")),
        (dict[int, str], {1: "a", 2: "b"}),
        (set[str], {"b", "a"}),
        (frozenset[int], frozenset({3, 1})),
        (tuple[str, ...], ("x", "y")),
        (dict[str, int], {"a": 1}),
        (Colour, Colour.BLUE),
        (None, None),
        (float, 3),
        (float, float("inf")),
        (Literal["a", 1], 1),
    ],
)
def test_each_known_type_reads_back_equal(hint: Any, value: Any) -> None:
    copy = through(hint, value)
    assert copy == value
    assert type(copy) is type(value)


@pytest.mark.parametrize(
    ("hint", "stored", "problem"),
    [
        (int | str, 2.5, "expected int | str, got float"),
        (tuple[int, str], [1], "expected a list of 2, got list"),
        (tuple[int, str], {"0": 1}, "expected a list of 2, got dict"),
        (dict[int, str], {"1": "a"}, "expected a list of [key, value] pairs, got dict"),
        (dict[int, str], [[1, "a", "b"]], "expected [key, value] pairs"),
        (dict[int, str], [5], "expected [key, value] pairs"),
        (dict[int, str], [["1", "a"]], "expected an integer, got str"),
        (dict[list[int], str], [[[1], "a"]], "unhashable"),
        (set[str], "ab", "expected a list, got str"),
        (set[tuple[int, ...]], [[1, 2]], None),  # tuples: hashable, fine
        (set[list[int]], [[1]], "unhashable"),
        (dict[str, int], [], "expected an object, got list"),
        (dict[str, int], {"a": "1"}, "['a']: expected an integer, got str"),
        (Colour, "green", "'green' is not a Colour"),
        (Colour, [1], "[1] is not a Colour"),
        (None, 0, "expected null, got int"),
        (float, {"$float": "zero"}, "expected a number, got dict"),
        (float, "1.5", "expected a number, got str"),
        (Literal["a", 1], True, "expected one of ['a', 1], got True"),
    ],
)
def test_a_stored_value_of_the_wrong_shape_is_refused(
    hint: Any, stored: Any, problem: str | None
) -> None:
    decode = compile_hint(hint)[1]
    if problem is None:
        assert decode(stored) == {(1, 2)}
        return
    with pytest.raises(CodecError) as caught:
        decode(stored)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("hint", "value", "problem"),
    [
        (int | str, 2.5, "expected int | str, got float"),
        (tuple[int, str], (1,), "expected a tuple of 2, got tuple"),
        (tuple[int, str], [1, "a"], "expected a tuple of 2, got list"),
        (dict[int, str], [(1, "a")], "expected a dict, got list"),
        (set[str], ["a"], "expected a set, got list"),
        (dict[str, int], [], "expected a dict, got list"),
        (dict[str, int], {1: 1}, "expected string keys, got int"),
        (dict[str, str], {"a": 1}, "expected strings, got str: int"),
        (Colour, "red", "expected a Colour, got str"),
        (None, 0, "expected null, got int"),
        (float, "1.5", "expected a number, got str"),
    ],
)
def test_a_value_to_write_of_the_wrong_type_is_refused(hint: Any, value: Any, problem: str) -> None:
    with pytest.raises(CodecError) as caught:
        compile_hint(hint)[0](value)
    assert problem in str(caught.value)


def test_a_set_of_mixed_types_is_written_in_any_order() -> None:
    assert sorted(compile_hint(set[int | str])[0]({1, "a"}), key=str) == [1, "a"]
    assert sorted(encode_any({1, "a"})["$set"], key=str) == [1, "a"]


def test_subclasses_of_plain_types_are_stored_as_their_base_type() -> None:
    assert encode_any(Level.LOW) == 1
    assert type(encode_any(Level.LOW)) is int
    assert encode_any(OrderedDict(a=1)) == {"a": 1}

    class Items(list[int]):
        pass

    assert encode_any(Items([1, 2])) == [1, 2]


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ({"$bytes": 5}, "$bytes: expected a string, got int"),
        ({"$float": 1.0}, "$float: expected a string, got float"),
        ({"$nope": "x"}, "unknown tag '$nope'"),
    ],
)
def test_a_tag_with_a_body_of_the_wrong_type_is_refused(stored: Any, problem: str) -> None:
    with pytest.raises(CodecError) as caught:
        codec.decode_any(stored)
    assert str(caught.value) == problem


def test_a_type_the_codec_does_not_know_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="unions of str, int, float and bool only"):
        compile_hint(int | list[int])
    with pytest.raises(TypeError, match=r"can not store a value of type .*bytes"):
        compile_hint(bytes)
    with pytest.raises(TypeError, match="does not know the class"):
        codec_for(Colour)


class Pair(NamedTuple):
    left: int
    right: str = "r"


class Slotted(Record):
    __slots__ = ("a", "hidden")

    def __init__(self, a: int) -> None:
        self.a = a
        self.hidden = 0


def test_a_named_tuple_is_a_record_and_a_record_must_store_every_slot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(codec, "_REGISTERED", dict(codec._REGISTERED))
    monkeypatch.setattr(codec, "_CODECS", dict(codec._CODECS))
    codec.register(Pair)
    assert codec_for(Pair).decode(codec_for(Pair).encode(Pair(1))) == Pair(1, "r")
    with pytest.raises(TypeError, match=r"Slotted: .*parameters \['a'\], slots \['a', 'hidden'\]"):
        codec.register(Slotted)


def test_a_registered_class_refuses_an_object_of_another_class_or_a_bad_field() -> None:
    stage_codec = codec_for(Stage)
    with pytest.raises(CodecError, match="expected a Stage, got CanarySettings"):
        stage_codec.encode(CanarySettings("d1"))
    stage = stage_codec.decode(
        json.loads(json.dumps(stage_codec.encode(Stage("prod", "d1", 1, 1))))
    )
    stage.variables = {"a": 1}  # type: ignore[dict-item]
    with pytest.raises(CodecError, match=r"Stage.variables: expected strings, got str: int"):
        stage_codec.encode(stage)


@dataclass
class Checked:
    size: int

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError("size must not be negative")


def test_a_check_of_the_class_itself_is_a_codec_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_REGISTERED", dict(codec._REGISTERED))
    monkeypatch.setattr(codec, "_CODECS", dict(codec._CODECS))
    codec.register(Checked)
    with pytest.raises(CodecError, match="Checked: size must not be negative"):
        codec_for(Checked).decode({"size": -1})

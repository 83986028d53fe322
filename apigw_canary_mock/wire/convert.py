"""Turn an operation's body into what botocore's rest-json parser makes of the same answer.

Each shape is compiled once into a small converter (a closure tree), so a call does no
shape walking: it copies the body (the caller never shares objects with the mock's state)
and converts only where the model says so (timestamps, numbers, blobs), exactly as
``botocore.parsers.RestJSONParser`` does: members in model order, ``None`` dropped, keys
the model does not know dropped.

Bodies are keyed by member names (``items``); a member whose JSON name differs (``item``
on the wire) is also found under its JSON name. ``compile_wire_names`` gives the renaming
to the JSON AWS sends.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

TimestampParser = Callable[[Any], Any]
Converter = Callable[[Any, TimestampParser], Any]

# Members carried outside the JSON body; botocore reads them from headers/status.
_NON_BODY_LOCATIONS = frozenset({"header", "headers", "statusCode"})


def _as_is(value: Any, ts: TimestampParser) -> Any:
    return value


def _to_int(value: Any, ts: TimestampParser) -> Any:
    return int(value)


def _to_float(value: Any, ts: TimestampParser) -> Any:
    return float(value)


def _to_timestamp(value: Any, ts: TimestampParser) -> Any:
    return ts(value)


def _to_bytes(value: Any, ts: TimestampParser) -> Any:
    return base64.b64decode(value)


def _to_bool(value: Any, ts: TimestampParser) -> Any:
    # Same as botocore.utils.ensure_boolean, which the rest-json parser applies.
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.lower() == "true"


_SCALARS: dict[str, Converter] = {
    "integer": _to_int,
    "long": _to_int,
    "float": _to_float,
    "double": _to_float,
    "timestamp": _to_timestamp,
    "blob": _to_bytes,
    "boolean": _to_bool,
}


def compile_shape(shape: Any) -> Converter:
    """A converter for ``shape`` (a botocore Shape); recursive shapes are supported."""
    return _Compiler().compile(shape)


def compile_body(shape: Any) -> Converter:
    """Like compile_shape, for an operation's output/error shape: body members only."""
    return _Compiler().compile(shape, top_level=True)


class _Compiler:
    def __init__(self) -> None:
        # shape name -> converter; a forward reference breaks cycles in recursive shapes.
        self._done: dict[str, Converter] = {}

    def compile(self, shape: Any, *, top_level: bool = False) -> Converter:
        if not top_level and shape.name in self._done:
            return self._done[shape.name]
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape, top_level)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        return _SCALARS.get(kind, _as_is)

    def _forward(self, name: str) -> list[Converter]:
        """Register a stand-in for ``name`` while it compiles; _finish swaps in the real one."""
        cell: list[Converter] = []

        def forward(value: Any, ts: TimestampParser) -> Any:
            return cell[0](value, ts)

        self._done[name] = forward
        return cell

    def _structure(self, shape: Any, top_level: bool) -> Converter:
        cell = [] if top_level else self._forward(shape.name)
        if shape.is_document_type:
            members: tuple[tuple[str, str, Converter], ...] = ()
        else:
            members = tuple(
                (name, _json_name(name, member), self.compile(member))
                for name, member in shape.members.items()
                if not (top_level and member.serialization.get("location") in _NON_BODY_LOCATIONS)
            )

        structure = _generate_structure(shape.name, members)
        converter: Converter = _copy_document if shape.is_document_type else structure
        return converter if top_level else self._finish(shape.name, cell, converter)

    def _finish(self, name: str, cell: list[Converter], converter: Converter) -> Converter:
        cell.append(converter)
        self._done[name] = converter
        return converter

    def _list(self, shape: Any) -> Converter:
        cell = self._forward(shape.name)
        member = self.compile(shape.member)
        if member is _as_is:

            def plain_list(value: Any, ts: TimestampParser) -> Any:
                return list(value)

            return self._finish(shape.name, cell, plain_list)

        def converted_list(value: Any, ts: TimestampParser) -> Any:
            return [None if item is None else member(item, ts) for item in value]

        return self._finish(shape.name, cell, converted_list)

    def _map(self, shape: Any) -> Converter:
        cell = self._forward(shape.name)
        value_conv = self.compile(shape.value)
        if value_conv is _as_is:

            def plain_map(value: Any, ts: TimestampParser) -> Any:
                return dict(value)

            return self._finish(shape.name, cell, plain_map)

        def converted_map(value: Any, ts: TimestampParser) -> Any:
            return {key: value_conv(item, ts) for key, item in value.items()}

        return self._finish(shape.name, cell, converted_map)


def _member_expression(convert: Converter, index: int) -> str:
    """Python source converting ``v`` for one member; the common cases are inlined."""
    if convert is _as_is:
        return "v"
    if convert is _to_timestamp:
        return "ts(v)"
    if convert is _to_float:
        return "float(v)"
    if convert is _to_int:
        return "int(v)"
    if convert is _to_bool:
        return f"v if v is True or v is False else C[{index}](v, ts)"
    return f"C[{index}](v, ts)"


def _generate_structure(
    shape_name: str, members: tuple[tuple[str, str, Converter], ...]
) -> Converter:
    """A converter for one structure, as straight-line code (no loop over the members).

    Unrolled: the member loop with its tuple unpacking and indirect calls was the largest
    part of a call's own cost. Members keep the model's order, as botocore's parser does.
    """
    lines = ["def structure(value, ts):", "    get = value.get", "    out = {}"]
    converters: list[Converter] = []
    for name, key, convert in members:
        converters.append(convert)
        lines.append(f"    v = get({name!r})")
        if key is not name:
            lines.append(f"    if v is None: v = get({key!r})")
        expression = _member_expression(convert, len(converters) - 1)
        lines.append(f"    if v is not None: out[{name!r}] = {expression}")
    lines.append("    return out")
    namespace: dict[str, Any] = {"C": tuple(converters)}
    exec(
        compile("\n".join(lines), f"<apigw_canary_mock converter {shape_name}>", "exec"), namespace
    )
    generated: Converter = namespace["structure"]
    return generated


def _copy_document(value: Any, ts: TimestampParser) -> Any:
    if isinstance(value, dict):
        return {key: _copy_document(item, ts) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_document(item, ts) for item in value]
    return value


def _json_name(name: str, member: Any) -> str:
    # The same object as ``name`` when not renamed, so the hot loop can test identity.
    json_name: str = member.serialization.get("name", name)
    return name if json_name == name else json_name


Renamer = Callable[[Any], Any]


def compile_wire_names(shape: Any) -> Renamer | None:
    """A function giving ``body`` the JSON names AWS sends; None if no member is renamed."""
    return _wire_names(shape, set())


def _wire_names(shape: Any, seen: set[str]) -> Renamer | None:
    if shape.name in seen:  # recursive shape: renames below the cycle are not applied
        return None
    seen = seen | {shape.name}
    kind = shape.type_name
    if kind == "list":
        member = _wire_names(shape.member, seen)
        return None if member is None else (lambda value: [member(item) for item in value])
    if kind == "map":
        item_names = _wire_names(shape.value, seen)
        if item_names is None:
            return None
        return lambda value: {key: item_names(item) for key, item in value.items()}
    if kind != "structure" or shape.is_document_type:
        return None
    renamed = tuple(
        (name, member.serialization.get("name", name), _wire_names(member, seen))
        for name, member in shape.members.items()
    )
    renamed = tuple(entry for entry in renamed if entry[0] != entry[1] or entry[2] is not None)
    if not renamed:
        return None

    def structure(value: Any) -> Any:
        out = dict(value)
        for name, json_name, child in renamed:
            if name in out:
                item = out.pop(name)
                out[json_name] = item if child is None else child(item)
        return out

    return structure

"""The state file's data: core's model objects to JSON values and back.

Every row of a state file holds one JSON document made here. The format follows the dataclasses
of ``apigw_canary_mock.core`` and their type hints: an object of a registered dataclass is a
JSON object with one member per stored field (its Python name), and every value is checked
against its field's type when it is read back. Reading builds only the classes registered in
this module (a fixed table filled by the code below) and never looks up a name found in a file:
a state file is data and can not run code. A value of the wrong type, an unknown member, or a
missing field without a default is refused (``CodecError``, which the store reports as a corrupt
state file).

Field types the codec knows: ``str``, ``int``, ``float``, ``bool``, ``None``, a registered
dataclass, an ``Enum``, ``Literal[...]``, ``X | None`` and unions of plain types, ``list[X]``,
``tuple[X, ...]``, ``tuple[X, Y]``, ``set[X]``, ``frozenset[X]``, ``dict[K, X]`` (a JSON object
when the keys are ``str``, else a list of ``[key, value]`` pairs), and ``Any`` / ``object``.

``Any`` values (``Method.extras``, ``Integration.extras``, a call's params in the history) are
JSON values, with tagged objects for what JSON lacks: ``{"$bytes": base64}``,
``{"$decimal": "12.5"}``, ``{"$float": "nan"}`` (also ``inf``, ``-inf``), ``{"$tuple": [...]}``,
``{"$set": [...]}``, ``{"$frozenset": [...]}``, ``{"$datetime": ISO 8601}`` and
``{"$map": [[key, value], ...]}`` (a dict with a key that is not a string, or that starts with
``$``). A ``bytearray`` reads back as ``bytes``. Only in the history's params (``lenient``),
a value of any other type (a file object given as a blob member) is stored as
``{"$repr": "..."}`` and reads back as that text: the history keeps what was sent, not the
object.

Fields that are not data are not stored: fields declared ``init=False`` (none today) or
``compare=False`` (``RestApi.ids``, ``RestApi.journal``: the store passes them
back in, see ``ClassCodec.decode``), and the fields a registration omits (``RestApi.stages`` and
``RestApi.deployments``, which have rows of their own). A field missing from a stored document
takes its default, so a field added to core later still reads older files.

Adding to core (the one line to add, if any):

* a new dataclass reachable from a stored one (``RestApi.models: dict[str, Model]``): add
  ``register(Model)`` with the others at the end of this module. Until then the codec refuses
  to build (TypeError naming the class), and tests/persistence/test_persistence_codec.py fails;
* a new field on a registered dataclass: nothing (give it a default so older files load);
* something a Backend holds outside its REST APIs (domain names, usage plans...): an attribute
  of Backend, registered with ``register_backend_field("domain_names", dict[str, DomainName])``,
  and ``backend.journal.backend_changed()`` after every change of it;
* a field that is not data (a cache, a back reference): declare it ``field(compare=False)``;
* a generated id: a field named ``id`` holds one. Ids found in loaded objects are marked live
  in the IdGenerator (``ids_in``), so no process hands out an id another one uses.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import enum
import inspect
import math
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from apigw_canary_mock.core.authorizers import Authorizer
from apigw_canary_mock.core.documentation import (
    Documentation,
    DocumentationLocation,
    DocumentationPart,
    DocumentationVersion,
)
from apigw_canary_mock.core.domains import BasePathMapping, DomainName, DomainNames
from apigw_canary_mock.core.gateway_responses import GatewayResponse
from apigw_canary_mock.core.methods import (
    Integration,
    IntegrationResponse,
    Method,
    MethodResponse,
)
from apigw_canary_mock.core.models import Model
from apigw_canary_mock.core.record import Record
from apigw_canary_mock.core.resources import Resource
from apigw_canary_mock.core.restapi import Deployment, RestApi
from apigw_canary_mock.core.snapshot import ApiSnapshot
from apigw_canary_mock.core.stage import AccessLogSettings, CanarySettings, MethodSetting, Stage
from apigw_canary_mock.core.validators import RequestValidator


class CodecError(ValueError):
    """A value does not fit the model: a stored document that is not what its row must hold,
    or (when writing) a value the format can not represent."""


Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


def _name(value: Any) -> str:
    return type(value).__name__


# -- plain values --------------------------------------------------------------------------


def _str(value: Any) -> Any:
    if type(value) is not str:
        raise CodecError(f"expected a string, got {_name(value)}")
    return value


def _bool(value: Any) -> Any:
    if type(value) is not bool:
        raise CodecError(f"expected true or false, got {_name(value)}")
    return value


def _int(value: Any) -> Any:
    if type(value) is not int:
        raise CodecError(f"expected an integer, got {_name(value)}")
    return value


def _none(value: Any) -> Any:
    if value is not None:
        raise CodecError(f"expected null, got {_name(value)}")
    return None


_NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _encode_float(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is int:
        return value
    raise CodecError(f"expected a number, got {_name(value)}")


def _decode_float(value: Any) -> Any:
    kind = type(value)
    if kind is float or kind is int:
        return value
    if kind is dict and len(value) == 1 and type(value.get("$float")) is str:
        number = _NON_FINITE.get(value["$float"])
        if number is not None:
            return number
    raise CodecError(f"expected a number, got {_name(value)}")


# -- Any: JSON values, tagged where JSON has no form ----------------------------------------


def encode_any(value: Any, lenient: bool = False) -> Any:
    """``value`` as a JSON value (see the module docstring). ``lenient``: a value of a type
    the format does not know becomes ``{"$repr": ...}`` instead of a CodecError."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is dict:
        if all(type(key) is str and not key.startswith("$") for key in value):
            return {key: encode_any(item, lenient) for key, item in value.items()}
        return {
            "$map": [
                [encode_any(key, lenient), encode_any(item, lenient)] for key, item in value.items()
            ]
        }
    if kind is list:
        return [encode_any(item, lenient) for item in value]
    if kind is tuple:
        return {"$tuple": [encode_any(item, lenient) for item in value]}
    if kind is bytes or kind is bytearray:
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if kind is Decimal:
        return {"$decimal": str(value)}
    if kind is set or kind is frozenset:
        items = [encode_any(item, lenient) for item in value]
        with contextlib.suppress(TypeError):  # mixed types: any order reads back the same
            items.sort()
        return {"$set" if kind is set else "$frozenset": items}
    if kind is datetime:
        return {"$datetime": value.isoformat()}
    # Subclasses of the plain types (a str enum, an OrderedDict): as their base type.
    for base in (bool, int, float, str):
        if isinstance(value, base):
            return encode_any(base(value), lenient)
    if isinstance(value, dict):
        return encode_any(dict(value), lenient)
    if isinstance(value, list):
        return encode_any(list(value), lenient)
    if lenient:
        return {"$repr": f"{type(value).__name__}: {value!r}"}
    raise CodecError(f"a value of type {type(value).__name__} can not be stored")


def _decode_tag(tag: str, body: Any) -> Any:
    if tag in ("$tuple", "$set", "$frozenset", "$map"):
        if type(body) is not list:
            raise CodecError(f"{tag}: expected a list, got {_name(body)}")
        items = [decode_any(item) for item in body]
        if tag == "$tuple":
            return tuple(items)
        try:
            if tag == "$set":
                return set(items)
            if tag == "$frozenset":
                return frozenset(items)
            pairs = []
            for pair in items:
                if type(pair) is not list or len(pair) != 2:
                    raise CodecError("$map: expected [key, value] pairs")
                pairs.append((pair[0], pair[1]))
            return dict(pairs)
        except TypeError as error:  # an unhashable key or item
            raise CodecError(f"{tag}: {error}") from None
    if type(body) is not str:
        raise CodecError(f"{tag}: expected a string, got {_name(body)}")
    if tag == "$repr":
        return body
    if tag == "$float":
        number = _NON_FINITE.get(body)
        if number is None:
            raise CodecError(f"$float: {body!r} is not nan, inf or -inf")
        return number
    try:
        if tag == "$bytes":
            return base64.b64decode(body.encode("ascii"), validate=True)
        if tag == "$decimal":
            return Decimal(body)
        if tag == "$datetime":
            return datetime.fromisoformat(body)
    except (ValueError, UnicodeEncodeError, binascii.Error, InvalidOperation) as error:
        raise CodecError(f"{tag}: {body[:40]!r} can not be read ({error})") from None
    raise CodecError(f"unknown tag {tag!r}")


def decode_any(value: Any) -> Any:
    """The value ``encode_any`` made ``value`` from (``$repr``: its text)."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or kind is float or value is None:
        return value
    if kind is list:
        return [decode_any(item) for item in value]
    if kind is dict:
        if any(key.startswith("$") for key in value):
            if len(value) != 1:
                raise CodecError(f"an object with a $ member must have only it: {sorted(value)}")
            ((tag, body),) = value.items()
            return _decode_tag(tag, body)
        return {key: decode_any(item) for key, item in value.items()}
    raise CodecError(f"unexpected {_name(value)}")  # json.loads makes nothing else


def _strict_any(value: Any) -> Any:
    return encode_any(value)


# -- compiling a type hint ------------------------------------------------------------------


def _optional(encode: Encoder, decode: Decoder) -> tuple[Encoder, Decoder]:
    def encode_optional(value: Any) -> Any:
        return None if value is None else encode(value)

    def decode_optional(value: Any) -> Any:
        return None if value is None else decode(value)

    return encode_optional, decode_optional


_PLAIN_CHECKS: dict[Any, Callable[[Any], bool]] = {
    str: lambda value: type(value) is str,
    bool: lambda value: type(value) is bool,
    int: lambda value: type(value) is int,
    float: lambda value: type(value) in (float, int),
}


def _union(hint: Any, arms: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    if not all(arm in _PLAIN_CHECKS for arm in arms):
        raise TypeError(
            f"the state file codec reads unions of str, int, float and bool only; got {hint}"
        )
    # float last: an int is also a valid float.
    ordered = sorted(arms, key=lambda arm: arm is float)
    compiled = [(_PLAIN_CHECKS[arm], compile_hint(arm)) for arm in ordered]

    def pick(value: Any, index: int) -> Any:
        for check, pair in compiled:
            if check(value):
                return pair[index](value)
        raise CodecError(f"expected {hint}, got {_name(value)}")

    return (lambda value: pick(value, 0)), (lambda value: pick(value, 1))


def _sequence(
    item: tuple[Encoder, Decoder], build: Callable[[Any], Any], kind: type[Any]
) -> tuple[Encoder, Decoder]:
    encode_item, decode_item = item
    what = kind.__name__

    def encode(value: Any) -> Any:
        if not isinstance(value, kind):
            raise CodecError(f"expected a {what}, got {_name(value)}")
        encoded = [encode_item(element) for element in value]
        if kind is set or kind is frozenset:
            with contextlib.suppress(TypeError):
                encoded.sort()
        return encoded

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise CodecError(f"expected a list, got {_name(value)}")
        try:
            return build(decode_item(element) for element in value)
        except TypeError as error:  # an unhashable item of a set
            raise CodecError(str(error)) from None

    return encode, decode


def _fixed_tuple(items: list[tuple[Encoder, Decoder]]) -> tuple[Encoder, Decoder]:
    def encode(value: Any) -> Any:
        if type(value) is not tuple or len(value) != len(items):
            raise CodecError(f"expected a tuple of {len(items)}, got {_name(value)}")
        return [pair[0](element) for pair, element in zip(items, value, strict=True)]

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != len(items):
            raise CodecError(f"expected a list of {len(items)}, got {_name(value)}")
        return tuple(pair[1](element) for pair, element in zip(items, value, strict=True))

    return encode, decode


def _string_dict(item: tuple[Encoder, Decoder]) -> tuple[Encoder, Decoder]:
    encode_item, decode_item = item
    if item[0] is _str:  # dict[str, str], the commonest: no call per item

        def encode_plain(value: Any) -> Any:
            if type(value) is not dict:
                raise CodecError(f"expected a dict, got {_name(value)}")
            for key, element in value.items():
                if type(key) is not str or type(element) is not str:
                    raise CodecError(f"expected strings, got {_name(key)}: {_name(element)}")
            return value

        return encode_plain, encode_plain

    def encode(value: Any) -> Any:
        if type(value) is not dict:
            raise CodecError(f"expected a dict, got {_name(value)}")
        encoded = {}
        for key, element in value.items():
            if type(key) is not str:
                raise CodecError(f"expected string keys, got {_name(key)}")
            encoded[key] = encode_item(element)
        return encoded

    def decode(value: Any) -> Any:
        if type(value) is not dict:
            raise CodecError(f"expected an object, got {_name(value)}")
        decoded = {}
        for key, element in value.items():
            try:
                decoded[key] = decode_item(element)
            except CodecError as error:
                raise CodecError(f"[{key!r}]: {error}") from None
        return decoded

    return encode, decode


def _pair_dict(key: tuple[Encoder, Decoder], item: tuple[Encoder, Decoder]) -> tuple[
    Encoder, Decoder
]:  # fmt: skip
    def encode(value: Any) -> Any:
        if type(value) is not dict:
            raise CodecError(f"expected a dict, got {_name(value)}")
        return [[key[0](k), item[0](v)] for k, v in value.items()]

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise CodecError(f"expected a list of [key, value] pairs, got {_name(value)}")
        decoded = {}
        for pair in value:
            if type(pair) is not list or len(pair) != 2:
                raise CodecError("expected [key, value] pairs")
            try:
                decoded[key[1](pair[0])] = item[1](pair[1])
            except TypeError as error:
                raise CodecError(str(error)) from None
        return decoded

    return encode, decode


def _literal(hint: Any, allowed: tuple[Any, ...]) -> tuple[Encoder, Decoder]:
    def check(value: Any) -> Any:
        if not any(type(value) is type(option) and value == option for option in allowed):
            raise CodecError(f"expected one of {list(allowed)}, got {value!r}"[:200])
        return value

    return check, check


def _enum(cls: type[enum.Enum]) -> tuple[Encoder, Decoder]:
    def encode(value: Any) -> Any:
        if not isinstance(value, cls):
            raise CodecError(f"expected a {cls.__name__}, got {_name(value)}")
        return encode_any(value.value)

    def decode(value: Any) -> Any:
        try:
            return cls(decode_any(value))
        except (ValueError, TypeError):
            raise CodecError(f"{value!r} is not a {cls.__name__}"[:200]) from None

    return encode, decode


def compile_hint(hint: Any) -> tuple[Encoder, Decoder]:
    """(encode, decode) for values of the type ``hint`` (see the module docstring)."""
    if hint is Any or hint is object:
        return _strict_any, decode_any
    if hint is str:
        return _str, _str
    if hint is bool:
        return _bool, _bool
    if hint is int:
        return _int, _int
    if hint is float:
        return _encode_float, _decode_float
    if hint is None or hint is type(None):
        return _none, _none
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if is_record(hint):
        codec = _lazy(hint)
        return codec.encode_value, codec.decode_value
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        arms = tuple(arm for arm in args if arm is not type(None))
        pair = compile_hint(arms[0]) if len(arms) == 1 else _union(hint, arms)
        return _optional(*pair) if len(arms) < len(args) else pair
    if origin is typing.Literal:
        return _literal(hint, args)
    if origin is list and len(args) == 1:
        return _sequence(compile_hint(args[0]), list, list)
    if origin is set and len(args) == 1:
        return _sequence(compile_hint(args[0]), set, set)
    if origin is frozenset and len(args) == 1:
        return _sequence(compile_hint(args[0]), frozenset, frozenset)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _sequence(compile_hint(args[0]), tuple, tuple)
    if origin is tuple and args:
        return _fixed_tuple([compile_hint(arg) for arg in args])
    if origin in (dict, Mapping) and len(args) == 2:  # a Mapping reads back as a dict
        if args[0] is str:
            return _string_dict(compile_hint(args[1]))
        return _pair_dict(compile_hint(args[0]), compile_hint(args[1]))
    raise TypeError(
        f"the state file codec can not store a value of type {hint!r}; if it is a dataclass "
        "of core, add register(...) for it in apigw_canary_mock/persistence/codec.py"
    )


# -- record classes: core's dataclasses and NamedTuples ------------------------------------


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    init: bool  # given to the constructor
    compare: bool  # data (False: an attachment such as RestApi.ids, not stored)
    required: bool  # no default


def is_record(hint: Any) -> bool:
    """Whether ``hint`` is a class the codec stores field by field: a dataclass, a NamedTuple
    or a ``core.record.Record`` (core uses the last two where a dataclass would cost import
    time)."""
    return isinstance(hint, type) and (
        dataclasses.is_dataclass(hint)
        or (issubclass(hint, tuple) and hasattr(hint, "_fields"))
        or issubclass(hint, Record)
    )


def record_hints(cls: type) -> dict[str, Any]:
    """The type of each field: a Record's are its ``__init__`` parameters'."""
    if issubclass(cls, Record):
        hints = typing.get_type_hints(cls.__init__)
        hints.pop("return", None)
        return hints
    return typing.get_type_hints(cls)


def record_fields(cls: type) -> list[_Field]:
    if dataclasses.is_dataclass(cls):
        return [
            _Field(
                f.name,
                f.init,
                f.compare,
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            )
            for f in dataclasses.fields(cls)
        ]
    if issubclass(cls, Record):
        # Stored: the ``__init__`` parameters, which must be every slot (a slot that is not a
        # parameter could not be read back).
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        names = {parameter.name for parameter in parameters}
        slots = set(getattr(cls, "__slots__", ()))
        if names != slots:
            raise TypeError(
                f"{cls.__name__}: the codec stores a Record by its __init__ parameters, which "
                f"must be its __slots__ (parameters {sorted(names)}, slots {sorted(slots)})"
            )
        return [
            _Field(p.name, True, True, p.default is inspect.Parameter.empty) for p in parameters
        ]
    named: Any = cls  # a NamedTuple class (is_record)
    defaults = named._field_defaults
    return [_Field(name, True, True, name not in defaults) for name in named._fields]


@dataclasses.dataclass(frozen=True)
class _Registration:
    omit: frozenset[str]


_REGISTERED: dict[type, _Registration] = {}
_CODECS: dict[type, ClassCodec] = {}


def register(cls: type, *, omit: tuple[str, ...] = ()) -> None:
    """Store objects of the dataclass or NamedTuple ``cls`` (its data fields but ``omit``)."""
    if not is_record(cls):
        raise TypeError(f"register(): {cls!r} is not a dataclass, a NamedTuple or a Record")
    names = {f.name for f in record_fields(cls)}
    unknown = set(omit) - names
    if unknown:
        raise TypeError(f"register({cls.__name__}): no field(s) {sorted(unknown)}")
    _REGISTERED[cls] = _Registration(frozenset(omit))
    _CODECS.pop(cls, None)


class _Lazy:
    """A dataclass's codec, built on first use (classes may refer to each other)."""

    __slots__ = ("_cls",)

    def __init__(self, cls: type) -> None:
        self._cls = cls

    def encode_value(self, value: Any) -> Any:
        return codec_for(self._cls).encode(value)

    def decode_value(self, value: Any) -> Any:
        return codec_for(self._cls).decode(value)


def _lazy(cls: type) -> _Lazy:
    if cls not in _REGISTERED:
        raise TypeError(
            f"the state file codec does not know the class {cls.__module__}.{cls.__qualname__}"
            ": add register(" + cls.__name__ + ") in apigw_canary_mock/persistence/codec.py"
        )
    return _Lazy(cls)


class ClassCodec:
    """Encodes and decodes the objects of one registered dataclass."""

    def __init__(self, cls: type, registration: _Registration) -> None:
        self.cls = cls
        hints = record_hints(cls)
        self.fields: list[tuple[str, Encoder, Decoder, bool]] = []
        #: Fields that are not data, which ``decode`` takes from the caller.
        self.attached: list[str] = []
        self.has_id = False
        self._children: list[tuple[str, Any]] = []
        for f in record_fields(cls):
            if not f.init or f.name in registration.omit:
                continue
            if not f.compare:
                self.attached.append(f.name)
                continue
            encode, decode = compile_hint(hints[f.name])
            self.fields.append((f.name, encode, decode, f.required))
            if f.name == "id" and hints[f.name] is str:
                self.has_id = True
            if _holds_dataclasses(hints[f.name]):
                self._children.append((f.name, hints[f.name]))
        self._names = frozenset(name for name, _, _, _ in self.fields)
        self._encoders = [(name, encode) for name, encode, _, _ in self.fields]

    def encode(self, value: Any) -> dict[str, Any]:
        if type(value) is not self.cls:
            raise CodecError(f"expected a {self.cls.__name__}, got {_name(value)}")
        document = {}
        for name, encode in self._encoders:
            try:
                document[name] = encode(getattr(value, name))
            except CodecError as error:
                raise CodecError(f"{self.cls.__name__}.{name}: {error}") from None
        return document

    def decode(self, value: Any, **attached: Any) -> Any:
        """The object ``value`` holds; ``attached``: its fields that are not data."""
        if type(value) is not dict:
            raise CodecError(f"expected a {self.cls.__name__} object, got {_name(value)}")
        unknown = value.keys() - self._names
        if unknown:
            raise CodecError(f"{self.cls.__name__}: unknown member(s) {sorted(unknown)}")
        arguments = dict(attached)
        for name, _, decode, required in self.fields:
            if name in value:
                try:
                    arguments[name] = decode(value[name])
                except CodecError as error:
                    raise CodecError(f"{self.cls.__name__}.{name}: {error}") from None
            elif required:
                raise CodecError(f"{self.cls.__name__}: the field {name!r} is missing")
        try:
            return self.cls(**arguments)
        except (TypeError, ValueError) as error:  # a __post_init__ check, a missing attachment
            raise CodecError(f"{self.cls.__name__}: {error}") from None

    def ids(self, value: Any) -> Iterator[str]:
        """The generated ids in ``value`` (fields named ``id``, at any depth)."""
        if self.has_id:
            yield value.id
        for name, hint in self._children:
            yield from _ids_in_value(getattr(value, name), hint)


def _holds_dataclasses(hint: Any) -> bool:
    if is_record(hint):
        return True
    return any(_holds_dataclasses(arg) for arg in typing.get_args(hint))


def _ids_in_value(value: Any, hint: Any) -> Iterator[str]:
    if value is None:
        return
    if is_record(hint):
        yield from codec_for(hint).ids(value)
        return
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (dict, Mapping):
        for item in value.values():
            yield from _ids_in_value(item, args[1])
    elif origin in (list, set, frozenset, tuple):
        for item in value:
            yield from _ids_in_value(item, args[0])
    else:  # a union: the arm that holds dataclasses
        for arm in args:
            if _holds_dataclasses(arm):
                yield from _ids_in_value(value, arm)


def codec_for(cls: type) -> ClassCodec:
    codec = _CODECS.get(cls)
    if codec is None:
        registration = _REGISTERED.get(cls)
        if registration is None:
            _lazy(cls)  # raises the TypeError that says what to do
            raise AssertionError  # pragma: no cover
        codec = _CODECS[cls] = ClassCodec(cls, registration)
    return codec


def ids_in(value: Any) -> list[str]:
    """The generated ids held by ``value``, an object of a registered dataclass."""
    return list(codec_for(type(value)).ids(value))


# -- what a Backend holds outside its REST APIs ------------------------------------------

_BACKEND_FIELDS: dict[str, Any] = {}
_backend_codecs: dict[str, tuple[Encoder, Decoder]] = {}


def register_backend_field(name: str, hint: Any) -> None:
    """Store the Backend attribute ``name`` (of type ``hint``) in the backend's row."""
    _BACKEND_FIELDS[name] = hint
    _backend_codecs.pop(name, None)


def backend_fields() -> dict[str, tuple[Encoder, Decoder]]:
    """(encode, decode) of every registered Backend attribute, by name."""
    for name, hint in _BACKEND_FIELDS.items():
        if name not in _backend_codecs:
            _backend_codecs[name] = compile_hint(hint)
    return {name: _backend_codecs[name] for name in _BACKEND_FIELDS}


def backend_ids(name: str, value: Any) -> list[str]:
    """The generated ids held by the Backend attribute ``name``."""
    return list(_ids_in_value(value, _BACKEND_FIELDS[name]))


# -- the table of stored classes ------------------------------------------------------------

register(RestApi, omit=("stages", "deployments"))  # stages and deployments: rows of their own
register(Resource)
register(Method)
register(MethodResponse)
register(Integration)
register(IntegrationResponse)
register(Model)
register(RequestValidator)
register(Authorizer)
register(Deployment)
register(ApiSnapshot)
register(Stage)
register(CanarySettings)
register(MethodSetting)
register(AccessLogSettings)
register(Documentation)
register(DocumentationPart)
register(DocumentationLocation)
register(DocumentationVersion)
register(DomainNames)
register(DomainName)
register(BasePathMapping)
register(GatewayResponse)
register_backend_field("domains", DomainNames)


def check_all() -> None:
    """Build every registered codec: a TypeError names a type the codec can not store."""
    for cls in list(_REGISTERED):
        codec_for(cls)
    backend_fields()


__all__ = [
    "ClassCodec",
    "CodecError",
    "check_all",
    "codec_for",
    "decode_any",
    "encode_any",
    "ids_in",
    "register",
    "register_backend_field",
]

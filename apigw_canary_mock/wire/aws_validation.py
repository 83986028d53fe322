"""AWS's request-validation layer, emulated once for every operation from botocore's model.

Before any semantic check and any look-up, API Gateway reads the request into its model and
checks it (spec aws-deployment-surface.md §1):

* a JSON value of the wrong type where the model wants a string (a bool or a number, which
  only a ``parameter_validation=False`` client sends) fails the reading itself:
  ``SerializationException``, 400, the first such value in the order it was sent;
* then every member outside its model enum or regex pattern is reported, in the model's member
  order, body members before URI members: ``ValidationException``, 400,
  ``1 validation error detected: Value '<v>' at '<where>' failed to satisfy constraint: <C>``
  (``N validation errors detected: ...; ...`` for several).

Neither code is a modelled apigateway error, so botocore's parser gives ``Error`` and
``ResponseMetadata`` only, no top-level ``message`` (wire/response.py renders them so).
botocore's own validator checks types and required members, never enums or patterns: such a
request reaches AWS, and this layer answers it.

Each operation's checker is compiled once from its input shape: it walks only the members that
can fail, so a request with no enum, pattern or string member (GetStage) costs one dict look-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.evidence import rule
from apigw_canary_mock.core.gateway_responses import RESPONSE_TYPES

# -- rules ----------------------------------------------------------------------------------

VALIDATION_LAYER = rule(
    "validation-layer",
    "R",
    "a member outside its model enum or regex pattern: ValidationException 400 "
    "'N validation error(s) detected: Value ... at ... failed to satisfy constraint: ...', "
    "every failing member, model member order, body members before URI members, list elements "
    "'.<i>.member.' 1-based, no top-level message; before any semantic check or look-up",
)
BEFORE_API_LOOKUP = rule(
    "validation-layer-before-api-lookup",
    "P",
    "the validation layer answers before the REST API look-up: an unknown restApiId with a bad "
    "enum gets the ValidationException (AWS was recorded with existing APIs only)",
)
MODEL_ENUM_ORDER = rule(
    "validation-layer-model-enum-order",
    "P",
    "an enum AWS was never recorded printing (AuthorizerType, CacheClusterSize, PutMode, ...) "
    "is listed in botocore's model order",
)
LIST_TEXT = rule(
    "validation-layer-list-text",
    "P",
    "a list value is printed as Java prints a list: '[a, b]' (elements comma-space separated; "
    "recorded with one element only)",
)
QUERY_MEMBERS = rule(
    "validation-layer-query-members",
    "P",
    "query-string and header members are named bare and reported with the URI members "
    "(recorded for URI members only)",
)
OTHER_PATTERNS = rule(
    "validation-layer-other-patterns",
    "P",
    "every regex pattern of the model is checked, also DocumentationPartLocation.statusCode "
    "'^([1-5]\\d\\d|\\*|\\s*)$' (recorded: StatusCode '[1-5]\\d\\d' only)",
)
NO_LENGTH_CHECKS = rule(
    "validation-layer-no-length-checks",
    "P",
    "no length/min/max constraint is reported: the apigateway model declares none the service "
    "checks; missing required members never reach AWS (botocore rejects them)",
)
SERIALIZATION = rule(
    "serialization-non-string",
    "R",
    "a bool or a number where a string is due in the JSON body: SerializationException 400 "
    "'class java.lang.Boolean can not be converted to an String' / "
    "'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an "
    "String', no top-level message",
)
SERIALIZATION_SCOPE = rule(
    "serialization-scope",
    "P",
    "the SerializationException is answered for a bool or number given to any string member of "
    "the JSON body (recorded: PutIntegration requestParameters, PutIntegrationResponse "
    "responseTemplates values); other type mismatches get botocore's ParamValidationError",
)

VALIDATION_EXCEPTION = "ValidationException"
SERIALIZATION_EXCEPTION = "SerializationException"

BOOLEAN_NOT_STRING = "class java.lang.Boolean can not be converted to an String"
NUMBER_NOT_STRING = (
    "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an "
    "String"
)

#: The enums as AWS prints them (R, spec §1.3): its order differs from botocore's model.
AWS_ENUM_ORDER: dict[str, tuple[str, ...]] = {
    "Op": ("add", "remove", "move", "test", "replace", "copy"),
    "EndpointType": ("PRIVATE", "EDGE", "REGIONAL"),
    "IpAddressType": ("ipv4", "dualstack"),
    "IntegrationType": ("HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"),
    "GatewayResponseType": RESPONSE_TYPES,  # one list: core/gateway_responses.py
    "DocumentationPartType": (
        "RESPONSE_BODY",
        "RESPONSE",
        "METHOD",
        "MODEL",
        "AUTHORIZER",
        "RESPONSE_HEADER",
        "RESOURCE",
        "PATH_PARAMETER",
        "REQUEST_BODY",
        "QUERY_PARAMETER",
        "API",
        "REQUEST_HEADER",
    ),
}
#: The only pattern AWS was recorded applying (R); any other is OTHER_PATTERNS (P).
RECORDED_PATTERNS = frozenset({r"[1-5]\d\d"})
#: Where the SerializationException was recorded: (operation, top-level member).
RECORDED_SERIALIZATION = frozenset(
    {("PutIntegration", "requestParameters"), ("PutIntegrationResponse", "responseTemplates")}
)


def check(operation_model: Any, params: dict[str, Any]) -> ApiError | None:
    """The error AWS's validation layer answers for ``params``, or None when they pass."""
    try:
        checker = _CHECKERS[operation_model.name]
    except KeyError:
        checker = _CHECKERS[operation_model.name] = _compile_operation(operation_model)
    if checker is None:
        return None
    passes, full_check = checker
    # The common case in one flat function; the closures below only for a suspect request.
    return None if passes(params) else full_check(params)


def serialization_error(operation_model: Any, params: dict[str, Any]) -> ApiError | None:
    """The SerializationException ``params`` get, if any (the first part of ``check``)."""
    error = check(operation_model, params)
    return error if error is not None and error.code == SERIALIZATION_EXCEPTION else None


def enum_text(shape: Any) -> str:
    """``[a, b, c]``: the enum of a string shape as AWS prints it."""
    return f"[{', '.join(_enum_order(shape))}]"


# -- findings ---------------------------------------------------------------------------------


class _Finding:
    """One failing member. ``path`` is built leaf first, on the way back up (failures only)."""

    __slots__ = ("constraint", "path", "rule", "value")

    def __init__(self, value: str, constraint: str, rule_id: str, leaf: str | None = None) -> None:
        self.value = value
        self.constraint = constraint
        self.rule = rule_id
        self.path: list[str] = [] if leaf is None else [leaf]

    def text(self) -> str:
        where = ".".join(reversed(self.path))
        return f"Value '{self.value}' at '{where}' failed to satisfy constraint: {self.constraint}"


Findings = list[_Finding]
#: A compiled check of one value against its shape: the findings, or None when it passes.
ValueCheck = Callable[[Any], "Findings | None"]
#: A compiled serialization check: the exception's message, or None.
TypeCheck = Callable[[Any], "str | None"]

ParamsCheck = Callable[[dict[str, Any]], "ApiError | None"]
#: Per operation: (a fast test that the request surely passes, the full check), or None when
#: nothing in the operation's input can fail.
_CHECKERS: dict[str, tuple[Callable[[dict[str, Any]], bool], ParamsCheck] | None] = {}


def _message(findings: Findings) -> str:
    count = len(findings)
    errors = "1 validation error" if count == 1 else f"{count} validation errors"
    return f"{errors} detected: " + "; ".join(finding.text() for finding in findings)


def _validation_error(findings: Findings) -> ApiError:
    # The answer rests on a policy when any finding does; else on the recorded layer.
    policy = next((f.rule for f in findings if f.rule != VALIDATION_LAYER), VALIDATION_LAYER)
    return ApiError(VALIDATION_EXCEPTION, _message(findings), 400, policy)


def _compile_operation(
    operation_model: Any,
) -> tuple[Callable[[dict[str, Any]], bool], ParamsCheck] | None:
    shape = operation_model.input_shape
    if shape is None:
        return None
    prefix = operation_model.name[:1].lower() + operation_model.name[1:] + "Input"
    body: list[tuple[str, ValueCheck]] = []
    located: list[tuple[str, ValueCheck]] = []
    typed: dict[str, TypeCheck] = {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        value_check = _value_check(member)
        if location is None:
            if value_check is not None:
                body.append((name, value_check))
            type_check = _type_check(member)
            if type_check is not None:
                typed[name] = type_check
        elif value_check is not None:
            if location != "uri":
                value_check = _with_rule(value_check, QUERY_MEMBERS)
            located.append((name, value_check))
    if not body and not located and not typed:
        return None
    operation = operation_model.name
    members = tuple(body) + tuple(located)
    body_count = len(body)

    def check_params(params: dict[str, Any]) -> ApiError | None:
        if typed:
            for name, value in params.items():
                type_check = typed.get(name)
                if type_check is not None and value is not None:
                    message = type_check(value)
                    if message is not None:
                        recorded = (operation, name) in RECORDED_SERIALIZATION
                        return ApiError(
                            SERIALIZATION_EXCEPTION,
                            message,
                            400,
                            SERIALIZATION if recorded else SERIALIZATION_SCOPE,
                        )
        found: Findings | None = None
        for index, (name, value_check) in enumerate(members):
            value = params.get(name)
            if value is None:
                continue
            findings = value_check(value)
            if findings:
                # Body members are named <operation>Input.<member>; URI members bare.
                for finding in findings:
                    finding.path.append(name)
                    if index < body_count:
                        finding.path.append(prefix)
                found = findings if found is None else found + findings
        return None if found is None else _validation_error(found)

    return _fast_pass(shape), check_params


def _with_rule(value_check: ValueCheck, rule_id: str) -> ValueCheck:
    def check_value(value: Any) -> Findings | None:
        findings = value_check(value)
        if findings:
            for finding in findings:
                if finding.rule == VALIDATION_LAYER:
                    finding.rule = rule_id
        return findings

    return check_value


# -- enum and pattern checks, compiled per shape ----------------------------------------------


def _value_check(shape: Any, seen: frozenset[str] = frozenset()) -> ValueCheck | None:
    """The check of a value of ``shape`` (None: nothing in it can fail)."""
    kind = shape.type_name
    if kind == "string":
        return _string_check(shape)
    if kind == "structure":
        if shape.name in seen:
            return None  # a recursive shape (none in apigateway today)
        inner = seen | {shape.name}
        members = tuple(
            (name, check_member)
            for name, member in shape.members.items()
            if (check_member := _value_check(member, inner)) is not None
        )
        return _structure_check(members) if members else None
    if kind == "list":
        item = shape.member
        if item.type_name == "string":
            return _string_list_check(item)
        item_check = _value_check(item, seen)
        return None if item_check is None else _list_check(item_check)
    if kind == "map":
        # No map of the apigateway model has enum or pattern keys or values.
        return None
    return None


def _string_constraint(shape: Any) -> tuple[Callable[[str], bool], str, str] | None:
    """``(passes, constraint text, rule)`` of a string shape with an enum or a pattern."""
    if shape.type_name != "string":
        return None
    enum = shape.enum
    if enum:
        rule_id = VALIDATION_LAYER if shape.name in AWS_ENUM_ORDER else MODEL_ENUM_ORDER
        return (
            frozenset(enum).__contains__,
            f"Member must satisfy enum value set: {enum_text(shape)}",
            rule_id,
        )
    pattern = shape.metadata.get("pattern")
    if pattern:
        regex = re.compile(pattern, re.ASCII)
        rule_id = VALIDATION_LAYER if pattern in RECORDED_PATTERNS else OTHER_PATTERNS
        return (
            lambda value: regex.fullmatch(value) is not None,
            f"Member must satisfy regular expression pattern: {pattern}",
            rule_id,
        )
    return None


def _string_check(shape: Any) -> ValueCheck | None:
    found = _string_constraint(shape)
    if found is None:
        return None
    passes, constraint, rule_id = found

    def check_string(value: Any) -> Findings | None:
        # A value of another type is the serialization check's (or botocore's) to report.
        if type(value) is not str or passes(value):
            return None
        return [_Finding(value, constraint, rule_id)]

    return check_string


def _string_list_check(item: Any) -> ValueCheck | None:
    """A list of enum (or pattern) strings: reported once, for the whole list (R)."""
    found = _string_constraint(item)
    if found is None:
        return None
    passes, element_constraint, rule_id = found
    constraint = f"Member must satisfy constraint: [{element_constraint}]"

    def check_list(value: Any) -> Findings | None:
        if type(value) not in (list, tuple):
            return None
        for entry in value:
            if type(entry) is str and not passes(entry):
                shown = f"[{', '.join(_java_text(e) for e in value)}]"
                # One element is how AWS was recorded; more is Java's list text (P).
                return [_Finding(shown, constraint, rule_id if len(value) == 1 else LIST_TEXT)]
        return None

    return check_list


def _structure_check(members: tuple[tuple[str, ValueCheck], ...]) -> ValueCheck:
    def check_structure(value: Any) -> Findings | None:
        if type(value) is not dict:
            return None
        found: Findings | None = None
        for name, check_member in members:
            member = value.get(name)
            if member is None:
                continue
            findings = check_member(member)
            if findings:
                for finding in findings:
                    finding.path.append(name)
                found = findings if found is None else found + findings
        return found

    return check_structure


def _list_check(item_check: ValueCheck) -> ValueCheck:
    def check_list(value: Any) -> Findings | None:
        if type(value) not in (list, tuple):
            return None
        found: Findings | None = None
        for index, item in enumerate(value, 1):
            if item is None:
                continue
            findings = item_check(item)
            if findings:
                for finding in findings:
                    finding.path.append(f"{index}.member")
                found = findings if found is None else found + findings
        return found

    return check_list


def _enum_order(shape: Any) -> tuple[str, ...]:
    """AWS's order where recorded (values a newer model adds go last), else the model's."""
    model = tuple(shape.enum)
    recorded = AWS_ENUM_ORDER.get(shape.name)
    if recorded is None:
        return model
    return tuple(v for v in recorded if v in model) + tuple(v for v in model if v not in recorded)


def _java_text(value: Any) -> str:
    return "null" if value is None else str(value)


# -- the type check of the JSON body (SerializationException) ---------------------------------


def _type_check(shape: Any, seen: frozenset[str] = frozenset()) -> TypeCheck | None:
    """The first bool or number where ``shape`` wants a string, in the order sent."""
    kind = shape.type_name
    if kind == "string":
        return _string_type
    if kind == "structure":
        if shape.name in seen:
            return None
        inner = seen | {shape.name}
        members = {
            name: check_member
            for name, member in shape.members.items()
            if (check_member := _type_check(member, inner)) is not None
        }
        if not members:
            return None
        if all(check_member is _string_type for check_member in members.values()):
            return _string_structure_type(frozenset(members))
        return _structure_type(members)
    if kind == "list":
        item = _type_check(shape.member, seen)
        return None if item is None else _list_type(item)
    if kind == "map":
        # Keys arrive as JSON object keys: always strings.
        value = _type_check(shape.value, seen)
        return None if value is None else _map_type(value)
    return None


def _string_type(value: Any) -> str | None:
    if type(value) is str:
        return None
    if isinstance(value, bool):
        return BOOLEAN_NOT_STRING
    if isinstance(value, (int, float, Decimal)):
        return NUMBER_NOT_STRING
    return None  # another mismatch: botocore's ParamValidationError (serialization-scope)


def _string_structure_type(names: frozenset[str]) -> TypeCheck:
    """A structure of string members only (PatchOperation): one pass over its values."""

    def check_strings(value: Any) -> str | None:
        if type(value) is not dict:
            return None
        for name, member in value.items():
            if type(member) is not str and member is not None and name in names:
                message = _string_type(member)
                if message is not None:
                    return message
        return None

    return check_strings


def _structure_type(members: dict[str, TypeCheck]) -> TypeCheck:
    def check_structure(value: Any) -> str | None:
        if type(value) is not dict:
            return None
        for name, member in value.items():
            check_member = members.get(name)
            if check_member is not None and member is not None:
                message = check_member(member)
                if message is not None:
                    return message
        return None

    return check_structure


def _list_type(item: TypeCheck) -> TypeCheck:
    def check_list(value: Any) -> str | None:
        if type(value) not in (list, tuple):
            return None
        for entry in value:
            if entry is not None:
                message = item(entry)
                if message is not None:
                    return message
        return None

    return check_list


def _map_type(item: TypeCheck) -> TypeCheck:
    def check_map(value: Any) -> str | None:
        if type(value) is not dict:
            return None
        for entry in value.values():
            if entry is not None:
                message = item(entry)
                if message is not None:
                    return message
        return None

    return check_map


# -- the fast pass: one generated function per operation ---------------------------------------


def _fast_pass(shape: Any) -> Callable[[dict[str, Any]], bool]:
    """A flat function: True when ``params`` surely pass (every string member a str, every
    enum or pattern value allowed); False sends the request through the full check.

    Generated as straight-line code (no call per member or list element): UpdateStage's
    patch list is checked on every call.
    """
    namespace: dict[str, Any] = {"str": str, "dict": dict, "list": list, "type": type}
    lines = ["def passes(params):"]
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location is None or _string_constraint(member) is not None:
            _emit(member, f"params.get({name!r})", location is None, lines, 1, namespace)
    lines.append("    return True")
    source = "\n".join(lines)
    exec(compile(source, "<apigw_canary_mock validation>", "exec"), namespace)
    passes: Callable[[dict[str, Any]], bool] = namespace["passes"]
    passes.__doc__ = source  # for a reader (and a test) wondering what runs per call
    return passes


def _emit(
    shape: Any,
    source: str,
    typed: bool,
    lines: list[str],
    depth: int,
    namespace: dict[str, Any],
    seen: frozenset[str] = frozenset(),
) -> None:
    """Lines returning False when the value of ``source`` may fail (None values pass).

    ``typed``: the value is in the JSON body, so a string member must hold a str."""
    if not _may_fail(shape, typed, seen):
        return
    pad = "    " * depth
    var = source
    if not source.isidentifier():
        var = f"v{depth}"
        lines.append(f"{pad}{var} = {source}")
    lines.append(f"{pad}if {var} is not None:")
    inner = pad + "    "
    kind = shape.type_name
    if kind == "string":
        test = _refused(shape, var, namespace)
        lines.append(f"{inner}if type({var}) is not str{f' or {test}' if test else ''}:")
        lines.append(f"{inner}    return False")
    elif kind == "structure":
        lines.append(f"{inner}if type({var}) is not dict: return False")
        members = shape.members
        if typed and all(m.type_name == "string" for m in members.values()):
            # Strings only (PatchOperation): one pass over the values (an unknown key with a
            # value of another type just takes the full check), then the constrained ones.
            lines.append(f"{inner}for w in {var}.values():")
            lines.append(f"{inner}    if type(w) is not str: return False")
            for name, member in members.items():
                test = _refused(member, "w", namespace)
                if test:
                    lines.append(f"{inner}w = {var}.get({name!r})")
                    lines.append(f"{inner}if w is not None and {test}: return False")
            return
        inner_seen = seen | {shape.name}
        for name, member in members.items():
            _emit(member, f"{var}.get({name!r})", typed, lines, depth + 1, namespace, inner_seen)
    elif kind in ("list", "map"):
        item = f"i{depth}"
        container = "list" if kind == "list" else "dict"
        values = var if kind == "list" else f"{var}.values()"
        lines.append(f"{inner}if type({var}) is not {container}: return False")
        lines.append(f"{inner}for {item} in {values}:")
        element = shape.member if kind == "list" else shape.value
        _emit(element, item, typed, lines, depth + 2, namespace, seen)


def _refused(shape: Any, var: str, namespace: dict[str, Any]) -> str:
    """The test that ``var`` (a str) is outside the shape's enum or pattern; "" if none."""
    name = f"c{len(namespace)}"
    if shape.type_name != "string":
        return ""
    if shape.enum:
        namespace[name] = frozenset(shape.enum)
        return f"{var} not in {name}"
    pattern = shape.metadata.get("pattern")
    if pattern:
        namespace[name] = re.compile(pattern, re.ASCII).fullmatch
        return f"{name}({var}) is None"
    return ""


def _may_fail(shape: Any, typed: bool, seen: frozenset[str]) -> bool:
    """Whether a value of ``shape`` can fail either check."""
    kind = shape.type_name
    if kind == "string":
        return typed or _string_constraint(shape) is not None
    if kind == "structure":
        if shape.name in seen:
            return False
        inner = seen | {shape.name}
        return any(_may_fail(m, typed, inner) for m in shape.members.values())
    if kind == "list":
        return _may_fail(shape.member, typed, seen)
    if kind == "map":
        return _may_fail(shape.value, typed, seen)
    return False

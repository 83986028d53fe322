"""The UpdateStage patch grammar (spec 4) as a table: path pattern x op -> handler.

``apply_patch`` works on a copy of the stage, applies the operations in order (a later one
sees what an earlier one did) and returns the copy; the caller swaps it in only on success,
so a failing request changes nothing. AWS's error families are the table's defaults: an
add/replace on a path no row knows is "Invalid method setting path", a remove is "Cannot
remove method setting".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass

from .errors import ApiError, bad_request
from .evidence import rule
from .patch_op import PatchOp, bool_value, double_value, int_value, one_of, parse_op
from .restapi import (
    CANARY_DEPLOYMENT_UNKNOWN,
    DEPLOYMENT_ID_DOES_NOT_EXIST,
    STAGE_DEPLOYMENT_UNKNOWN,
)
from .stage import CACHE_CLUSTER_DEFAULTS, AccessLogSettings, CanarySettings, MethodSetting, Stage
from .values import (
    EMPTY_VALUE_UNSETS,
    NEGATIVE_ZERO,
    VARIABLE_VALUE_SPACE,
    check_cache_cluster_size,
    check_variable,
    check_variable_count,
    parse_percent_traffic,
)

# --- the rules (spec 4) ------------------------------------------------------------------
IN_ORDER = rule(
    "update-stage-in-order",
    "R",
    "UpdateStage applies its operations in order; a later one sees what an earlier one did",
)
ALL_OR_NOTHING = rule(
    "update-stage-all-or-nothing",
    "P",
    "an UpdateStage with a failing operation applies none of its operations",
)
INVALID_PATH = rule(
    "stage-patch-invalid-path",
    "R",
    "UpdateStage add/replace on a path it does not know (an unknown path, /canarySettings, "
    "/canarySettings/<other>): BadRequestException `Invalid method setting path: <path>. Must be "
    "one of: <LIST>` (AWS's list, glitches included)",
)
CANNOT_REMOVE = rule(
    "stage-patch-cannot-remove",
    "R",
    "UpdateStage remove of /canarySettings/<other> (/canarySettings/stageVariableOverrides "
    "included), /accessLogSettings/<x>, or a method setting the stage does not have: "
    "BadRequestException `Cannot remove method setting <path> because there is no method "
    "setting for this method ` (trailing space)",
)
CANNOT_REMOVE_OTHER = rule(
    "stage-patch-cannot-remove-other",
    "P",
    "UpdateStage remove of a path AWS's answer is not recorded for (canary scalar fields, "
    "/tracingEnabled, an unknown path...): the same `Cannot remove method setting <path> ...` "
    "text",
)
REMOVE_CANARY_WITHOUT_CANARY = rule(
    "remove-canary-without-canary",
    "P",
    "UpdateStage remove /canarySettings on a stage without canary: BadRequestException `Cannot "
    "remove method setting canarySettings because there is no method setting for this method `",
)
REMOVE_OVERRIDE_WITHOUT_CANARY = rule(
    "remove-override-without-canary",
    "P",
    "UpdateStage remove /canarySettings/stageVariableOverrides/<name> on a stage without canary: "
    "the `Cannot remove method setting ...` text",
)
REMOVE_CANARY = rule(
    "remove-canary",
    "R",
    "UpdateStage remove /canarySettings: the canarySettings key disappears, nothing else changes",
)
ADD_CANARY_DEPLOYMENT = rule(
    "stage-patch-add-canary-deployment",
    "R",
    "UpdateStage add /canarySettings/deploymentId: BadRequestException `Invalid add operation "
    "with path: /canarySettings/deploymentId`",
)
ADD_CANARY_PATH = rule(
    "stage-patch-add-canary-path",
    "P",
    "UpdateStage add on any other /canarySettings path: BadRequestException `Invalid add "
    "operation with path: <path>`",
)
ADD_AS_REPLACE = rule(
    "stage-patch-add-as-replace",
    "P",
    "UpdateStage add acts as replace outside /canarySettings",
)
CANARY_CREATED = rule(
    "canary-created-by-patch",
    "R",
    "UpdateStage replace /canarySettings/percentTraffic or /canarySettings/deploymentId on a "
    "stage without canary creates it {the stage's deploymentId (or the one given), 0.0, false}",
)
CANARY_CREATED_OTHER = rule(
    "canary-created-by-other-patch",
    "P",
    "UpdateStage replace /canarySettings/useStageCache or of an override on a stage without "
    "canary creates the canary the same way",
)
ACCESS_LOG_PATH = rule(
    "stage-patch-access-log-path",
    "R",
    "UpdateStage add/replace /accessLogSettings or /accessLogSettings/<other>: BadRequestException "
    "`Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, "
    "/accessLogSettings/format]`",
)
ACCESS_LOG_EMPTY = rule(
    "stage-patch-access-log-empty",
    "R",
    "UpdateStage an empty /accessLogSettings/destinationArn or /format: BadRequestException "
    "`Access Log value must not be empty`",
)
REMOVE_MISSING = rule(
    "stage-patch-remove-missing-noop",
    "P",
    "UpdateStage remove of a variable, an override or access-log settings the stage does not "
    "have does nothing",
)
REMOVE_UNSETS = rule(
    "stage-patch-remove-unsets",
    "P",
    "UpdateStage remove /description or /clientCertificateId unsets it (set or not)",
)
CLIENT_CERTIFICATE = rule(
    "client-certificate-unchecked",
    "P",
    "UpdateStage replace /clientCertificateId sets it without checking that the certificate exists",
)
BOOLEAN_ANY_CASE = rule(
    "stage-patch-boolean-any-case",
    "P",
    'a boolean patch value reads true/false in any case ("TRUE", "False")',
)
METHOD_SETTING_DEFAULTS = rule(
    "method-setting-defaults",
    "R",
    'a new methodSettings entry starts from the current "*/*" values, else from AWS\'s '
    "defaults (cacheTtlInSeconds 300, throttlingBurstLimit 5000, throttlingRateLimit 10000.0, "
    "requireAuthorizationForCacheControl true...; loggingLevel absent until set); the resource "
    "is not checked",
)
PROMOTION = rule(
    "promotion-by-copy",
    "R",
    "UpdateStage copy /canarySettings/deploymentId -> /deploymentId moves the stage to the "
    "canary's deployment; /canarySettings/stageVariableOverrides -> /variables merges the "
    "overrides over the variables; the canary stays",
)
PROMOTION_WITHOUT_CANARY = rule(
    "promotion-without-canary",
    "R",
    "UpdateStage copy on a stage without canary: BadRequestException `Promotion not available. "
    "Canary does not exist.`",
)
INVALID_COPY = rule(
    "copy-invalid-pair",
    "R",
    "UpdateStage copy of another (path, from) pair: BadRequestException `Invalid copy operation "
    "with path: <path> and from <from>. Valid copy:path are [...] and valid copy:from are [...]`",
)
COPY_CHECK_ORDER = rule(
    "copy-check-order",
    "P",
    "UpdateStage copy checks the (path, from) pair before whether a canary exists",
)
COPY_VALUE_IGNORED = rule(
    "copy-value-ignored",
    "P",
    "the value of an UpdateStage copy operation is ignored",
)

# The list AWS prints in "Invalid method setting path" errors, copied from spec 4.3.
SETTABLE_PATHS = (
    "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, "
    "/clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, "
    "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, "
    "/{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, "
    # AWS glues the next three entries together with no separator (R).
    "/{resourcePath}/{httpMethod}/throttling/burstLimit"
    "/{resourcePath}/{httpMethod}/throttling/rateLimit"
    "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, "
    "/{resourcePath}/{httpMethod}/caching/dataEncrypted, "
    "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    # ... and separates these three by a single space (R).
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, "
    "/*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, "
    "/variables/{variable_name}, /tracingEnabled]"
)

ACCESS_LOG_PATHS = "[/accessLogSettings/destinationArn, /accessLogSettings/format]"
LOGGING_LEVELS = ("OFF", "ERROR", "INFO")
CACHE_CONTROL_STRATEGIES = (
    "FAIL_WITH_403",
    "SUCCEED_WITH_RESPONSE_HEADER",
    "SUCCEED_WITHOUT_RESPONSE_HEADER",
)


@dataclass(slots=True)
class _Work:
    """What handlers see: the stage copy being patched and the ids it may point to."""

    stage: Stage
    deployments: Container[str]

    #: The rules the request rests on (noted in the journal when it succeeds).
    notes: list[str]

    def canary(self, created: str = CANARY_CREATED) -> CanarySettings:
        """The stage's canary; a canary path on a stage without one creates it (``created``:
        the rule that says so for the path)."""
        canary = self.stage.canary
        if canary is None:
            canary = self.stage.canary = CanarySettings(self.stage.deployment_id)
            self.notes.append(created)
        return canary

    def require_deployment(self, deployment_id: str, rule: str) -> str:
        if deployment_id not in self.deployments:
            raise bad_request(DEPLOYMENT_ID_DOES_NOT_EXIST, rule)
        return deployment_id

    def boolean(self, op: PatchOp) -> bool:
        value = op.value
        if value == "true":
            return True
        if value == "false":
            return False
        parsed = bool_value(op)  # another case, or the error
        self.notes.append(BOOLEAN_ANY_CASE)
        return parsed


_PLAIN_BOOLEANS = ("true", "false")


Handler = Callable[[_Work, PatchOp, Mapping[str, str]], None]
Row = Mapping[str, Handler]


# --- the error families ----------------------------------------------------------------


def _invalid_path(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(
        f"Invalid method setting path: {op.path}. Must be one of: {SETTABLE_PATHS}", INVALID_PATH
    )


def _cannot_remove(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise cannot_remove(op.path, CANNOT_REMOVE)


def _cannot_remove_other(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise cannot_remove(op.path, CANNOT_REMOVE_OTHER)


def cannot_remove(path: str, rule: str = CANNOT_REMOVE) -> ApiError:
    # R: the trailing space is AWS's.
    return bad_request(
        f"Cannot remove method setting {path.removeprefix('/')} "
        "because there is no method setting for this method ",
        rule,
    )


def _invalid_add(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(f"Invalid add operation with path: {op.path}", ADD_CANARY_PATH)


def _invalid_add_deployment(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(f"Invalid add operation with path: {op.path}", ADD_CANARY_DEPLOYMENT)


def _invalid_access_log_path(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(
        f"Invalid accessLogSettings path. Must be one of : {ACCESS_LOG_PATHS}", ACCESS_LOG_PATH
    )


# --- canary paths (spec 4.1) -------------------------------------------------------------


def _set_percent_traffic(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = op.require_value()
    percent = work.canary().percent_traffic = parse_percent_traffic(value)
    if not percent and value.startswith("-"):  # -0.0
        work.notes.append(NEGATIVE_ZERO)


def _set_canary_deployment(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    deployment_id = work.require_deployment(op.require_value(), CANARY_DEPLOYMENT_UNKNOWN)
    work.canary().deployment_id = deployment_id


def _set_use_stage_cache(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.canary(CANARY_CREATED_OTHER).use_stage_cache = work.boolean(op)


def _set_override(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    name, value = groups["name"], op.require_value()
    check_variable(name, value, True)  # P: overrides follow the stage variable rules (override)
    overrides = work.canary(CANARY_CREATED_OTHER).stage_variable_overrides
    overrides[name] = value
    check_variable_count(overrides)
    if " " in value:
        work.notes.append(VARIABLE_VALUE_SPACE)


def _remove_override(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    canary = work.stage.canary
    if canary is None:
        raise cannot_remove(op.path, REMOVE_OVERRIDE_WITHOUT_CANARY)  # P: nothing to remove
    if canary.stage_variable_overrides.pop(groups["name"], None) is None:
        work.notes.append(REMOVE_MISSING)


def _remove_canary(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    if work.stage.canary is None:
        raise cannot_remove(op.path, REMOVE_CANARY_WITHOUT_CANARY)
    work.stage.canary = None


# --- promotion (spec 4.2) ----------------------------------------------------------------


def _promoted_canary(work: _Work) -> CanarySettings:
    canary = work.stage.canary
    if canary is None:
        raise bad_request(
            "Promotion not available. Canary does not exist.", PROMOTION_WITHOUT_CANARY
        )
    return canary


def _promote_deployment(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.deployment_id = _promoted_canary(work).deployment_id


def _promote_variables(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    merged = {**work.stage.variables, **_promoted_canary(work).stage_variable_overrides}
    check_variable_count(merged)
    work.stage.variables = merged


_COPIES: dict[tuple[str, str | None], Handler] = {
    ("/deploymentId", "/canarySettings/deploymentId"): _promote_deployment,
    ("/variables", "/canarySettings/stageVariableOverrides"): _promote_variables,
}


def _copy(work: _Work, op: PatchOp) -> None:
    handler = _COPIES.get((op.path, op.from_))
    if handler is None:
        raise bad_request(
            f"Invalid copy operation with path: {op.path} and from {op.from_}. "
            "Valid copy:path are [/deploymentId, /variables] and valid copy:from are "
            "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]",
            # Without a canary, which of the two errors comes first is our choice.
            INVALID_COPY if work.stage.canary is not None else COPY_CHECK_ORDER,
        )
    handler(work, op, {})
    work.notes.append(PROMOTION)
    if op.value is not None:
        work.notes.append(COPY_VALUE_IGNORED)


# --- stage paths (spec 4.3) --------------------------------------------------------------


def _set_description(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = op.require_value()
    if value:
        work.stage.description = value
    else:
        work.stage.description = None  # P: "" unsets it
        work.notes.append(EMPTY_VALUE_UNSETS)


def _remove_description(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.description = None
    work.notes.append(REMOVE_UNSETS)


def _set_variable(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    name, value = groups["name"], op.require_value()
    check_variable(name, value)
    work.stage.variables[name] = value
    check_variable_count(work.stage.variables)
    if " " in value:
        work.notes.append(VARIABLE_VALUE_SPACE)


def _remove_variable(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    if work.stage.variables.pop(groups["name"], None) is None:
        work.notes.append(REMOVE_MISSING)  # P: a missing name is a no-op


def _set_tracing(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.tracing_enabled = work.boolean(op)


def _set_deployment(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.deployment_id = work.require_deployment(op.require_value(), STAGE_DEPLOYMENT_UNKNOWN)


def _set_cache_enabled(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    enabled = work.stage.cache_cluster_enabled = work.boolean(op)
    if enabled:
        work.notes.append(CACHE_CLUSTER_DEFAULTS)


def _set_cache_size(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.cache_cluster_size = check_cache_cluster_size(op.require_value())


def _set_client_certificate(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    value = op.require_value()
    work.stage.client_certificate_id = value or None  # P: "" unsets it
    work.notes.append(CLIENT_CERTIFICATE if value else EMPTY_VALUE_UNSETS)


def _remove_client_certificate(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.client_certificate_id = None
    work.notes.append(REMOVE_UNSETS)


def _set_access_log(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    if not op.value:
        raise bad_request("Access Log value must not be empty", ACCESS_LOG_EMPTY)
    settings = work.stage.access_log
    if settings is None:
        settings = work.stage.access_log = AccessLogSettings()
    if op.path == "/accessLogSettings/destinationArn":
        settings.destination_arn = op.value
    else:
        settings.format = op.value


def _remove_access_log(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    if work.stage.access_log is None:
        work.notes.append(REMOVE_MISSING)  # P: removing absent settings is a no-op
    work.stage.access_log = None


# --- method settings (spec 4.3) ----------------------------------------------------------

_METHOD_SETTING_FIELDS: dict[str, tuple[str, Callable[[PatchOp], object]]] = {
    "metrics/enabled": ("metrics_enabled", bool_value),
    "logging/dataTrace": ("data_trace_enabled", bool_value),
    "logging/loglevel": ("logging_level", one_of(LOGGING_LEVELS)),
    "throttling/burstLimit": ("throttling_burst_limit", int_value),
    "throttling/rateLimit": ("throttling_rate_limit", double_value),
    "caching/ttlInSeconds": ("cache_ttl_in_seconds", int_value),
    "caching/enabled": ("caching_enabled", bool_value),
    "caching/dataEncrypted": ("cache_data_encrypted", bool_value),
    "caching/requireAuthorizationForCacheControl": (
        "require_authorization_for_cache_control",
        bool_value,
    ),
    "caching/unauthorizedCacheControlHeaderStrategy": (
        "unauthorized_cache_control_header_strategy",
        one_of(CACHE_CONTROL_STRATEGIES),
    ),
}
ALL_METHODS = "*/*"


def _set_method_setting(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    attribute, parse = _METHOD_SETTING_FIELDS[groups["field"]]
    value = parse(op)
    if parse is bool_value and op.value not in _PLAIN_BOOLEANS:
        work.notes.append(BOOLEAN_ANY_CASE)
    key = f"{groups['resource']}/{groups['method']}"
    settings = work.stage.method_settings
    setting = settings.get(key)
    if setting is None:
        # R: a new entry starts from the current "*/*" values, else from the defaults.
        inherited = settings.get(ALL_METHODS)
        setting = inherited.copy() if inherited is not None else MethodSetting()
        settings[key] = setting
    setattr(setting, attribute, value)


def _remove_method_setting(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    key = f"{groups['resource']}/{groups['method']}"
    if work.stage.method_settings.pop(key, None) is None:
        raise cannot_remove(op.path, CANNOT_REMOVE)


# --- the table ---------------------------------------------------------------------------


_SET = ("add", "replace")


def _as_replace(handler: Handler) -> Handler:
    """``add`` on a path outside /canarySettings: the same as ``replace`` (P)."""

    def add(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
        handler(work, op, groups)
        work.notes.append(ADD_AS_REPLACE)

    return add


def _row(handler: Handler, *ops: str, **more: Handler) -> dict[str, Handler]:
    """A row: ``handler`` for ``ops`` (default: replace, and add as replace) and ``more``."""
    row = dict.fromkeys(ops, handler) if ops else {"add": _as_replace(handler), "replace": handler}
    return {**row, **more}


_EXACT: dict[str, Row] = {
    "/canarySettings": {"add": _invalid_add, "remove": _remove_canary},
    "/canarySettings/percentTraffic": _row(_set_percent_traffic, "replace", add=_invalid_add),
    "/canarySettings/deploymentId": _row(
        _set_canary_deployment, "replace", add=_invalid_add_deployment
    ),
    "/canarySettings/useStageCache": _row(_set_use_stage_cache, "replace", add=_invalid_add),
    "/description": _row(_set_description, remove=_remove_description),
    "/tracingEnabled": _row(_set_tracing),
    "/deploymentId": _row(_set_deployment),
    "/cacheClusterEnabled": _row(_set_cache_enabled),
    "/cacheClusterSize": _row(_set_cache_size),
    "/clientCertificateId": _row(_set_client_certificate, remove=_remove_client_certificate),
    "/accessLogSettings": _row(_invalid_access_log_path, remove=_remove_access_log),
    # R: removing one of them is refused (only the whole object can be removed).
    # R: add works like replace here (recorded, not the add-as-replace policy).
    "/accessLogSettings/destinationArn": _row(_set_access_log, *_SET, remove=_cannot_remove),
    "/accessLogSettings/format": _row(_set_access_log, *_SET, remove=_cannot_remove),
}
_FIELD_PATTERN = "|".join(re.escape(suffix) for suffix in _METHOD_SETTING_FIELDS)
# Tried in order when no exact path matches; the first full match wins.
_PATTERNS: tuple[tuple[re.Pattern[str], Row], ...] = tuple(
    (re.compile(pattern), row)
    for pattern, row in (
        (
            r"/canarySettings/stageVariableOverrides/(?P<name>.*)",
            _row(_set_override, "replace", add=_invalid_add, remove=_remove_override),
        ),
        # R: remove of /canarySettings/badPath, /canarySettings/stageVariableOverrides.
        (r"/canarySettings/.*", {"add": _invalid_add, "remove": _cannot_remove}),
        (r"/variables/(?P<name>.*)", _row(_set_variable, remove=_remove_variable)),
        (
            r"/accessLogSettings/.*",
            {
                "add": _invalid_access_log_path,
                "replace": _invalid_access_log_path,
                "remove": _cannot_remove,  # R
            },
        ),
        (
            rf"/(?P<resource>[^/]+)/(?P<method>[^/]+)/(?P<field>{_FIELD_PATTERN})",
            _row(_set_method_setting),
        ),
        (r"/(?P<resource>[^/]+)/(?P<method>[^/]+)", {"remove": _remove_method_setting}),
    )
)
# The families: what an op does on a path whose row does not name it (R for add/replace on
# an unknown path; a remove there is not recorded: P).
_DEFAULTS: dict[str, Handler] = {
    "add": _invalid_path,
    "replace": _invalid_path,
    "remove": _cannot_remove_other,
}


_ROUTES: dict[str, tuple[Row, Mapping[str, str]]] = {}
_ROUTES_MAX = 4096  # paths carry user-chosen names (variables, resources): bounded


def _route(path: str) -> tuple[Row, Mapping[str, str]]:
    """The row for ``path`` and the pattern's groups (shared: handlers only read them)."""
    found = _ROUTES.get(path)
    if found is not None:
        return found
    found = _EXACT_ROUTES.get(path)
    if found is None:
        found = ({}, {})
        for pattern, candidate in _PATTERNS:
            match = pattern.fullmatch(path)
            if match is not None:
                found = (candidate, match.groupdict())
                break
    if len(_ROUTES) >= _ROUTES_MAX:
        _ROUTES.clear()
    _ROUTES[path] = found
    return found


_EXACT_ROUTES: dict[str, tuple[Row, Mapping[str, str]]] = {
    path: (row, {}) for path, row in _EXACT.items()
}
_ROUTED_OPS = frozenset(("add", "replace", "remove"))


def apply_patch(
    stage: Stage,
    operations: Iterable[object],
    deployments: Container[str],
    notes: list[str] | None = None,
) -> Stage:
    """The stage as ``operations`` leave it, as a new object; ``stage`` itself is untouched.

    ``notes`` gets the ids of the rules the result rests on (core.evidence), for the journal
    once the request succeeded."""
    work = _Work(stage.copy(), deployments, [] if notes is None else notes)
    for raw in operations:
        if type(raw) is dict:
            # parse_op's common case inline: a plain dict with a known op and a str path.
            name = raw.get("op")
            path = raw.get("path")
            if type(path) is str and type(name) is str and name in _ROUTED_OPS:
                value = raw.get("value")
                if value is not None and type(value) is not str:
                    value = str(value)
                op = PatchOp(name, path, value, None)
            else:
                op = parse_op(raw)
        else:
            op = parse_op(raw)
        if op.op == "copy":
            _copy(work, op)
            continue
        row, groups = _route(op.path)
        handler = row.get(op.op) or _DEFAULTS[op.op]
        handler(work, op, groups)
    return work.stage

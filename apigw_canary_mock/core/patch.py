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
from .patch_op import PatchOp, bool_value, double_value, int_value, one_of, parse_op
from .restapi import DEPLOYMENT_ID_DOES_NOT_EXIST
from .stage import AccessLogSettings, CanarySettings, MethodSetting, Stage
from .values import (
    check_cache_cluster_size,
    check_variable,
    check_variable_count,
    parse_percent_traffic,
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

    def canary(self) -> CanarySettings:
        """The stage's canary; R: a canary path on a stage without one creates it."""
        canary = self.stage.canary
        if canary is None:
            canary = self.stage.canary = CanarySettings(self.stage.deployment_id)
        return canary

    def require_deployment(self, deployment_id: str) -> str:
        if deployment_id not in self.deployments:
            raise bad_request(DEPLOYMENT_ID_DOES_NOT_EXIST)
        return deployment_id


Handler = Callable[[_Work, PatchOp, Mapping[str, str]], None]
Row = Mapping[str, Handler]


# --- the error families ----------------------------------------------------------------


def _invalid_path(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(f"Invalid method setting path: {op.path}. Must be one of: {SETTABLE_PATHS}")


def _cannot_remove(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise cannot_remove(op.path)


def cannot_remove(path: str) -> ApiError:
    # R: the trailing space is AWS's.
    return bad_request(
        f"Cannot remove method setting {path.removeprefix('/')} "
        "because there is no method setting for this method "
    )


def _invalid_add(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(f"Invalid add operation with path: {op.path}")


def _invalid_access_log_path(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    raise bad_request(f"Invalid accessLogSettings path. Must be one of : {ACCESS_LOG_PATHS}")


# --- canary paths (spec 4.1) -------------------------------------------------------------


def _set_percent_traffic(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    percent = parse_percent_traffic(op.require_value())
    work.canary().percent_traffic = percent


def _set_canary_deployment(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    deployment_id = work.require_deployment(op.require_value())
    work.canary().deployment_id = deployment_id


def _set_use_stage_cache(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.canary().use_stage_cache = bool_value(op)


def _set_override(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    name, value = groups["name"], op.require_value()
    check_variable(name, value)  # P: overrides follow the stage variable rules
    overrides = work.canary().stage_variable_overrides
    overrides[name] = value
    check_variable_count(overrides)


def _remove_override(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    canary = work.stage.canary
    if canary is None:
        raise cannot_remove(op.path)  # P: nothing to remove from
    canary.stage_variable_overrides.pop(groups["name"], None)  # P: a missing name is a no-op


def _remove_canary(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    if work.stage.canary is None:
        raise cannot_remove(op.path)
    work.stage.canary = None


# --- promotion (spec 4.2) ----------------------------------------------------------------


def _promoted_canary(work: _Work) -> CanarySettings:
    canary = work.stage.canary
    if canary is None:
        raise bad_request("Promotion not available. Canary does not exist.")
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
            "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]"
        )
    handler(work, op, {})


# --- stage paths (spec 4.3) --------------------------------------------------------------


def _set_description(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.description = op.require_value() or None  # P: "" unsets it


def _remove_description(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.description = None


def _set_variable(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    name, value = groups["name"], op.require_value()
    check_variable(name, value)
    work.stage.variables[name] = value
    check_variable_count(work.stage.variables)


def _remove_variable(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.variables.pop(groups["name"], None)  # P: a missing name is a no-op


def _set_tracing(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.tracing_enabled = bool_value(op)


def _set_deployment(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.deployment_id = work.require_deployment(op.require_value())


def _set_cache_enabled(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.cache_cluster_enabled = bool_value(op)


def _set_cache_size(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.cache_cluster_size = check_cache_cluster_size(op.require_value())


def _set_client_certificate(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.client_certificate_id = op.require_value() or None  # P: "" unsets it


def _remove_client_certificate(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.client_certificate_id = None


def _set_access_log(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    if not op.value:
        raise bad_request("Access Log value must not be empty")
    settings = work.stage.access_log
    if settings is None:
        settings = work.stage.access_log = AccessLogSettings()
    if op.path == "/accessLogSettings/destinationArn":
        settings.destination_arn = op.value
    else:
        settings.format = op.value


def _remove_access_log(work: _Work, op: PatchOp, groups: Mapping[str, str]) -> None:
    work.stage.access_log = None  # P: removing absent settings is a no-op


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
        raise cannot_remove(op.path)


# --- the table ---------------------------------------------------------------------------

_SET = ("add", "replace")  # P: add behaves as replace outside /canarySettings


def _row(handler: Handler, *ops: str, **more: Handler) -> dict[str, Handler]:
    return {**dict.fromkeys(ops or _SET, handler), **more}


_EXACT: dict[str, Row] = {
    "/canarySettings": {"add": _invalid_add, "remove": _remove_canary},
    "/canarySettings/percentTraffic": _row(_set_percent_traffic, "replace", add=_invalid_add),
    "/canarySettings/deploymentId": _row(_set_canary_deployment, "replace", add=_invalid_add),
    "/canarySettings/useStageCache": _row(_set_use_stage_cache, "replace", add=_invalid_add),
    "/description": _row(_set_description, remove=_remove_description),
    "/tracingEnabled": _row(_set_tracing),
    "/deploymentId": _row(_set_deployment),
    "/cacheClusterEnabled": _row(_set_cache_enabled),
    "/cacheClusterSize": _row(_set_cache_size),
    "/clientCertificateId": _row(_set_client_certificate, remove=_remove_client_certificate),
    "/accessLogSettings": _row(_invalid_access_log_path, remove=_remove_access_log),
    "/accessLogSettings/destinationArn": _row(_set_access_log),
    "/accessLogSettings/format": _row(_set_access_log),
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
        (r"/canarySettings/.*", {"add": _invalid_add}),
        (r"/variables/(?P<name>.*)", _row(_set_variable, remove=_remove_variable)),
        (r"/accessLogSettings/.*", _row(_invalid_access_log_path)),
        (
            rf"/(?P<resource>[^/]+)/(?P<method>[^/]+)/(?P<field>{_FIELD_PATTERN})",
            _row(_set_method_setting),
        ),
        (r"/(?P<resource>[^/]+)/(?P<method>[^/]+)", {"remove": _remove_method_setting}),
    )
)
# The families: what an op does on a path whose row does not name it.
_DEFAULTS: dict[str, Handler] = {
    "add": _invalid_path,
    "replace": _invalid_path,
    "remove": _cannot_remove,
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


def apply_patch(stage: Stage, operations: Iterable[object], deployments: Container[str]) -> Stage:
    """The stage as ``operations`` leave it, as a new object; ``stage`` itself is untouched."""
    work = _Work(stage.copy(), deployments)
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

"""Tags (spec deployment surface 3.9): taggable resources by ARN, tag checks, tag changes.

A tagged resource keeps its tags where it lives: a REST API in ``RestApi.tags``, a stage in
``Stage.tags`` (changed like any stage change: a new Stage through ``RestApi.put_stage``, so the
stage history shows it), a custom domain name in its own ``tags``. ARNs, as AWS documents them:

* REST API  ``arn:aws:apigateway:<region>::/restapis/<id>``
* stage     ``arn:aws:apigateway:<region>::/restapis/<id>/stages/<name>``
* domain    ``arn:aws:apigateway:<region>::/domainnames/<name>``
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from .errors import bad_request, not_found
from .evidence import rule
from .restapi import RestApi
from .store import Backend

RESOURCE_NOT_FOUND = "Invalid Resource identifier specified"
INVALID_ARN = "Invalid ARN specified in the request"

MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256

ARN_FORMS = rule(
    "tags-arn-forms",
    "D",
    "Taggable ARNs: arn:aws:apigateway:<region>::/restapis/<id>, "
    "…/restapis/<id>/stages/<name>, …/domainnames/<name>",
)
UNKNOWN_TARGET = rule(
    "tags-unknown-target",
    "P",
    "Tag operations on an ARN naming no existing resource (an unknown API, stage or domain "
    "name, or a kind of resource the mock does not emulate): NotFoundException "
    + repr(RESOURCE_NOT_FOUND),
)
OTHER_REGION = rule(
    "tags-arn-other-region",
    "P",
    "Tag operations on an ARN of another region than the client's: NotFoundException "
    + repr(RESOURCE_NOT_FOUND)
    + " (the client's region holds no such resource)",
)
MALFORMED_ARN = rule(
    "tags-arn-malformed",
    "P",
    "Tag operations on a string that is not an API Gateway ARN "
    "(arn:<partition>:apigateway:<region>::/<path>, empty account field): BadRequestException "
    + repr(INVALID_ARN)
    + " (PutIntegration's recorded text for a bad ARN)",
)
TAG_LIMITS = rule(
    "tags-limits",
    "P",
    f"Tag keys 1 to {MAX_KEY_LENGTH} characters, not starting with 'aws:'; values at most "
    f"{MAX_VALUE_LENGTH} characters; at most {MAX_TAGS} tags per resource (AWS's documented "
    "limits; the texts are ours; characters are not checked). Also checked on CreateRestApi, "
    "CreateStage and CreateDomainName",
)
STAGE_TAGS_ARE_STAGE_CHANGES = rule(
    "tags-stage-change",
    "P",
    "A tag change on a stage is a stage change: lastUpdatedDate advances and the stage history "
    "gets an entry (TagResource/UntagResource); a request that changes no tag writes nothing",
)
UNTAG_ABSENT_KEY = rule(
    "untag-absent-key",
    "P",
    "UntagResource of a key the resource does not have: ignored (204)",
)
GET_TAGS_EMPTY = rule(
    "get-tags-empty",
    "P",
    "GetTags of a resource without tags: 200 with no 'tags' member ({})",
)
GET_TAGS_PAGING = rule(
    "get-tags-paging",
    "D",
    "GetTags ignores position and limit ('Not currently supported')",
)

_REGION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _is_partition(partition: str) -> bool:
    """aws, aws-cn, aws-us-gov...: "aws" and lower-case words joined by hyphens."""
    words = partition.split("-")
    return words[0] == "aws" and all(word.isalpha() and word.islower() for word in words[1:])


def _parse_arn(arn: str) -> tuple[str, list[str]] | None:
    """``(region, path segments)`` of ``arn:<partition>:apigateway:<region>::/<path>``; None
    for anything else. String operations, not a regex: compiling one costs import time."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return None
    prefix, partition, service, region, account, path = parts
    if (
        prefix != "arn"
        or not _is_partition(partition)
        or service != "apigateway"
        or not region
        or not set(region) <= _REGION_CHARS
        or account
        or not path.startswith("/")
    ):
        return None
    return region, path[1:].split("/")


def rest_api_arn(region: str, rest_api_id: str) -> str:
    return f"arn:aws:apigateway:{region}::/restapis/{rest_api_id}"


def stage_arn(region: str, rest_api_id: str, stage_name: str) -> str:
    return f"arn:aws:apigateway:{region}::/restapis/{rest_api_id}/stages/{stage_name}"


def domain_name_arn(region: str, domain_name: str) -> str:
    return f"arn:aws:apigateway:{region}::/domainnames/{domain_name}"


class TagTarget(NamedTuple):
    """A taggable resource: how to read its tags and how to store new ones (journaled)."""

    read: Callable[[], dict[str, str]]
    write: Callable[[dict[str, str]], None]


def target(backend: Backend, arn: str) -> TagTarget:
    """The resource ``arn`` names in ``backend``, or the answer AWS gives for it."""
    parsed = _parse_arn(arn)
    if parsed is None:
        raise bad_request(INVALID_ARN, MALFORMED_ARN)
    region, path = parsed
    if region != backend.region:
        raise not_found(RESOURCE_NOT_FOUND, OTHER_REGION)
    backend.journal.note(ARN_FORMS)
    if all(path):
        if len(path) == 4 and path[0] == "restapis" and path[2] == "stages":
            return _stage_target(_api(backend, path[1]), path[3])
        if len(path) == 2 and path[0] == "restapis":
            return _api_target(_api(backend, path[1]))
        if len(path) == 2 and path[0] == "domainnames" and path[1] in backend.domains.by_name:
            return _domain_target(backend, path[1])
    raise not_found(RESOURCE_NOT_FOUND, UNKNOWN_TARGET)


def _api(backend: Backend, rest_api_id: str) -> RestApi:
    api = backend.rest_apis.get(rest_api_id)
    if api is None:
        raise not_found(RESOURCE_NOT_FOUND, UNKNOWN_TARGET)
    return api


def _api_target(api: RestApi) -> TagTarget:
    def write(tags: dict[str, str]) -> None:
        api.tags = tags
        api.changed()

    return TagTarget(lambda: api.tags, write)


def _stage_target(api: RestApi, name: str) -> TagTarget:
    if name not in api.stages:
        raise not_found(RESOURCE_NOT_FOUND, UNKNOWN_TARGET)

    def write(tags: dict[str, str]) -> None:
        changed = api.stages[name].copy()
        changed.tags = tags
        api.put_stage(changed)
        api.journal.note(STAGE_TAGS_ARE_STAGE_CHANGES)

    return TagTarget(lambda: api.stages[name].tags, write)


def _domain_target(backend: Backend, name: str) -> TagTarget:
    domains = backend.domains.by_name

    def write(tags: dict[str, str]) -> None:
        domains[name] = domains[name]._replace(tags=tags)
        backend.journal.backend_changed()

    return TagTarget(lambda: domains[name].tags, write)


def check_tags(tags: Mapping[str, str], already: Mapping[str, str] | None = None) -> None:
    """The tag limits (P texts); ``already``: the tags the resource keeps besides these."""
    for key, value in tags.items():
        if not key or len(key) > MAX_KEY_LENGTH or key.lower().startswith("aws:"):
            raise bad_request(
                f"Invalid tag key specified: {key}. Tag keys must be 1 to {MAX_KEY_LENGTH} "
                "characters long and must not start with 'aws:'",
                TAG_LIMITS,
            )
        if len(value) > MAX_VALUE_LENGTH:
            raise bad_request(
                f"Invalid tag value specified for key {key}. Tag values must be at most "
                f"{MAX_VALUE_LENGTH} characters long",
                TAG_LIMITS,
            )
    count = len({**(already or {}), **tags})
    if count > MAX_TAGS:
        raise bad_request(
            f"Too many tags: {count}. At most {MAX_TAGS} tags are allowed per resource",
            TAG_LIMITS,
        )


def tag_resource(backend: Backend, arn: str, tags: Mapping[str, str]) -> None:
    """TagResource: add or overwrite ``tags``."""
    found = target(backend, arn)
    current = found.read()
    check_tags(tags, current)
    merged = {**current, **tags}
    if merged != current:
        found.write(merged)


def untag_resource(backend: Backend, arn: str, keys: Iterable[str]) -> None:
    """UntagResource: remove ``keys``; a key the resource does not have is ignored (P)."""
    found = target(backend, arn)
    current = found.read()
    wanted = set(keys)
    if not wanted <= current.keys():
        backend.journal.note(UNTAG_ABSENT_KEY)
    kept = {key: value for key, value in current.items() if key not in wanted}
    if kept != current:
        found.write(kept)


def get_tags(backend: Backend, arn: str) -> dict[str, str]:
    """GetTags: a copy of the resource's tags."""
    tags = dict(target(backend, arn).read())
    if not tags:
        backend.journal.note(GET_TAGS_EMPTY)
    return tags

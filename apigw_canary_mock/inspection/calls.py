"""The calls the mock answered, and assertions on them in the spirit of ``unittest.mock``.

Every apigateway call a client makes while a mock is active is recorded once per attempt
(a call retried after an injected fault shows up once per attempt, as AWS would see it).
The mock's own helpers (``apigw.get_stage(...)``, ``create_deployable_api``) are not recorded.

When an assertion fails, its message lists every call that was made, one per line, with the
ids of the policies an answer rested on (``[policy: ...]``).

Every call carries the evidence of its answer (``Call.evidence``: the ids of the rules it rests
on, apigw_canary_mock.core.evidence; ``Call.evidence_tags``: R recorded, Q quoted, D
documented, P policy). ``calls.on_policy()`` keeps the calls whose answers rested on a policy
of ours rather than on AWS's recorded or documented word.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, overload

from apigw_canary_mock import operations, wire
from apigw_canary_mock.core.evidence import RULES, TAGS
from apigw_canary_mock.engine.matching import params_match
from apigw_canary_mock.engine.records import CallRecord
from apigw_canary_mock.errors import MockUsageError
from apigw_canary_mock.inspection.base import Inspected

__all__ = [
    "Call",
    "CallList",
    "CallTools",
    "check_operation",
    "check_parameter_names",
    "check_policy",
    "did_you_mean",
    "make_call",
    "parse_records",
]


def did_you_mean(name: object, choices: Iterable[str]) -> str:
    """`` (did you mean 'GetStage'?)`` for a misspelt or snake_case name; else ``""``."""
    if not isinstance(name, str):
        return ""
    options = list(choices)
    camel = "".join(part[:1].upper() + part[1:] for part in name.split("_"))
    by_lower = {option.lower(): option for option in options}
    found = by_lower.get(camel.lower()) or next(
        iter(difflib.get_close_matches(name, options, n=1, cutoff=0.8)), None
    )
    return f" (did you mean {found!r}?)" if found is not None and found != name else ""


def check_operation(operation: object, where: str) -> str:
    """``operation`` if the mock emulates it (so calls of it can be recorded); else a
    MockUsageError saying so, with the emulated operations. For the call helpers: a
    misspelt name must not make ``assert_not_called`` pass or ``filter`` come back empty."""
    OPERATIONS = operations.OPERATIONS
    if isinstance(operation, str) and operation in OPERATIONS:
        return operation
    if not isinstance(operation, str):
        problem = f"the operation must be a string such as 'UpdateStage'; got {operation!r}"
    else:
        problem = (
            f"{operation!r} is not an operation the mock emulates"
            f"{did_you_mean(operation, OPERATIONS)}, so no call of it is ever recorded"
        )
    raise MockUsageError(
        f"{where}: {problem}. Emulated operations: {', '.join(sorted(OPERATIONS))}"
    )


def check_policy(rule: object, where: str) -> str:
    """``rule`` if it is the id of a declared policy (a P rule); else a MockUsageError."""
    if isinstance(rule, str) and rule in RULES and RULES[rule].is_policy:
        return rule
    if not isinstance(rule, str):
        problem = f"the rule must be a policy id such as 'stage-patch-add-as-replace'; got {rule!r}"
    elif rule in RULES:
        known = RULES[rule]
        problem = (
            f"{rule!r} is a {TAGS[known.tag]} rule ({known.tag}), not a policy: answers resting "
            "on it are AWS's word"
        )
    else:
        problem = f"{rule!r} is not a rule of the mock{did_you_mean(rule, RULES)}"
    raise MockUsageError(f"{where}: {problem}; the policies are listed in docs/behaviour.md")


def _members(model: Any) -> Iterable[str]:
    shape = model.input_shape
    return () if shape is None else shape.members


def check_parameter_names(operation: str | None, names: Iterable[object], where: str) -> None:
    """A MockUsageError when a name is not a parameter of ``operation`` (None: of any
    emulated operation), since it would never match a call; it names the parameters."""
    if operation is None:
        members: list[str] = sorted(
            {
                name
                for each in operations.OPERATIONS
                for name in _members(wire.operation_model(each))
            }
        )
        of = "any emulated operation"
    else:
        members = list(_members(wire.operation_model(operation)))
        of = operation
    unknown = [name for name in names if name not in members]
    if unknown:
        hint = did_you_mean(unknown[0], members)
        raise MockUsageError(
            f"{where}: {', '.join(repr(name) for name in unknown)} "
            f"{'is not a parameter' if len(unknown) == 1 else 'are not parameters'} of "
            f"{of}{hint}, so it never matches a call; parameters: {', '.join(members)}"
        )


@dataclass(slots=True)  # not frozen: a frozen __init__ costs ~1 µs per call
class Call:
    """One answered call: what was asked, and what was answered.

    ``str(call)`` is one line: ``UpdateStage(restApiId='a1', ...) -> 200`` (see ``describe``).
    """

    operation: str
    """The operation's botocore name, such as ``"UpdateStage"``."""
    params: Mapping[str, Any]
    """The keyword arguments as the client gave them (a copy)."""
    response: Mapping[str, Any] | None
    """What the client returned, without ResponseMetadata; None for an error answer."""
    error_code: str | None
    """The AWS error code of an error answer, such as ``"BadRequestException"`` (else None)."""
    error_message: str | None
    """The AWS error message of an error answer (else None)."""
    status: int
    """The HTTP status code of the answer (200, 201, 202, 400, 404, 429...)."""
    time: int
    """Epoch seconds, from the emulator's clock (freezegun / time-machine control it)."""
    region: str
    """The region of the client that made the call."""
    account_id: str
    """The account the call acted in (see the mock's ``accounts`` option)."""
    request_id: str
    """The answer's ``ResponseMetadata.RequestId``."""
    injected: bool = False
    """Whether the answer was an injected fault (apigw.inject_fault)."""
    evidence: tuple[str, ...] = ()
    """The ids of the rules the answer rests on (apigw_canary_mock.core.evidence; the tags
    are in ``evidence_tags``): what tells an answer AWS recorded from a policy of ours."""

    @property
    def succeeded(self) -> bool:
        """Whether the answer was a success (no error code)."""
        return self.error_code is None

    @property
    def evidence_tags(self) -> tuple[str, ...]:
        """The evidence tag (R, Q, D or P) of each rule in ``evidence``, in order."""
        return tuple(RULES[rule_id].tag if rule_id in RULES else "?" for rule_id in self.evidence)

    @property
    def policies(self) -> tuple[str, ...]:
        """The rules in ``evidence`` that are policies of ours (tag P), not AWS's word; each
        once, in order."""
        return tuple(
            dict.fromkeys(
                rule_id
                for rule_id in self.evidence
                if rule_id in RULES and RULES[rule_id].is_policy
            )
        )

    @property
    def rests_on_policy(self) -> bool:
        """Whether the answer rested on a policy of ours (an injected fault does not count:
        its answer is the one the test asked for)."""
        return not self.injected and any(
            rule_id in RULES and RULES[rule_id].is_policy for rule_id in self.evidence
        )

    def describe(self) -> str:
        """One line: ``UpdateStage(restApiId='a1', ...) -> 200``, ``-> 429 TooMany...``; the
        policies the answer rested on follow as ``[policy: id, ...]``."""
        args = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        if self.error_code is None:
            outcome = str(self.status)
        else:
            outcome = f"{self.status} {self.error_code}: {self.error_message}"
            if self.injected:
                outcome += " (injected fault)"
        if self.evidence and not self.injected:
            policies = self.policies
            if policies:
                outcome += f" [policy: {', '.join(policies)}]"
        return f"{self.operation}({args}) -> {outcome}"

    def __str__(self) -> str:
        return self.describe()


def make_call(
    operation: str,
    params: dict[str, Any],
    parsed: Mapping[str, Any],
    status: int,
    time: int,
    region: str,
    account_id: str,
    injected: bool = False,
    evidence: tuple[str, ...] = (),
) -> Call:
    """The record of one answer; ``parsed`` is what the wire layer handed to botocore."""
    metadata = parsed.get("ResponseMetadata") or {}
    request_id = str(metadata.get("RequestId", ""))
    if status < 300:
        response = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        return Call(
            operation,
            params,
            response,
            None,
            None,
            status,
            time,
            region,
            account_id,
            request_id,
            False,
            evidence,
        )
    error = parsed.get("Error") or {}
    return Call(
        operation,
        params,
        None,
        str(error.get("Code", "")),
        str(error.get("Message", "")),
        status,
        time,
        region,
        account_id,
        request_id,
        injected,
        evidence,
    )


def parse_records(records: Iterable[CallRecord]) -> list[Call]:
    """The calls of ``records``, each parsed as its client parsed the answer."""
    return [
        make_call(
            record.operation,
            record.params,
            wire.parse_answer(record.operation_model, record.answer, record.timestamp_parser),
            record.status,
            record.time,
            record.region,
            record.account_id,
            record.injected,
            record.evidence,
        )
        for record in records
    ]


def _format_expected(operation: str, params: Mapping[str, Any]) -> str:
    args = ", ".join(f"{name}={value!r}" for name, value in params.items())
    return f"{operation}({args})"


class CallList(Sequence[Call]):
    """The calls a mock answered, oldest first: a sequence of Call (a snapshot).

    ``apigw.calls`` gives one; ``filter`` and ``on_policy`` narrow it to another. The
    counting and assertion methods are the mock's own, with the same names and arguments
    (``apigw.call_count(op)`` is ``apigw.calls.call_count(op)``), and work on any list:
    ``apigw.calls.filter(stageName="prod").assert_called("UpdateStage")``. ``len(calls)``
    counts its calls; ``str(calls)`` lists them one per line.
    """

    __slots__ = ("_calls",)

    def __init__(self, calls: Sequence[Call]) -> None:
        self._calls = calls

    # -- sequence -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(tuple(self._calls))

    @overload
    def __getitem__(self, index: int) -> Call: ...

    @overload
    def __getitem__(self, index: slice) -> CallList: ...

    def __getitem__(self, index: int | slice) -> Call | CallList:
        if isinstance(index, slice):
            return CallList(tuple(self._calls)[index])
        return self._calls[index]

    def __repr__(self) -> str:
        return f"<CallList of {len(self)} call(s)>"

    def __str__(self) -> str:
        return self.describe()

    # -- queries ------------------------------------------------------------------------

    def filter(
        self,
        operation: str | None = None,
        *,
        succeeded: bool | None = None,
        region: str | None = None,
        **params: Any,
    ) -> CallList:
        """The calls of ``operation`` (all if None) whose params include ``params``."""
        if operation is not None:
            check_operation(operation, "calls.filter()")
            check_parameter_names(operation, params, "calls.filter()")
        elif params:
            check_parameter_names(None, params, "calls.filter()")
        if succeeded is not None and not isinstance(succeeded, bool):
            raise MockUsageError(
                f"calls.filter(): succeeded must be True, False or None; got {succeeded!r}"
            )
        if region is not None and not isinstance(region, str):
            raise MockUsageError(f"calls.filter(): region must be a string; got {region!r}")
        return CallList(
            tuple(
                call
                for call in tuple(self._calls)
                if (operation is None or call.operation == operation)
                and (succeeded is None or call.succeeded is succeeded)
                and (region is None or call.region == region)
                and (not params or params_match(call.params, params))
            )
        )

    def on_policy(self, rule: str | None = None) -> CallList:
        """The calls whose answers rested on at least one policy of ours (a rule tagged P:
        nothing recorded from AWS says so), oldest first; ``rule``: only those resting on
        that policy. Injected faults are left out (their answer is the one the test asked
        for). ``call.policies`` names the policies of each; docs/behaviour.md lists them."""
        if rule is None:
            return CallList(tuple(call for call in tuple(self._calls) if call.rests_on_policy))
        check_policy(rule, "calls.on_policy()")
        return CallList(
            tuple(
                call for call in tuple(self._calls) if not call.injected and rule in call.evidence
            )
        )

    @property
    def last(self) -> Call:
        """The latest call; IndexError when there is none."""
        calls = self._calls
        if not calls:
            raise IndexError("no calls were recorded")
        return calls[-1]

    @property
    def called(self) -> bool:
        """Whether the list holds any call (``bool(calls)`` says the same)."""
        return bool(self._calls)

    def operations(self) -> list[str]:
        """The operation of each call, in order."""
        return [call.operation for call in tuple(self._calls)]

    def describe(self) -> str:
        """The calls one per line, numbered from 1 (``(no calls)`` when empty): what a
        failing assertion lists."""
        calls = tuple(self._calls)
        if not calls:
            return "(no calls)"
        return "\n".join(f"  {n}. {call.describe()}" for n, call in enumerate(calls, 1))

    # -- assertions ---------------------------------------------------------------------

    def call_count(self, operation: str | None = None) -> int:
        """How many calls of ``operation`` the list holds (None: every call, ``len(calls)``).

        An operation the mock does not emulate is a MockUsageError (it could never count).
        """
        if operation is None:
            return len(self._calls)
        check_operation(operation, "call_count()")
        return self._count(operation)

    def call_count_of(self, operation: str) -> int:
        """Deprecated: ``call_count(operation)``."""
        warnings.warn(
            "CallList.call_count_of(operation) is deprecated; use call_count(operation)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.call_count(operation)

    def _count(self, operation: str) -> int:
        return sum(1 for call in tuple(self._calls) if call.operation == operation)

    def assert_called(self, operation: str) -> None:
        """AssertionError (listing the calls) unless ``operation`` was called at least once."""
        check_operation(operation, "assert_called()")
        if not self._count(operation):
            self._fail(f"expected {operation} to have been called")

    def assert_called_once(self, operation: str) -> None:
        """AssertionError (listing the calls) unless ``operation`` was called exactly once."""
        check_operation(operation, "assert_called_once()")
        count = self._count(operation)
        if count != 1:
            self._fail(f"expected {operation} to have been called once; called {count} times")

    def assert_not_called(self, operation: str) -> None:
        """AssertionError (listing the calls) if ``operation`` was called."""
        check_operation(operation, "assert_not_called()")
        count = self._count(operation)
        if count:
            self._fail(f"expected {operation} not to have been called; called {count} times")

    def assert_called_with(self, operation: str, /, **params: Any) -> None:
        """The LAST call of ``operation`` had (at least) ``params``."""
        check_operation(operation, "assert_called_with()")
        check_parameter_names(operation, params, "assert_called_with()")
        matching = [call for call in tuple(self._calls) if call.operation == operation]
        if not matching:
            self._fail(
                f"expected {_format_expected(operation, params)} as the last {operation} call; "
                f"{operation} was not called"
            )
        last = matching[-1]
        if not params_match(last.params, params):
            self._fail(
                f"expected {_format_expected(operation, params)} as the last {operation} call; "
                f"it was {last.describe()}"
            )

    def assert_any_call(self, operation: str, /, **params: Any) -> None:
        """Some call of ``operation`` had (at least) ``params``."""
        check_operation(operation, "assert_any_call()")
        check_parameter_names(operation, params, "assert_any_call()")
        if not any(
            call.operation == operation and params_match(call.params, params)
            for call in tuple(self._calls)
        ):
            self._fail(f"expected a call {_format_expected(operation, params)}; none matched")

    def _fail(self, message: str) -> NoReturn:
        raise AssertionError(f"{message}.\nCalls made:\n{self.describe()}")


class CallTools(Inspected):
    """The calls clients made to the mock, and assertions on them."""

    @property
    def calls(self) -> CallList:
        """Every call clients made to this mock (a snapshot), oldest first.

        One entry per attempt: a call retried after an injected fault appears per attempt.
        The mock's own helpers (``get_stage``, ``create_deployable_api``...) are not recorded.
        """
        session = self.session
        with session.store.lock:
            parsed = self._parsed_calls()
            records = session.calls
            if len(parsed) < len(records):
                parsed.extend(parse_records(records[len(parsed) :]))
            return CallList(tuple(parsed))

    def _parsed_calls(self) -> list[Call]:
        """The calls parsed so far (the first ones of ``session.calls``), kept on the mock."""
        raise NotImplementedError

    def reset_calls(self) -> None:
        """Forget the calls recorded so far (for example after a test's setup)."""
        session = self.session
        with session.store.lock:
            session.calls.clear()
            self._parsed_calls().clear()

    def call_count(self, operation: str | None = None) -> int:
        """How many calls of ``operation`` clients made (None: every call); one per attempt."""
        return self.calls.call_count(operation)

    def assert_called(self, operation: str) -> None:
        """AssertionError (listing the calls) unless ``operation`` was called at least once."""
        self.calls.assert_called(operation)

    def assert_called_once(self, operation: str) -> None:
        """AssertionError (listing the calls) unless ``operation`` was called exactly once."""
        self.calls.assert_called_once(operation)

    def assert_not_called(self, operation: str) -> None:
        """AssertionError (listing the calls) if ``operation`` was called."""
        self.calls.assert_not_called(operation)

    def assert_called_with(self, operation: str, /, **params: Any) -> None:
        """The LAST call of ``operation`` had (at least) these params (maps match as subsets)."""
        self.calls.assert_called_with(operation, **params)

    def assert_any_call(self, operation: str, /, **params: Any) -> None:
        """Some call of ``operation`` had (at least) these params (maps match as subsets)."""
        self.calls.assert_any_call(operation, **params)

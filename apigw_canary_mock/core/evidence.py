"""The rules behind the emulator's answers, each with its evidence tag.

Every rule the emulator follows where the answer is not simply "what the request asked" has an
id here, with the evidence behind it (spec tags): **R** recorded from real AWS, **Q** AWS text
quoted by users, **D** AWS documentation, **P** our declared policy. Errors carry their rule
(``ApiError(..., rule=...)``); a success that rests on a rule notes it in the Backend's journal
(``journal.note(rule_id)``). The call log shows them per call, and docs/behaviour.md lists every
rule by id (a test keeps the two in step).

A rule is declared once, next to the code that applies it::

    STAGE_EXISTS = rule("create-stage-duplicate", "P", "CreateStage of an existing name: 409")
"""

from __future__ import annotations

from dataclasses import dataclass

TAGS = {"R": "recorded", "Q": "quoted", "D": "documented", "P": "policy"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id, its evidence tag (R, Q, D or P) and what it says, in one line."""

    id: str
    tag: str
    summary: str

    @property
    def is_policy(self) -> bool:
        return self.tag == "P"


#: Every declared rule, by id.
RULES: dict[str, Rule] = {}


def rule(rule_id: str, tag: str, summary: str) -> str:
    """Declare a rule (once per id); returns its id, for ApiError(rule=...) and journal.note."""
    if tag not in TAGS:
        raise ValueError(f"rule {rule_id!r}: tag must be one of {', '.join(TAGS)}; got {tag!r}")
    known = RULES.get(rule_id)
    new = Rule(rule_id, tag, summary)
    if known is not None and known != new:
        raise ValueError(f"rule {rule_id!r} is declared twice, differently: {known} / {new}")
    RULES[rule_id] = new
    return rule_id


def tag_of(rule_id: str) -> str:
    """The evidence tag of a declared rule (KeyError for an undeclared id: a bug)."""
    return RULES[rule_id].tag

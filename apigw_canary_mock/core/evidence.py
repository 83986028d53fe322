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


# --- docs/behaviour.md: the table of every rule, generated from the registry --------------

#: The markers around the generated section of docs/behaviour.md.
SECTION_BEGIN = "<!-- rules:begin -->"
SECTION_END = "<!-- rules:end -->"


def rules_table(rules: dict[str, Rule] | None = None) -> str:
    """Every rule (default: ``RULES``) as a markdown table sorted by id, after a count per tag.

    Complete only once every module that declares rules is imported (``import
    apigw_canary_mock`` imports every operation)."""
    rules = RULES if rules is None else rules
    counts = ", ".join(
        f"{sum(1 for r in rules.values() if r.tag == tag)} {word}" for tag, word in TAGS.items()
    )
    lines = [
        f"{len(rules)} rules: {counts}.",
        "",
        "| id | tag | what it says |",
        "|---|---|---|",
    ]
    for rule_id in sorted(rules):
        known = rules[rule_id]
        lines.append(f"| `{rule_id}` | {TAGS[known.tag]} | {_cell(known.summary)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """``text`` as one markdown table cell: on one line, "|" escaped (it would end the cell),
    and outside `code` spans "<" and "*" too (an HTML tag, emphasis)."""
    parts = " ".join(text.split()).replace("|", "\\|").split("`")
    for index in range(0, len(parts), 2):  # the even parts are outside code spans
        parts[index] = parts[index].replace("<", "&lt;").replace("*", "\\*")
    return "`".join(parts)


def with_rules_section(document: str, rules: dict[str, Rule] | None = None) -> str:
    """``document`` with the text between SECTION_BEGIN and SECTION_END replaced by
    ``rules_table(rules)`` (ValueError when the markers are missing or out of order)."""
    begin = document.find(SECTION_BEGIN)
    end = document.find(SECTION_END)
    if begin < 0 or end < begin:
        raise ValueError(f"the document has no {SECTION_BEGIN!r} ... {SECTION_END!r} section")
    head = document[: begin + len(SECTION_BEGIN)]
    return f"{head}\n{rules_table(rules)}{document[end:]}"

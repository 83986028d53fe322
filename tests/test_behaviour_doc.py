"""docs/behaviour.md against the code, so the two cannot drift.

* Its "Every rule, by id" section is ``core.evidence.rules_table()``: a rule added, changed or
  removed without the section following fails here. ``UPDATE_DOCS=1 python -m pytest
  tests/test_behaviour_doc.py`` rewrites the section.
* Every rule id the rest of the document names (in backticks in a ``rule`` or ``tag`` column,
  in square brackets after a behaviour, or leading a bullet of the policies) is declared.
* Its "Policies" section names every rule tagged P (policy), and a rule of another tag only
  as its backticked id followed by its tag word in parentheses ("(documented; ...)"), so no
  other rule passes for a policy.
* Every emulated operation is named in it.
* Every rule of the source is declared once the package's modules are imported (the package
  loads them lazily: the section is made with all of them imported, whatever ran before).
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import apigw_canary_mock
from apigw_canary_mock import EMULATED_OPERATIONS
from apigw_canary_mock.core.evidence import (
    RULES,
    SECTION_BEGIN,
    SECTION_END,
    Rule,
    rules_table,
    with_rules_section,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "behaviour.md"
PACKAGE = ROOT / "apigw_canary_mock"

#: What a rule id looks like: lowercase words joined by hyphens (at least two words, so that a
#: bracketed list of plain words, such as ``[add, remove]``, is not taken for rule ids).
RULE_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
REGENERATE = "UPDATE_DOCS=1 python -m pytest tests/test_behaviour_doc.py"
#: Modules not to import here: the entry point (it runs the command line) and the run's
#: sitecustomize (it does nothing unless it is a process's ``sitecustomize``).
NOT_IMPORTED = ("apigw_canary_mock.__main__", "apigw_canary_mock.cli.sitecustomize")


def import_every_module() -> list[str]:
    """Import every module of the package (the package imports its parts lazily): then RULES
    holds every rule, whatever this process imported before."""
    names = [
        info.name
        for info in pkgutil.walk_packages(apigw_canary_mock.__path__, "apigw_canary_mock.")
        if info.name not in NOT_IMPORTED
    ]
    for name in names:
        importlib.import_module(name)
    return names


MODULES = import_every_module()


def test_the_rules_section_is_generated_from_the_code() -> None:
    document = DOC.read_text(encoding="utf-8")
    expected = with_rules_section(document)
    if expected != document and os.environ.get("UPDATE_DOCS") == "1":
        DOC.write_text(expected, encoding="utf-8")
        document = expected
    assert document == expected, (
        "docs/behaviour.md's 'Every rule, by id' section differs from the rules declared in the "
        f"code (core.evidence.RULES). Regenerate it: {REGENERATE}"
    )


def _outside_generated_section(document: str) -> str:
    begin, end = document.index(SECTION_BEGIN), document.index(SECTION_END)
    return document[:begin] + document[end:]


def _table_ids(document: str) -> set[str]:
    """The backticked ids of the cells of every table column named ``rule`` or ``tag``."""
    found: set[str] = set()
    columns: list[int] = []
    for line in document.splitlines():
        if not line.startswith("|"):
            columns = []
            continue
        # "\|" is a pipe inside a cell, not a cell border.
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if not columns and not set(line) <= set("|-: "):
            columns = [n for n, cell in enumerate(cells) if cell in ("rule", "rules", "tag")]
            continue
        for n in columns:
            if n < len(cells):
                found.update(re.findall(rf"`({RULE_ID.pattern})`", cells[n]))
    return found


def _bracketed_ids(document: str) -> set[str]:
    """The ids of ``[id, id]`` after a behaviour (a markdown link ``[text](...)`` is not one)."""
    found: set[str] = set()
    for match in re.finditer(r"\[([^\]\n]+)\](?!\()", document):
        items = [item.strip() for item in match.group(1).split(",")]
        if all(RULE_ID.fullmatch(item) for item in items):
            found.update(items)
    return found


def _bullet_ids(document: str) -> set[str]:
    """The backticked ids of the bullets that start with one (the policies listed by id)."""
    found: set[str] = set()
    for item in re.split(r"\n(?=\s*- )", document):
        if re.match(rf"\s*- `{RULE_ID.pattern}`", item):
            found.update(re.findall(rf"`({RULE_ID.pattern})`", item))
    return found


def named_rule_ids(document: str) -> set[str]:
    text = _outside_generated_section(document)
    return _table_ids(text) | _bracketed_ids(text) | _bullet_ids(text)


def test_every_rule_id_the_document_names_is_declared() -> None:
    named = named_rule_ids(DOC.read_text(encoding="utf-8"))
    assert len(named) > 50  # the finder finds the document's ids at all
    undeclared = sorted(named - set(RULES))
    assert not undeclared, f"docs/behaviour.md names rules the code does not declare: {undeclared}"


def test_the_id_finder_finds_each_form_and_nothing_else() -> None:
    document = "\n".join(
        [
            "| case | tag | rule |",
            "|---|---|---|",
            "| `x` [1-5] `a-b` | policy (`in-tag`) | `in-rule`, `other-id` |",
            "| a \\| b | recorded | `after-pipe` |",
            "",
            "| behaviour | tag |",
            "|---|---|",
            "| text `not-a-rule` [in-brackets, and-more] [add, remove] [a-link](#x) | recorded |",
            "",
            "- `first-bullet`, `second-bullet`:",
            "  `continued-bullet` text.",
            "- Other `not-this`.",
            "`before-call` [ipv4, dualstack]",
        ]
    )
    assert named_rule_ids(f"{document}\n{SECTION_BEGIN}\n[generated-id]\n{SECTION_END}\n") == {
        "in-tag",
        "in-rule",
        "other-id",
        "after-pipe",
        "in-brackets",
        "and-more",
        "first-bullet",
        "second-bullet",
        "continued-bullet",
    }


POLICIES_BEGIN = "\n## Policies\n"
POLICIES_END = "\n## Every rule, by id\n"
TAG_WORDS = {"R": "recorded", "Q": "quoted", "D": "documented", "P": "policy"}


def policies_section(document: str) -> str:
    """The text between the "Policies" heading and the "Every rule, by id" heading."""
    return document[document.index(POLICIES_BEGIN) : document.index(POLICIES_END)]


def policies_problems(document: str, rules: dict[str, Rule]) -> tuple[list[str], list[str]]:
    """(P rules the Policies section does not name, other rules it names without their tag).

    A rule is named as its id in backticks or in ``[id, id]`` after a behaviour. A rule that is
    not a policy may be named there only as its id in backticks followed by its tag word in
    parentheses, e.g. "(documented; the texts are ours)": never in brackets, never bare."""
    section = policies_section(document)
    bracketed = _bracketed_ids(section)
    named = (set(re.findall(rf"`({RULE_ID.pattern})`", section)) | bracketed) & set(rules)
    policies = {rule_id for rule_id, declared in rules.items() if declared.tag == "P"}
    unnamed = sorted(policies - named)
    unmarked = []
    for rule_id in sorted(named - policies):
        word = TAG_WORDS[rules[rule_id].tag]
        bare = re.search(rf"`{re.escape(rule_id)}`(?! \({word}\b)", section)
        if rule_id in bracketed or bare:
            unmarked.append(f"{rule_id} ({word})")
    return unnamed, unmarked


def test_the_policies_section_names_every_policy_and_only_policies() -> None:
    unnamed, unmarked = policies_problems(DOC.read_text(encoding="utf-8"), RULES)
    assert not unnamed, (
        "docs/behaviour.md's Policies section does not name these P rules (add each, as `id` or "
        f"[id] after the behaviour it states): {unnamed}"
    )
    assert not unmarked, (
        "docs/behaviour.md's Policies section names rules that are not policies without saying "
        f"so (write `id` (<tag>...), or move them out): {unmarked}"
    )


def test_the_policies_check_sees_each_form() -> None:
    rules = {
        "in-backticks": Rule("in-backticks", "P", ""),
        "in-brackets": Rule("in-brackets", "P", ""),
        "outside": Rule("outside", "P", ""),
        "doc-marked": Rule("doc-marked", "D", ""),
        "doc-bare": Rule("doc-bare", "D", ""),
        "rec-bracketed": Rule("rec-bracketed", "R", ""),
        "doc-wrong-word": Rule("doc-wrong-word", "D", ""),
    }
    document = "\n".join(
        [
            "# Title",
            "text [outside] `doc-bare`",
            "## Policies",
            "- `in-backticks`: a policy.",
            "- a policy [in-brackets, rec-bracketed]; `not-a-rule` [add, remove]",
            "- `doc-marked` (documented; the texts are ours), `doc-marked` (documented) again.",
            "- `doc-bare`: texts. `doc-wrong-word` (recorded).",
            "## Every rule, by id",
            "`outside` [outside]",
            "",
        ]
    )
    assert policies_problems(document, rules) == (
        ["outside"],
        ["doc-bare (documented)", "doc-wrong-word (documented)", "rec-bracketed (recorded)"],
    )


def test_every_emulated_operation_is_in_the_document() -> None:
    # Named by hand, outside the generated section (a rule's summary does not describe it).
    document = _outside_generated_section(DOC.read_text(encoding="utf-8"))
    missing = [op for op in sorted(EMULATED_OPERATIONS) if not re.search(rf"\b{op}\b", document)]
    assert not missing, f"docs/behaviour.md does not describe these operations: {missing}"


def test_the_readme_names_every_emulated_operation() -> None:
    """README's "Emulated operations" names each one, whole or as ``Create/Get/DeleteModel``."""
    text = (DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Emulated operations", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"\b[A-Z][A-Za-z]+\b", section))
    for verbs, last_verb, noun in re.findall(
        r"\b((?:[A-Z][a-z]+/)+)([A-Z][a-z]+)([A-Z][A-Za-z]+)", section
    ):
        named.update(verb + noun for verb in [*verbs.split("/")[:-1], last_verb])
    missing = sorted(EMULATED_OPERATIONS - named)
    assert not missing, f"README.md's Emulated operations does not name {missing}"


def test_every_rule_id_is_a_hyphenated_id() -> None:
    """So the document checks can tell a rule id from a plain word."""
    assert [rule_id for rule_id in RULES if not RULE_ID.fullmatch(rule_id)] == []


def _declared_in_source() -> set[str]:
    """The ids of every ``rule("id", ...)`` call in the package's source."""
    declared: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "rule"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                declared.add(node.args[0].value)
    return declared


@pytest.mark.slow
def test_importing_the_package_declares_every_rule() -> None:
    """In a fresh process: the package's modules declare every rule of the source (a rule in a
    string or a comment, not declared, fails here), so the section is complete."""
    code = (
        "import importlib, json, apigw_canary_mock\n"
        f"for name in {MODULES!r}: importlib.import_module(name)\n"
        "from apigw_canary_mock.core.evidence import RULES\n"
        "print(json.dumps(sorted(RULES)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert Path(apigw_canary_mock.__file__).resolve().parent == PACKAGE
    declared = _declared_in_source()
    assert len(declared) > 100
    assert set(json.loads(done.stdout)) == declared


def test_rules_table_is_sorted_counts_tags_and_escapes_cells() -> None:
    rules = {
        "b-rule": Rule("b-rule", "P", "a | b, <path> outside code, `<path> | in code`, /*/*"),
        "a-rule": Rule("a-rule", "R", "recorded\n  on two lines"),
    }
    assert rules_table(rules).splitlines() == [
        "2 rules: 1 recorded, 0 quoted, 0 documented, 1 policy.",
        "",
        "| id | tag | what it says |",
        "|---|---|---|",
        "| `a-rule` | recorded | recorded on two lines |",
        "| `b-rule` | policy | a \\| b, &lt;path> outside code, `<path> \\| in code`, /\\*/\\* |",
    ]


def test_with_rules_section_replaces_only_between_the_markers() -> None:
    rules = {"a-rule": Rule("a-rule", "D", "documented")}
    document = f"head\n{SECTION_BEGIN}\nold text\n{SECTION_END}\ntail\n"
    assert with_rules_section(document, rules) == (
        f"head\n{SECTION_BEGIN}\n{rules_table(rules)}{SECTION_END}\ntail\n"
    )
    with pytest.raises(ValueError, match="no '<!-- rules:begin -->'"):
        with_rules_section("no markers", rules)


#: Errors raised without a rule, by (module, function). Shrink it, never grow it.
UNANNOTATED: set[tuple[str, str]] = set()
_ERROR_MAKERS = {"bad_request": 2, "not_found": 2, "conflict": 2, "ApiError": 4}


def test_every_error_names_its_rule() -> None:
    """Each ``bad_request / not_found / conflict / ApiError(...)`` of the source passes the rule
    its answer rests on, so every error answer carries its evidence."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                with_rule = len(node.args) >= _ERROR_MAKERS.get(str(name), 99) or any(
                    keyword.arg == "rule" for keyword in node.keywords
                )
                if name in _ERROR_MAKERS and not with_rule:
                    if {(module, function.name), (module, "*")} & UNANNOTATED:
                        continue
                    missing.append(f"{module}:{node.lineno} in {function.name}()")
    assert not missing, f"errors raised without their rule (rule=...): {missing}"

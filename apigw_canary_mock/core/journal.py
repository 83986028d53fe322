"""What the operation now running changed in one Backend.

Core writes here; the layers above read it (never the other way round):

* ``stage_writes``: every stage write in order, with the stage right after it (None: deleted).
  The engine commits them to the stage history when the operation succeeds.
* ``changed``: the keys of what a state file must write again (see ``Key``): the whole
  definition of an API (``("api", id)``), one stage (``("stage", id, name)``), one deployment
  (``("deployment", id, deployment_id)``), or what the Backend holds outside its APIs
  (``("backend",)``). Whether the object still exists tells a write from a delete.
* ``evidence``: the ids of the rules (core.evidence) the answer rests on, in order (``note``;
  a hot path of core may append to the list itself: a note must cost one list append).

The store clears the journal when a transaction starts and again when it ends: entries are
only ever read inside the transaction of the operation that made them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .stage import Stage

#: (restApiId, stage name, the stage after the write, or None when it was deleted)
StageWrite = tuple[str, str, "Stage | None"]

#: ("api", restApiId) | ("stage", restApiId, name) | ("deployment", restApiId, id) | ("backend",)
Key = tuple[str, ...]

BACKEND_KEY: Key = ("backend",)


class Journal:
    """The changes (and the evidence) of the operation now running in one Backend."""

    __slots__ = ("changed", "evidence", "stage_writes")

    def __init__(self) -> None:
        self.stage_writes: list[StageWrite] = []
        self.changed: set[Key] = set()
        self.evidence: list[str] = []

    def stage_written(self, rest_api_id: str, stage_name: str, stage: Stage | None) -> None:
        # Kept as is, no copy: core never changes a stored stage in place (every write puts a
        # new Stage), so this object stays what the stage was right after this write.
        self.stage_writes.append((rest_api_id, stage_name, stage))
        self.changed.add(("stage", rest_api_id, stage_name))

    def api_changed(self, rest_api_id: str) -> None:
        """The API's definition changed (anything but its stages and deployments)."""
        self.changed.add(("api", rest_api_id))

    def deployment_changed(self, rest_api_id: str, deployment_id: str) -> None:
        self.changed.add(("deployment", rest_api_id, deployment_id))

    def backend_changed(self) -> None:
        """Something the Backend holds outside its REST APIs changed."""
        self.changed.add(BACKEND_KEY)

    def note(self, rule_id: str) -> None:
        """The answer rests on this rule (core.evidence), besides the errors it raises."""
        self.evidence.append(rule_id)

    def clear(self) -> None:
        self.stage_writes.clear()
        self.changed.clear()
        self.evidence.clear()

    def __bool__(self) -> bool:
        return bool(self.changed)

    def __repr__(self) -> str:
        return f"<Journal {sorted(self.changed)} evidence={self.evidence}>"

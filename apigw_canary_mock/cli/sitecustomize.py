"""The ``sitecustomize`` of ``python -m apigw_canary_mock run``: the mock in every Python process.

``run`` copies this file into its temporary directory and puts that directory first on the
command's PYTHONPATH, so every Python process of the run imports it at start-up, the way
coverage.py follows subprocesses. It runs in every one of them, so it is stdlib only and cheap:

* ``$APIGW_CANARY_MOCK_RUN`` unset: it only runs the ``sitecustomize`` it hides, if any;
* set: it also adds an ``ImportWatch`` (and one for the AWS CLI v2's own copy of botocore,
  which ``send_apigateway_to_endpoint`` sends to the run's endpoint where it does not read
  ``AWS_ENDPOINT_URL_API_GATEWAY`` itself). Once ``botocore.client`` has been imported AND the
  outermost import of the packages the mock is built on (botocore, boto3, aiobotocore,
  aioboto3) has finished, it imports apigw_canary_mock, which starts the run's mock
  (``apigw_canary_mock.cli.child``); never in the middle of such an import, where
  apigw_canary_mock would find them half-initialised. When apigw_canary_mock is itself being
  imported (it imports botocore; through its pytest plugin, say) it does nothing: the package
  starts the mock at the end of its own import, once it is whole. (It used to start it right
  after ``botocore.client``, in the middle of the package's import: a circular ImportError.)
  A process that never imports botocore never imports apigw_canary_mock.

Imported under any other name (``apigw_canary_mock.cli.sitecustomize``: by ``run``, by
``child`` and by the tests) the module does nothing.
"""

from __future__ import annotations

import _thread
import importlib
import importlib.machinery
import importlib.util
import os
import sys

# Not typing.TYPE_CHECKING: importing typing would cost every process of the run ~4 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from importlib.abc import Loader as _Loader
    from importlib.machinery import ModuleSpec
    from types import ModuleType
    from typing import Any
else:  # at run time, the import system needs no base class (and importlib.abc costs more)
    _Loader = object

#: The environment variable carrying the run's settings (JSON) to every process of the run.
ENV_VAR = "APIGW_CANARY_MOCK_RUN"
#: Imported by every botocore client: the mock must be active from then on.
TRIGGER = "botocore.client"
#: What importing and starting the mock imports: it waits until none is being imported.
FOUNDATIONS = ("botocore", "boto3", "aiobotocore", "aioboto3")
#: The run's endpoint (cli/endpoint.py), for the processes the mock can not be in.
ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_API_GATEWAY"
#: The AWS CLI v2 run from Python source (Debian's ``awscli``): its own copy of botocore.
VENDORED_TRIGGER = "awscli.botocore.session"
#: The command line's error style (apigw_canary_mock.cli.prog; not imported: stdlib only here).
ERROR_PREFIX = "apigw-canary-mock run: error: "


class ImportWatch:
    """Calls ``ready()`` once, when ``trigger`` has been imported and no import of a module of
    ``packages`` is in progress in this thread any more (right after the outermost one ends).

    A finder first on ``sys.meta_path``: it wraps the loader of every module of ``packages``
    to count the imports in progress; each module keeps its own loader. ``ready()`` runs
    inside the outermost import, after its module was executed and bound to its parent, so
    an error in it fails that import (the program stops rather than calling AWS). An import
    that fails delays ``ready()`` to the end of the next one.
    """

    def __init__(self, trigger: str, packages: Iterable[str], ready: Callable[[], None]) -> None:
        self.trigger = trigger
        self.packages = frozenset(packages)
        self.ready = ready
        self.triggered = False
        self.fired = False
        self._depth: dict[int, int] = {}  # thread id -> imports of ``packages`` in progress
        self._lock = _thread.allocate_lock()

    def install(self) -> None:
        sys.meta_path.insert(0, self)
        if self.trigger in sys.modules:  # imported before us (by a .pth file)
            self.triggered = True
            self._fire()

    def uninstall(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] not in self.packages:
            return None
        for finder in list(sys.meta_path):
            find_spec = getattr(finder, "find_spec", None)
            if finder is self or find_spec is None:
                continue
            spec: ModuleSpec | None = find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _WatchedLoader(self, spec.loader)
                return spec
        return None

    def entering(self) -> None:
        thread = _thread.get_ident()
        self._depth[thread] = self._depth.get(thread, 0) + 1

    def left(self, module: ModuleType | None) -> None:
        """An import ended: ``module`` executed, or None when it failed."""
        thread = _thread.get_ident()
        depth = self._depth.pop(thread) - 1
        if depth:
            self._depth[thread] = depth
        if module is None:
            return
        if module.__name__ == self.trigger:
            self.triggered = True
        if not depth and self.triggered:
            # What the import system does right after we return; ready() needs it now.
            parent, _, name = module.__name__.rpartition(".")
            if parent in sys.modules:
                setattr(sys.modules[parent], name, module)
            self._fire()

    def _fire(self) -> None:
        with self._lock:
            if self.fired:
                return
            self.fired = True
        self.uninstall()
        self.ready()


class _WatchedLoader(_Loader):
    """Counts an import in progress for the ImportWatch, around the real loader."""

    def __init__(self, watch: ImportWatch, loader: Any) -> None:
        self._watch = watch
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        module: ModuleType | None = None if create is None else create(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module keeps the real loader, as if we had never been there.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._watch.entering()
        try:
            self._loader.exec_module(module)
        except BaseException:
            self._watch.left(None)
            raise
        self._watch.left(module)

    def __getattr__(self, name: str) -> Any:
        # get_code, get_source, is_package... (runpy asks them of ``-m`` modules)
        return getattr(self._loader, name)


def start_the_mock() -> None:
    """Start the mock of the run in this process (once botocore is imported).

    A Python without apigw_canary_mock (another virtualenv) is answered by the run's
    endpoint instead, from the same state: its botocore reads ``AWS_ENDPOINT_URL_API_GATEWAY``
    (>= 1.31), or is told it here (``send_apigateway_to_endpoint``).
    """
    if sys.modules.get("apigw_canary_mock") is not None:
        # Being imported (it imports botocore): it starts the mock at the end of its import.
        return
    try:
        # Imported here, not at the top: only a process that imports botocore pays for it.
        from apigw_canary_mock.cli import child
    except ImportError as error:
        if error.name == "apigw_canary_mock" and os.environ.get(ENDPOINT_VARIABLE):
            send_apigateway_to_endpoint("botocore")
            return
        raise ImportError(cannot_import_message(error)) from (
            None if error.name == "apigw_canary_mock" else error
        )
    child.activate()  # done by the package's import already; for an older one, done here


def send_apigateway_to_endpoint(package: str) -> None:
    """Make ``package``'s botocore (``botocore``, or the AWS CLI v2's own copy,
    ``awscli.botocore``) send apigateway calls to the run's endpoint, when it does not read
    ``AWS_ENDPOINT_URL_API_GATEWAY`` itself: its ``Session.create_client`` then gives
    apigateway clients that endpoint, unless the caller named one."""
    config = importlib.import_module(f"{package}.configprovider")
    if hasattr(config, "ConfiguredEndpointProvider"):
        return  # it reads the variable (botocore >= 1.31, AWS CLI >= 2.13)
    session_class = importlib.import_module(f"{package}.session").Session
    original = session_class.create_client
    if getattr(original, "apigw_canary_mock_endpoint", False):
        return
    import inspect  # only here: a Python with an old botocore and no apigw_canary_mock

    signature = inspect.signature(original)

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(self, *args, **kwargs)
        arguments = bound.arguments
        if arguments.get("service_name") == "apigateway" and not arguments.get("endpoint_url"):
            arguments["endpoint_url"] = os.environ.get(ENDPOINT_VARIABLE) or None
        return original(*bound.args, **bound.kwargs)

    create_client.apigw_canary_mock_endpoint = True  # type: ignore[attr-defined]
    session_class.create_client = create_client


def _send_vendored_to_endpoint() -> None:
    send_apigateway_to_endpoint("awscli.botocore")


def cannot_import_message(error: ImportError) -> str:
    """Why the run can not answer this process's calls, truthfully."""
    python = f"this Python ({sys.executable})"
    if error.name == "apigw_canary_mock":
        return (
            f"{ERROR_PREFIX}{python} imports botocore, but apigw_canary_mock "
            "is not installed for it, so nothing would answer its apigateway calls; it was "
            "stopped rather than let them reach AWS. Install apigw_canary_mock for it."
        )
    return (
        f"{ERROR_PREFIX}{python} imports botocore, but importing "
        f"apigw_canary_mock to answer its apigateway calls failed ({error}); it was stopped "
        "rather than let them reach AWS."
    )


def run_hidden_sitecustomize(here: str) -> None:
    """Run the ``sitecustomize`` that this one hides (the next one on sys.path), if any."""
    path = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["sitecustomize"] = module
        spec.loader.exec_module(module)


def main() -> None:
    if os.environ.get(ENV_VAR):
        ImportWatch(TRIGGER, FOUNDATIONS, start_the_mock).install()
        if os.environ.get(ENDPOINT_VARIABLE):
            # The AWS CLI v2 on its own copy of botocore, older than the variable (Debian's).
            ImportWatch(VENDORED_TRIGGER, ("awscli",), _send_vendored_to_endpoint).install()
    run_hidden_sitecustomize(os.path.dirname(os.path.abspath(__file__)))


if __name__ == "sitecustomize":
    main()

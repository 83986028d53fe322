"""The command line, ``python -m apigw_canary_mock demo | run | show``: one module per job.

``main`` (arguments), ``demo``, ``run`` (with ``endpoint`` and ``signals``), ``show``;
``statefile`` opens the state files they only read; ``tables`` is their text output;
``sitecustomize`` and ``child`` are what ``run`` puts in the processes of its command.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

"""pytest plugin: the ``apigateway_mock`` fixture and marker (placeholder until wired)."""

"""Pure state and rules of the emulated API Gateway (stdlib only: nothing from botocore)."""

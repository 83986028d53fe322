"""Pure state and rules of the emulated API Gateway (stdlib only: nothing from botocore).

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

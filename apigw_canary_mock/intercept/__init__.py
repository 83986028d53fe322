"""How a botocore / aiobotocore call gets in: patching (install/uninstall), the per-client
handlers, the direct path and retry replay. Every private botocore access is in _botocore.

Internal: not part of the public API (its names may change in any release); the public
names are those of ``apigw_canary_mock`` itself.
"""

from apigw_canary_mock.intercept.handlers import Resolver, Target
from apigw_canary_mock.intercept.patching import install, let_through, uninstall
from apigw_canary_mock.intercept.retries import answer_with_retries

__all__ = ["Resolver", "Target", "answer_with_retries", "install", "let_through", "uninstall"]

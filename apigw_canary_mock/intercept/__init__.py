"""How a botocore / aiobotocore call gets in: patching (install/uninstall), the per-client
handlers, the direct path and retry replay. Every private botocore access is in _botocore."""

from apigw_canary_mock.intercept.handlers import Resolver, Target
from apigw_canary_mock.intercept.patching import install, let_through, uninstall
from apigw_canary_mock.intercept.retries import answer_with_retries

__all__ = ["Resolver", "Target", "answer_with_retries", "install", "let_through", "uninstall"]

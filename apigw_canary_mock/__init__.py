"""apigw_canary_mock: an in-memory Amazon API Gateway for testing canary releases."""

__version__ = "0.1.0"

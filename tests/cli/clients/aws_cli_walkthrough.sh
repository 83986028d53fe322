#!/usr/bin/env bash
# The canary walkthrough with the AWS CLI v2: create the API, deploy, canary at 10 %, ramp,
# promote by copy, remove. Prints "### STEP" then the CLI's JSON output of each step
# (tests/cli/test_real_clients.py compares them with boto3's in-process answers).
#
# AWS: the AWS CLI v2 to run. ENDPOINT: given to --endpoint-url when set (against `serve`);
# unset under `python -m apigw_canary_mock run`, where the run's environment sends the CLI to
# the run's endpoint.
set -euo pipefail
AWS=${AWS:-aws}
args=()
if [[ -n "${ENDPOINT:-}" ]]; then args+=(--endpoint-url "$ENDPOINT"); fi
aws_() { "$AWS" apigateway "$@" "${args[@]}"; }
step() { echo "### $1"; shift; aws_ "$@" --output json; }

API=$(aws_ create-rest-api --name orders --description "canary walkthrough" --query id --output text)
ROOT=$(aws_ get-resources --rest-api-id "$API" --query 'items[0].id' --output text)
step get-rest-api get-rest-api --rest-api-id "$API"
step put-method put-method --rest-api-id "$API" --resource-id "$ROOT" --http-method GET \
    --authorization-type NONE
step put-integration put-integration --rest-api-id "$API" --resource-id "$ROOT" \
    --http-method GET --type MOCK
step deploy create-deployment --rest-api-id "$API" --stage-name prod --variables color=blue
step canary create-deployment --rest-api-id "$API" --stage-name prod \
    --canary-settings 'percentTraffic=10,stageVariableOverrides={color=green}'
step stage-with-canary get-stage --rest-api-id "$API" --stage-name prod
step ramp update-stage --rest-api-id "$API" --stage-name prod \
    --patch-operations op=replace,path=/canarySettings/percentTraffic,value=50
step promote update-stage --rest-api-id "$API" --stage-name prod --patch-operations \
    op=copy,from=/canarySettings/deploymentId,path=/deploymentId \
    op=copy,from=/canarySettings/stageVariableOverrides,path=/variables
step remove-canary update-stage --rest-api-id "$API" --stage-name prod \
    --patch-operations op=remove,path=/canarySettings
step stages get-stages --rest-api-id "$API"
step deployments get-deployments --rest-api-id "$API"
echo "### not-found"
aws_ get-stage --rest-api-id "$API" --stage-name nope --output json 2>&1 || echo "exit status $?"
echo "### unemulated"
aws_ get-api-keys --output json 2>&1 || echo "exit status $?"

// The canary walkthrough with the AWS SDK for JavaScript v3: create the API, deploy, canary
// at 10 %, ramp, promote by copy, remove. Prints one JSON line per step:
// {"step": ..., "output": ...} (without $metadata) or {"step": ..., "error": {...}}
// (tests/cli/test_real_clients.py compares them with boto3's in-process answers).
//
// The endpoint comes from the environment, as for any SDK: AWS_ENDPOINT_URL_API_GATEWAY
// (set by `python -m apigw_canary_mock run`, or by the test against `serve`).
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetApiKeysCommand,
  GetDeploymentsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from "@aws-sdk/client-api-gateway";

const client = new APIGatewayClient({ maxAttempts: 1 });

async function step(name, command) {
  try {
    const { $metadata, ...output } = await client.send(command);
    console.log(JSON.stringify({ step: name, output }));
    return output;
  } catch (error) {
    const status = error.$metadata ? error.$metadata.httpStatusCode : undefined;
    console.log(
      JSON.stringify({ step: name, error: { name: error.name, message: error.message, status } }),
    );
    return undefined;
  }
}

const api = await client.send(
  new CreateRestApiCommand({ name: "orders", description: "canary walkthrough" }),
);
const restApiId = api.id;
const resources = await client.send(new GetResourcesCommand({ restApiId }));
const resourceId = resources.items[0].id;
const stage = { restApiId, stageName: "prod" };

await step("get-rest-api", new GetRestApiCommand({ restApiId }));
await step(
  "put-method",
  new PutMethodCommand({ restApiId, resourceId, httpMethod: "GET", authorizationType: "NONE" }),
);
await step(
  "put-integration",
  new PutIntegrationCommand({ restApiId, resourceId, httpMethod: "GET", type: "MOCK" }),
);
await step("deploy", new CreateDeploymentCommand({ ...stage, variables: { color: "blue" } }));
await step(
  "canary",
  new CreateDeploymentCommand({
    ...stage,
    canarySettings: { percentTraffic: 10, stageVariableOverrides: { color: "green" } },
  }),
);
await step("stage-with-canary", new GetStageCommand(stage));
await step(
  "ramp",
  new UpdateStageCommand({
    ...stage,
    patchOperations: [{ op: "replace", path: "/canarySettings/percentTraffic", value: "50" }],
  }),
);
await step(
  "promote",
  new UpdateStageCommand({
    ...stage,
    patchOperations: [
      { op: "copy", from: "/canarySettings/deploymentId", path: "/deploymentId" },
      { op: "copy", from: "/canarySettings/stageVariableOverrides", path: "/variables" },
    ],
  }),
);
await step(
  "remove-canary",
  new UpdateStageCommand({
    ...stage,
    patchOperations: [{ op: "remove", path: "/canarySettings" }],
  }),
);
await step("stages", new GetStagesCommand({ restApiId }));
await step("deployments", new GetDeploymentsCommand({ restApiId }));
await step("not-found", new GetStageCommand({ restApiId, stageName: "nope" }));
await step("unemulated", new GetApiKeysCommand({}));

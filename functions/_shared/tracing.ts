import { Tracer } from '@aws-lambda-powertools/tracer';
import { dynamoClient, ec2Client, eventBridgeClient, lambdaClient, sfnClient } from '../../lib/aws/clients';

/**
 * Every AWS call a function makes becomes a subsegment of its X-Ray trace (tracing is on in
 * serverless.yml), so a slow or throttled EC2 call shows in the trace of the step that made it. Outside
 * Lambda (tests, the CLI) the tracer is off and the clients are left as they are.
 */
export const tracer = new Tracer({ serviceName: 'privatelink-orchestrator' });
for (const client of [ec2Client, dynamoClient, sfnClient, lambdaClient, eventBridgeClient])
  tracer.captureAWSv3Client(client);

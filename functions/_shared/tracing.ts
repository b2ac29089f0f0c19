import { Tracer } from '@aws-lambda-powertools/tracer';
import { eachClient } from '../../lib/aws/clients/build';

/**
 * Every AWS call a function makes becomes a subsegment of its X-Ray trace (tracing is on in
 * serverless.yml), so a slow or throttled EC2 call shows in the trace of the step that made it: each
 * client the function builds, whenever it is built. Outside Lambda (tests, the CLI) the tracer is off and
 * the clients are left as they are.
 */
export const tracer = new Tracer({ serviceName: 'privatelink-orchestrator' });
eachClient((client) => tracer.captureAWSv3Client(client as never));

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';

/**
 * Every SDK client is built here, once per Lambda container, so tests can swap them with
 * aws-sdk-client-mock. AWS_ENDPOINT_URL (honoured by SDK v3 itself) points them at a local emulator.
 * `adaptive` retry mode adds client-side rate limiting on top of exponential backoff for throttling.
 */
const common = { maxAttempts: 5, retryMode: 'adaptive' as const };

export const ec2Client = new EC2Client(common);
export const eventBridgeClient = new EventBridgeClient(common);
export const sfnClient = new SFNClient(common);
export const dynamoClient = new DynamoDBClient(common);
export const lambdaClient = new LambdaClient(common);

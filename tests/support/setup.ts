import 'aws-sdk-client-mock-jest';
import { installPromiseWithResolvers } from '../../lib/local/polyfills';

installPromiseWithResolvers();

// The functions read these at cold start; tests run them as a deployed stack named privatelink-test would.
process.env.STACK_NAME ??= 'privatelink-test';
process.env.AWS_REGION ??= 'us-east-1';
// Tests run on Node 20 by design (the functions run on nodejs22.x): the SDK's notice about it is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.ENDPOINT_WAIT_MAX_ATTEMPTS ??= '40';
process.env.LOCK_TABLE_NAME ??= 'privatelink-test-locks';
process.env.STATE_MACHINE_ARN ??= 'arn:aws:states:us-east-1:123456789012:stateMachine:provision';

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { built, CLIENT_OPTIONS } from './build';

export const logsClient = built(new CloudWatchLogsClient(CLIENT_OPTIONS));

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { built, CLIENT_OPTIONS, decorated } from './build';

export const logsClient = built(new CloudWatchLogsClient(CLIENT_OPTIONS));

/** CloudWatch Logs of another account (its role's credentials) in a region, made for one use. */
export const logsClientWith = (region: string, credentials: CloudWatchLogsClient['config']['credentials']) =>
  decorated(new CloudWatchLogsClient({ ...CLIENT_OPTIONS, region, credentials }));

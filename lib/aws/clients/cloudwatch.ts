import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { built, CLIENT_OPTIONS, decorated } from './build';

export const cloudWatchClient = built(new CloudWatchClient(CLIENT_OPTIONS));

/** CloudWatch of another account (its role's credentials) in a region, made for one use. */
export const cloudWatchClientWith = (
  region: string,
  credentials: CloudWatchClient['config']['credentials'],
) => decorated(new CloudWatchClient({ ...CLIENT_OPTIONS, region, credentials }));

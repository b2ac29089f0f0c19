import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { built, CLIENT_OPTIONS } from './build';

export const cloudWatchClient = built(new CloudWatchClient(CLIENT_OPTIONS));

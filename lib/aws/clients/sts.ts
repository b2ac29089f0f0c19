import { STSClient } from '@aws-sdk/client-sts';
import { built, CLIENT_OPTIONS } from './build';

export const stsClient = built(new STSClient(CLIENT_OPTIONS));

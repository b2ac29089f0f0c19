import { SFNClient } from '@aws-sdk/client-sfn';
import { built, CLIENT_OPTIONS } from './build';

export const sfnClient = built(new SFNClient(CLIENT_OPTIONS));

import { EC2Client } from '@aws-sdk/client-ec2';
import { built, CLIENT_OPTIONS } from './build';

export const ec2Client = built(new EC2Client(CLIENT_OPTIONS));

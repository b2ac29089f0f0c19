import { LambdaClient } from '@aws-sdk/client-lambda';
import { built, CLIENT_OPTIONS } from './build';

export const lambdaClient = built(new LambdaClient(CLIENT_OPTIONS));

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { built, CLIENT_OPTIONS } from './build';

export const dynamoClient = built(new DynamoDBClient(CLIENT_OPTIONS));

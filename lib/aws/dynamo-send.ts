import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  type GetItemCommand,
  type GetItemCommandOutput,
  type UpdateItemCommand,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { mapAwsError } from './errors';

/**
 * One DynamoDB call of the lock and pace stores, its errors named as EC2's are (lib/aws/errors.ts):
 * throttling (ProvisionedThroughputExceededException, ThrottlingException) and 5xx are ThrottlingError /
 * AwsTransientError, which the state machine's shared policy retries. A failed condition is the stores'
 * own answer, passed on as it is.
 */
export function dynamoSend(client: DynamoDBClient, command: GetItemCommand): Promise<GetItemCommandOutput>;
export function dynamoSend(
  client: DynamoDBClient,
  command: UpdateItemCommand,
): Promise<UpdateItemCommandOutput>;
export async function dynamoSend(
  client: DynamoDBClient,
  command: GetItemCommand | UpdateItemCommand,
): Promise<GetItemCommandOutput | UpdateItemCommandOutput> {
  try {
    return await client.send(command as UpdateItemCommand);
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw err;
    const operation = 'UpdateExpression' in command.input ? 'UpdateItem' : 'GetItem';
    throw mapAwsError(err, `DynamoDB ${operation} of ${JSON.stringify(command.input.Key ?? {})}`);
  }
}

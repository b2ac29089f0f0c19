import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { built, CLIENT_OPTIONS } from './build';

export const eventBridgeClient = built(new EventBridgeClient(CLIENT_OPTIONS));

import { Route53Client } from '@aws-sdk/client-route-53';
import { built, CLIENT_OPTIONS } from './build';

export const route53Client = built(new Route53Client(CLIENT_OPTIONS));

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { built, CLIENT_OPTIONS } from './build';

/** Organizations answers from us-east-1 in the commercial partition, whatever the caller's region. */
export const organizationsClient = built(new OrganizationsClient({ ...CLIENT_OPTIONS, region: 'us-east-1' }));

import { S3Client } from '@aws-sdk/client-s3';
import { built, CLIENT_OPTIONS, decorated } from './build';

/**
 * Path-style addressing (`endpoint/bucket/key`): AWS serves it for every bucket the stack makes, and an
 * endpoint given by address (AWS_ENDPOINT_URL) has no per-bucket host names; one client for both.
 */
export const s3Client = built(new S3Client({ ...CLIENT_OPTIONS, forcePathStyle: true }));

/** S3 as another account (its role's credentials) sees it, made for one use. */
export const s3ClientWith = (region: string, credentials: S3Client['config']['credentials']) =>
  decorated(new S3Client({ ...CLIENT_OPTIONS, forcePathStyle: true, region, credentials }));

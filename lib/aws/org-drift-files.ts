import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapAwsError } from './errors';

/** Where the Organization check keeps its files in the stack's bucket (serverless.yml expires both). */
export const MANIFESTS = 'manifests';
export const RESULTS = 'results';

/** An account and region as the manifest and the results name them. */
export interface Where {
  accountId: string;
  region: string;
}

/** The targets, one JSON object a line: what the Distributed Map's ItemReader reads (InputType JSONL). */
export async function writeManifest(
  s3: S3Client,
  bucket: string,
  name: string,
  targets: Where[],
): Promise<{ bucket: string; key: string; targets: number }> {
  const key = `${MANIFESTS}/${name}.jsonl`;
  const body = targets.map((t) => JSON.stringify({ accountId: t.accountId, region: t.region })).join('\n');
  await writeObject(s3, bucket, key, body);
  return { bucket, key, targets: targets.length };
}

export async function writeObject(s3: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })).catch((err: unknown) => {
    throw mapAwsError(err, `PutObject s3://${bucket}/${key}`);
  });
}

export async function readObject(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  } catch (err) {
    throw mapAwsError(err, `GetObject s3://${bucket}/${key}`);
  }
}

/**
 * What ResultWriter writes (Step Functions Developer Guide, "ResultWriter (Map)"): a manifest naming the
 * result files by status, each a JSON array of child executions with their Input and Output as strings.
 */
export interface ResultManifest {
  DestinationBucket: string;
  MapRunArn: string;
  ResultFiles: Partial<Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]>>;
}

export interface ChildExecution {
  ExecutionArn?: string;
  Input: string;
  Output?: string;
  Status: string;
  Error?: string;
  Cause?: string;
}

/** Every child execution ResultWriter wrote, by its manifest at `key`. */
export async function readResults(s3: S3Client, bucket: string, key: string): Promise<ChildExecution[]> {
  const manifest = JSON.parse(await readObject(s3, bucket, key)) as ResultManifest;
  const children: ChildExecution[] = [];
  for (const file of Object.values(manifest.ResultFiles).flat())
    children.push(
      ...(JSON.parse(await readObject(s3, manifest.DestinationBucket, file.Key)) as ChildExecution[]),
    );
  return children;
}

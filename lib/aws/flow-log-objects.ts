/**
 * Flow logs delivered to S3 (docs/advice.md, "What it reads"): one gzipped text file per flow log and
 * five minutes (or hour), its first line the field names, under
 * `<prefix>AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/` — or, with Hive-compatible
 * prefixes, `aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=<yyyy>/month=<mm>/day=<dd>/`
 * — named `<account>_vpcflowlogs_<region>_<flow log id>_…`. A day's files of the flow log are read whole:
 * S3 cannot leave out an interface's records, so the advice keeps only the interfaces it counts.
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
import { gunzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type GetObjectCommandOutput,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AwsApi } from './ec2-api';

export interface S3Location {
  bucket: string;
  prefix: string;
}

/** `arn:aws:s3:::bucket/some/prefix/` → its bucket and key prefix (ending in `/` when not empty). */
export function s3LocationOf(arn: string): S3Location | undefined {
  const m = /^arn:[a-z-]+:s3:::([^/]+)\/?(.*)$/.exec(arn);
  if (!m?.[1]) return undefined;
  const prefix = m[2] ?? '';
  return { bucket: m[1], prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

/** The days a window touches, as the date parts of the delivery path. */
function daysOf(from: Date, to: Date): { yyyy: string; mm: string; dd: string }[] {
  const days: { yyyy: string; mm: string; dd: string }[] = [];
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  while (day <= to) {
    const [yyyy = '', mm = '', dd = ''] = day.toISOString().slice(0, 10).split('-');
    days.push({ yyyy, mm, dd });
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return days;
}

export interface FlowLogFiles {
  flowLogId: string;
  location: S3Location;
  accountId: string;
  region: string;
  hiveCompatible: boolean;
}

/** Reads a flow log's files in S3, counting the calls, files and bytes (the benchmark's measure). */
export class FlowLogObjects {
  private readonly api: AwsApi;
  private readonly read = { objects: 0, bytes: 0 };

  constructor(client: S3Client) {
    this.api = new AwsApi(client);
  }

  get count(): { calls: number; objects: number; bytes: number } {
    return { calls: this.api.calls.read, ...this.read };
  }

  /** Each file of the flow log in the window's days: its field names (first line) and its other lines. */
  async *files(
    log: FlowLogFiles,
    from: Date,
    to: Date,
  ): AsyncGenerator<{ fields: string[]; lines: string[] }> {
    for (const day of daysOf(from, to)) {
      const prefix = log.hiveCompatible
        ? `${log.location.prefix}AWSLogs/aws-account-id=${log.accountId}/aws-service=vpcflowlogs/aws-region=${log.region}/year=${day.yyyy}/month=${day.mm}/day=${day.dd}/`
        : `${log.location.prefix}AWSLogs/${log.accountId}/vpcflowlogs/${log.region}/${day.yyyy}/${day.mm}/${day.dd}/`;
      for (const key of await this.keys(log.location.bucket, prefix)) {
        if (!key.includes(`_${log.flowLogId}_`)) continue;
        const text = await this.text(log.location.bucket, key);
        const [header = '', ...lines] = text.split('\n').filter((l) => l.trim());
        yield { fields: header.trim().split(/\s+/), lines };
      }
    }
  }

  private async keys(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.api.send<ListObjectsV2CommandOutput>(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  }

  private async text(bucket: string, key: string): Promise<string> {
    const object = await this.api.send<GetObjectCommandOutput>(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    );
    const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    this.read.objects += 1;
    this.read.bytes += bytes.length;
    return (key.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  }
}

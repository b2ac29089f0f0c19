/**
 * What a VPC without usable flow logs gets instead of a guess (docs/advice.md, "A VPC without flow logs"):
 * why none could be read, the command that makes one with the fields the advice reads, and what it costs.
 */
import { ADVICE_FORMAT, missingFields } from './flow-record';

/**
 * Vended logs (flow logs among them), USD per GB delivered, first tier — the CloudWatch pricing page's
 * "Vended Logs" table for us-east-1. Not read by this tool from the Price List API: check the page for
 * your region before you budget on it.
 */
export const FLOW_LOG_PRICES = {
  cloudWatchLogsPerGb: 0.5,
  s3PerGb: 0.25,
  source: 'https://aws.amazon.com/cloudwatch/pricing/ (Vended Logs, us-east-1, first 10 TB a month)',
};

export interface FlowLogAdvice {
  reason: string;
  command: string;
  cost: string;
}

interface Seen {
  flowLogId: string;
  destinationType: string;
  fields: string[];
  fileFormat: string;
}

/** `readable`: the live flow logs in CloudWatch Logs or in S3 as plain text, none with every field. */
export function flowLogAdvice(vpcId: string, live: Seen[], readable: Seen[]): FlowLogAdvice {
  const lacking = readable.map((s) => `${s.flowLogId} lacks ${missingFields(s.fields).join(', ')}`);
  const where = (s: Seen) => (s.destinationType === 's3' ? `s3 (${s.fileFormat})` : s.destinationType);
  const reason =
    live.length === 0
      ? 'no active flow log records its accepted traffic'
      : readable.length === 0
        ? `its flow logs go to ${[...new Set(live.map(where))].join(', ')}; advise reads CloudWatch Logs, or S3 as plain text`
        : `a flow log's format is fixed when it is made: ${lacking.join('; ')}`;
  return {
    reason,
    command:
      `aws ec2 create-flow-logs --resource-type VPC --resource-ids ${vpcId} --traffic-type ALL ` +
      `--log-destination-type cloud-watch-logs --log-group-name /vpc/flow-logs ` +
      `--deliver-logs-permission-arn <role that may write to it> --max-aggregation-interval 600 ` +
      `--log-format '${ADVICE_FORMAT}'`,
    cost:
      `$${FLOW_LOG_PRICES.cloudWatchLogsPerGb.toFixed(2)}/GB of records ingested into CloudWatch Logs ` +
      `($${FLOW_LOG_PRICES.s3PerGb.toFixed(2)}/GB delivered to S3), plus storage: ${FLOW_LOG_PRICES.source}`,
  };
}

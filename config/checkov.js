// Serverless variable source: CloudFormation Metadata that tells checkov, resource by resource, which of
// its checks do not apply to this stack and why. Each skip carries its justification; nothing is skipped
// globally, so a new resource is checked in full.

const justified = (id, comment) => ({ id, comment });

const LAMBDA_SKIPS = [
  justified(
    'CKV_AWS_117',
    'The functions call AWS APIs only; none reaches into a VPC, so VPC attachment would add ENIs and NAT cost and no protection.',
  ),
  justified(
    'CKV_AWS_173',
    'Environment variables hold names and the public configuration JSON, no secrets; AWS-managed encryption at rest applies.',
  ),
  justified(
    'CKV_AWS_115',
    'Reserved concurrency would fail deployment on accounts with the default limit of 10; load is bounded by EC2 API buckets, the Map MaxConcurrency and the per-VPC lock.',
  ),
];
const SYNC_ONLY = justified(
  'CKV_AWS_116',
  'Invoked synchronously by Step Functions, which retries and catches every failure; a dead-letter queue applies to asynchronous invocations only.',
);
const LOG_GROUP_SKIP = justified(
  'CKV_AWS_158',
  'Logs hold resource ids and results, no secrets; CloudWatch encrypts log data at rest by default.',
);
/** Functions invoked asynchronously (EventBridge rules, the schedule): they get a dead-letter queue. */
const ASYNC = new Set(['onVpcEvent', 'driftCheck']);

const logicalName = (fn) =>
  fn.charAt(0).toUpperCase() + fn.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore');

module.exports.extensions = async ({ resolveConfigurationProperty }) => {
  const functions = (await resolveConfigurationProperty(['functions'])) || {};
  const extensions = {
    RunLockTable: {
      Metadata: {
        checkov: {
          skip: [
            justified(
              'CKV_AWS_119',
              'Lock records hold VPC ids and execution ARNs only; the table is encrypted at rest with the AWS-owned key.',
            ),
          ],
        },
      },
    },
    ProvisionStateMachineLogGroup: { Metadata: { checkov: { skip: [LOG_GROUP_SKIP] } } },
    OrgCheckBucket: {
      Metadata: {
        checkov: {
          skip: [
            justified(
              'CKV_AWS_18',
              'Holds only the Organization check manifests and results, written and read by its own role and expired after 14 days; access logging would need a second bucket per stack.',
            ),
          ],
        },
      },
    },
    ServerlessDeploymentBucket: {
      Metadata: {
        checkov: {
          skip: [
            justified(
              'CKV_AWS_18',
              'Holds only deployment artifacts written by the framework; access logging would need a second bucket per stack.',
            ),
          ],
        },
      },
    },
  };
  for (const fn of Object.keys(functions)) {
    const name = logicalName(fn);
    const skips = ASYNC.has(fn) ? LAMBDA_SKIPS : [...LAMBDA_SKIPS, SYNC_ONLY];
    extensions[`${name}LambdaFunction`] = {
      Metadata: { checkov: { skip: skips } },
      ...(ASYNC.has(fn)
        ? { Properties: { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['AsyncFailuresQueue', 'Arn'] } } } }
        : {}),
    };
    extensions[`${name}LogGroup`] = { Metadata: { checkov: { skip: [LOG_GROUP_SKIP] } } };
  }
  return extensions;
};

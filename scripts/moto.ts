import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { buildRealisticVpc } from './demo-world';
import { startMoto } from './moto-server';

/**
 * `npm run moto`: a local AWS to try the CLI against. Starts moto server on a free loopback port, builds
 * a realistic VPC in it and tags it as a person would, prints the commands to try, and runs until Ctrl-C.
 */
const REGION = 'us-east-1';

async function main() {
  const moto = await startMoto();
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const ec2 = new EC2Client({ region: REGION, endpoint: moto.endpoint });
  const vpc = await buildRealisticVpc(ec2, REGION);
  await ec2.send(
    new CreateTagsCommand({
      Resources: [vpc.vpcId],
      Tags: [{ Key: 'privatelink:services', Value: 's3, ssm, logs' }],
    }),
  );
  const cli = 'npx privatelink';
  console.log(
    [
      `moto server: ${moto.endpoint} (region ${REGION}), with ${vpc.vpcId} (3 AZs, public and private subnets),`,
      'tagged privatelink:services=s3, ssm, logs (the default safe DNS cut-over, as on AWS)',
      '',
      'Try, in another terminal (the first command saves the endpoint for this directory):',
      `  ${cli} context set --endpoint-url ${moto.endpoint} --region ${REGION}`,
      `  ${cli} plan ${vpc.vpcId}`,
      `  ${cli} apply --local ${vpc.vpcId}`,
      `  ${cli} status ${vpc.vpcId}`,
      `  ${cli} drift`,
      `  ${cli} fleet`,
      `  ${cli} context clear   # when done`,
      '',
      'Ctrl-C stops moto (everything in it is gone).',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await moto.stop();
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

import * as ec2 from '@aws-sdk/client-ec2';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { endpointHandlers } from './api-endpoints';
import { networkHandlers } from './api-network';
import { prefixListHandlers } from './api-prefix-lists';
import { securityGroupHandlers } from './api-security-groups';
import { SdkRetries } from './sdk-retries';
import { installSimRoute53 } from './sim-route53';
import { SimEc2 } from './simulator';
import { signedAs } from './wire';

/** The product's EC2 client makes this many attempts (lib/aws/clients/build.ts). */
const SDK_MAX_ATTEMPTS = 5;

/** Wires a SimEc2 behind every EC2Client, through aws-sdk-client-mock: the product's code runs unchanged. */

const handlers = { ...networkHandlers, ...endpointHandlers, ...securityGroupHandlers, ...prefixListHandlers };

export type Ec2Mock = AwsClientStub<EC2Client>;

/** Routes every supported command to the simulator; anything else fails loudly so gaps are visible. */
export function installSimEc2(sim: SimEc2, mock: Ec2Mock = mockClient(EC2Client)): Ec2Mock {
  mock.reset();
  installSimRoute53(sim);
  const retries = new SdkRetries(sim.clock, sim.options.sdkRetries === false ? 1 : SDK_MAX_ATTEMPTS);
  mock.callsFake((input: object) => {
    throw new Error(
      `the simulated EC2 does not implement this command: ${JSON.stringify(input).slice(0, 200)}`,
    );
  });
  for (const [name, handler] of Object.entries(handlers)) {
    const command = (ec2 as unknown as Record<string, new (input: object) => ec2.DescribeVpcsCommand>)[
      `${name}Command`
    ];
    if (!command) throw new Error(`no SDK command ${name}Command`);
    mock.on(command).callsFake(async (input: object, getClient: () => EC2Client) => {
      await signedAs(getClient());
      return retries.call(() => sim.respond(name, () => handler(sim, input)));
    });
  }
  return mock;
}

export { SimEc2 };

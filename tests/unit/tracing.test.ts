/**
 * In a Lambda environment the functions' SDK clients carry X-Ray instrumentation (Powertools tracer);
 * elsewhere (tests, the CLI) they are left as they are. Each case loads the modules afresh.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (path: string): unknown => require(path);

const instrumented = (lambda: boolean, clientFirst = false): string[] => {
  const saved = process.env.AWS_EXECUTION_ENV;
  if (lambda) process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
  try {
    let names: string[] = [];
    jest.isolateModules(() => {
      if (!clientFirst) load('../../functions/_shared/tracing');
      const { ec2Client } = load('../../lib/aws/clients/ec2') as typeof import('../../lib/aws/clients/ec2');
      if (clientFirst) load('../../functions/_shared/tracing');
      names = ec2Client.middlewareStack.identify();
    });
    return names;
  } finally {
    if (saved === undefined) delete process.env.AWS_EXECUTION_ENV;
    else process.env.AWS_EXECUTION_ENV = saved;
  }
};

describe('tracing the functions’ AWS calls', () => {
  it('instruments the SDK clients for X-Ray on Lambda', () => {
    expect(instrumented(true).join('\n')).toMatch(/XRaySDKInstrumentation/);
  });

  it('instruments a client built before the tracer was loaded too: import order does not matter', () => {
    expect(instrumented(true, true).join('\n')).toMatch(/XRaySDKInstrumentation/);
  });

  it('leaves them alone outside Lambda', () => {
    expect(instrumented(false).join('\n')).not.toMatch(/XRaySDKInstrumentation/);
  });
});

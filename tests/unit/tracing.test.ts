/**
 * In a Lambda environment the functions' SDK clients carry X-Ray instrumentation (Powertools tracer);
 * elsewhere (tests, the CLI) they are left as they are. Each case loads the modules afresh.
 */
const instrumented = (lambda: boolean): string[] => {
  const saved = process.env.AWS_EXECUTION_ENV;
  if (lambda) process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
  try {
    let names: string[] = [];
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../functions/_shared/tracing');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ec2Client } = require('../../lib/aws/clients') as typeof import('../../lib/aws/clients');
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

  it('leaves them alone outside Lambda', () => {
    expect(instrumented(false).join('\n')).not.toMatch(/XRaySDKInstrumentation/);
  });
});

import { join } from 'node:path';
import { packageStack } from '../support/package-stack';
import { runVenvTool } from '../support/python-tools';

/**
 * AWS's own linter and a policy scanner over what we deploy: `serverless package` output, offline.
 * (The package is shared with the other deploy tests through a folder keyed by its inputs.)
 */
let templatePath: string;

beforeAll(() => {
  templatePath = join(packageStack().dir, 'cloudformation-template-update-stack.json');
}, 300_000);

interface CfnLintMatch {
  Level: string;
  Rule: { Id: string };
  Message: string;
}

describe('the packaged CloudFormation template', () => {
  it('has no cfn-lint errors', () => {
    const { stdout } = runVenvTool('cfn-lint', ['--format', 'json', templatePath]);
    const matches = JSON.parse(stdout || '[]') as CfnLintMatch[];
    const errors = matches.filter((m) => m.Level === 'Error').map((m) => `${m.Rule.Id}: ${m.Message}`);
    expect(errors).toEqual([]);
    // The warnings left come from the framework: a DependsOn on a role next to a GetAtt of it (W3005).
    expect([...new Set(matches.filter((m) => m.Level === 'Warning').map((m) => m.Rule.Id))]).toEqual([
      'W3005',
    ]);
  }, 120_000);

  it('passes checkov with no failures, and every skipped check says why in the template itself', () => {
    const { stdout } = runVenvTool('checkov', [
      '-f',
      templatePath,
      '--framework',
      'cloudformation',
      '--skip-download',
      '-o',
      'json',
    ]);
    const report = JSON.parse(stdout) as {
      summary: { passed: number; failed: number; parsing_errors: number };
      results: {
        failed_checks: { check_id: string; resource: string }[];
        skipped_checks: { check_id: string; resource: string; check_result: { suppress_comment?: string } }[];
      };
    };
    expect(report.results.failed_checks.map((c) => `${c.check_id} ${c.resource}`)).toEqual([]);
    expect(report.summary).toMatchObject({ failed: 0, parsing_errors: 0 });
    expect(report.summary.passed).toBeGreaterThan(50);
    const unexplained = report.results.skipped_checks.filter(
      (c) => (c.check_result.suppress_comment ?? '').length < 20,
    );
    expect(unexplained.map((c) => `${c.check_id} ${c.resource}`)).toEqual([]);
  }, 300_000);
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { orgDriftStateMachine } from '../lib/workflow/state-machine/org-drift';
import { provisionStateMachine } from '../lib/workflow/state-machine/provision';

/**
 * Writes statemachine/*.asl.json from their TypeScript definitions (lib/workflow/state-machine). The JSON
 * stays checked in: people read and diff it, Workflow Studio opens it, serverless.yml deploys it; a test
 * fails when it differs from the definition, and `npm run lint` when it is not formatted.
 */
const MACHINES = { 'provision.asl.json': provisionStateMachine, 'org-drift.asl.json': orgDriftStateMachine };

async function main() {
  for (const [name, machine] of Object.entries(MACHINES)) {
    const file = join(__dirname, '../statemachine', name);
    const options = { ...(await resolveConfig(file)), parser: 'json', filepath: file };
    const text = await format(JSON.stringify(machine, null, 2), options);
    writeFileSync(file, text);
    console.log(`wrote ${file} (${text.split('\n').length - 1} lines)`);
  }
}

void main();

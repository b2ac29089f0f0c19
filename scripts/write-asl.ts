import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { provisionStateMachine } from '../lib/workflow/state-machine/provision';

/**
 * Writes statemachine/provision.asl.json from its TypeScript definition (lib/workflow/state-machine). The
 * JSON stays checked in: people read and diff it, Workflow Studio opens it, serverless.yml deploys it; a
 * test fails when it differs from the definition, and `npm run lint` when it is not formatted.
 */
const ASL_FILE = join(__dirname, '../statemachine/provision.asl.json');

async function main() {
  const options = { ...(await resolveConfig(ASL_FILE)), parser: 'json', filepath: ASL_FILE };
  const text = await format(JSON.stringify(provisionStateMachine, null, 2), options);
  writeFileSync(ASL_FILE, text);
  console.log(`wrote ${ASL_FILE} (${text.split('\n').length - 1} lines)`);
}

void main();

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { provisionStateMachine } from '../lib/workflow/state-machine/provision';

/**
 * Writes statemachine/provision.asl.json from its TypeScript definition (lib/workflow/state-machine). The
 * JSON stays checked in: people read and diff it, Workflow Studio opens it, serverless.yml deploys it; a
 * test fails when it differs from the definition, and `npm run lint` when it is not formatted.
 */
const ASL_FILE = join(__dirname, '../statemachine/provision.asl.json');

void format(JSON.stringify(provisionStateMachine, null, 2), { parser: 'json', filepath: ASL_FILE }).then(
  (text) => {
    writeFileSync(ASL_FILE, text);
    console.log(`wrote ${ASL_FILE} (${text.split('\n').length - 1} lines)`);
  },
);

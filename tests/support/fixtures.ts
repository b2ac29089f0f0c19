import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS = join(__dirname, '../fixtures/events');

/** A fresh copy of a real-shaped event fixture, so no test can change another's. */
export function loadEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EVENTS, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

export const eventFixtureNames = () => readdirSync(EVENTS).map((f) => f.replace(/\.json$/, ''));

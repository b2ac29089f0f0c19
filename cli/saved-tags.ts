import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from './context';

/**
 * The privatelink tags `uninstall` removed, kept in a file so `restore` can put them back: the tags are
 * the source of truth, and removing them must not lose them.
 */
const FORMAT = 'privatelink-tags/1';

const savedTagsSchema = z
  .object({
    format: z.literal(FORMAT),
    region: z.string(),
    savedAt: z.string(),
    vpcs: z.array(
      z
        .object({
          vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id'),
          tags: z.record(z.string().startsWith('privatelink:', 'must be a privatelink: tag'), z.string()),
        })
        .strict(),
    ),
  })
  .strict();

export type SavedTags = z.infer<typeof savedTagsSchema>;

/** The default file: in the working directory, named after the region and the time, never overwritten. */
export const defaultTagsFile = (region: string, now = new Date()) =>
  `privatelink-tags-${region}-${now.toISOString().replace(/[:.]/g, '-')}.json`;

/** Writes the file before any tag is removed: if it cannot be written, nothing is changed. */
export function writeSavedTags(file: string, region: string, vpcs: SavedTags['vpcs']): void {
  const document: SavedTags = { format: FORMAT, region, savedAt: new Date().toISOString(), vpcs };
  try {
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx' });
  } catch (err) {
    throw new UsageError(
      `cannot write the tags file ${file}: ${(err as Error).message}; nothing was changed`,
    );
  }
}

export function readSavedTags(file: string): SavedTags {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the tags file ${file}: ${(err as Error).message}`);
  }
  const parsed = savedTagsSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(
      `${file} is not a tags file privatelink uninstall wrote: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

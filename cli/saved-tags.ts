import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from './context';
import { inputProblems } from '../lib/domain/input-problems';
import { readJsonFile } from './json-file';

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
  const parsed = savedTagsSchema.safeParse(readJsonFile(file, 'tags file'));
  if (!parsed.success)
    throw new UsageError(
      `${file} is not a tags file privatelink uninstall wrote: ${inputProblems(parsed.error, '(file)').slice(0, 5).join('; ')}`,
    );
  return parsed.data;
}

import type { z } from 'zod';

/** Each problem zod found in an input, as `field.path: what is wrong` (`root` names the input itself). */
export const inputProblems = (error: z.ZodError, root: string): string[] =>
  error.issues.map((i) => `${i.path.join('.') || root}: ${i.message}`);

/** A paper's text as a page reports it for the "For you" model (issue #17): zod, for messages,
 * the stored texts of papers seen and backups. */
import * as z from 'zod/mini';
import { checked } from './checked';
import { LIMITS, TEXT_ABSTRACT_MAX } from './limits';

export { TEXT_ABSTRACT_MAX };

export const PaperTextSchema = z.object({
  title: checked(z.string(), z.minLength(1), z.maxLength(LIMITS.title)),
  abstract: z.nullable(checked(z.string(), z.maxLength(TEXT_ABSTRACT_MAX))),
  keywords: z.optional(checked(z.array(checked(z.string(), z.maxLength(100))), z.maxLength(40))),
});

/**
 * zod/mini's `.check()` is a method call, which bundlers must assume has side effects: every schema
 * written with it stays in every bundle that imports its module, used or not (the content script
 * would carry the background's request schemas). The same call through this function, marked free
 * of side effects, lets unused schemas be dropped.
 */
import type * as z from 'zod/mini';

/** `schema.check(...checks)`, tree-shakable. */
/* @__NO_SIDE_EFFECTS__ */
export function checked<T extends z.ZodMiniType>(schema: T, ...checks: z.core.$ZodCheck<z.output<T>>[]): T {
  return schema.check(...checks);
}

/** Zod's complaints, worded for a person reading an import error: "title: expected string". */
import type { z } from 'zod';

/** Longer messages are cut (an unknown message type's lists every type there is). */
const MESSAGE_MAX = 240;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  const worded = issue.message
    .replace(/^Invalid (?:input|option): /, '')
    .replace(/^expected (\w+), received undefined$/, 'missing (expected $1)');
  const message = worded.length > MESSAGE_MAX ? `${worded.slice(0, MESSAGE_MAX)}…` : worded;
  return where ? `${where}: ${message}` : message;
}

/** The first problem (one is enough to fix; the rest often follow from it), and how many more. */
export function describeIssues(error: z.core.$ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'invalid';
  return rest.length > 0 ? `${describeIssue(first)} (and ${rest.length} more)` : describeIssue(first);
}

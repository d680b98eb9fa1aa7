/** Zod's complaints, worded for a person reading an import error: "title: expected string". */
import type { z } from 'zod';

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  const message = issue.message
    .replace(/^Invalid (?:input|option): /, '')
    .replace(/^expected (\w+), received undefined$/, 'missing (expected $1)');
  return where ? `${where}: ${message}` : message;
}

/** The first problem (one is enough to fix; the rest often follow from it), and how many more. */
export function describeIssues(error: z.core.$ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'invalid';
  return rest.length > 0 ? `${describeIssue(first)} (and ${rest.length} more)` : describeIssue(first);
}

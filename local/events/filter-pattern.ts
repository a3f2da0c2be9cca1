/**
 * Lambda event filtering, for the subset of the pattern language the declaration uses: a key
 * maps to a nested pattern or to a list of allowed values, each an exact string, number, boolean
 * or null, or `{prefix: "..."}`. A pattern outside that subset is refused when the runtime starts,
 * rather than silently matching differently from AWS.
 */
import type { FilterPattern } from '../../lib/declaration';

type Rule = string | number | boolean | null | { readonly prefix: string };

const isPrefixRule = (rule: unknown): rule is { prefix: string } =>
  typeof rule === 'object' && rule !== null && Object.keys(rule).length === 1 && typeof (rule as { prefix?: unknown }).prefix === 'string';

const isSupportedRule = (rule: unknown): rule is Rule => rule === null || ['string', 'number', 'boolean'].includes(typeof rule) || isPrefixRule(rule);

/** Throws when the pattern uses a feature this matcher does not implement. */
export const assertSupportedPattern = (pattern: FilterPattern, at = ''): void => {
  for (const [key, value] of Object.entries(pattern)) {
    if (Array.isArray(value)) {
      const unsupported = value.find((rule) => !isSupportedRule(rule));
      if (unsupported !== undefined) throw new Error(`Unsupported filter rule at ${at}${key}: ${JSON.stringify(unsupported)}`);
    } else if (typeof value === 'object' && value !== null) {
      assertSupportedPattern(value as FilterPattern, `${at}${key}.`);
    } else {
      throw new Error(`Filter pattern at ${at}${key} must be an object or a list of rules`);
    }
  }
};

const matchesRule = (rule: Rule, value: unknown): boolean => {
  if (Array.isArray(value)) return value.some((item) => matchesRule(rule, item));
  if (isPrefixRule(rule)) return typeof value === 'string' && value.startsWith(rule.prefix);
  return rule === value;
};

/** Whether `event` (an event as the function would receive it) matches every key of `pattern`. */
export const matchesPattern = (pattern: FilterPattern, event: unknown): boolean =>
  Object.entries(pattern).every(([key, expected]) => {
    const value = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) return value !== undefined && (expected as readonly Rule[]).some((rule) => matchesRule(rule, value));
    return matchesPattern(expected as FilterPattern, value);
  });

/**
 * Markdown tables generated from the declaration: the README's API reference and event catalogue.
 * `npm run docs` rewrites them between their markers; a test fails when the README is stale.
 */
import type { z } from 'zod';
import { PROBLEM_CATALOGUE, problemType, type ProblemSlug } from '../lambdas/shared/http/problem-catalogue';
import { app } from './app';
import { fullPath, type EventType } from './declaration';

/** The top-level fields of an event's data (every data schema is an object). */
const fieldsOf = (type: EventType): string => Object.keys((app.events[type].data as z.core.$ZodObject)._zod.def.shape).join(', ');

const routeTable = (): string => {
  const rows = app.routes.map(
    (route) =>
      `| \`${route.method} ${fullPath(route)}\` | ${route.callers} | ${route.successStatus} | ${route.summary} |`,
  );
  return ['| Route | Who may call | Success | What it does |', '|---|---|---|---|', ...rows].join('\n');
};

const eventTable = (): string => {
  const rows = (Object.keys(app.events) as EventType[]).map((type) => {
    const consumers = app.consumers.filter((consumer) => consumer.events.includes(type)).map((consumer) => consumer.name);
    return `| \`${type}\` | ${app.events[type].producer} | ${consumers.join(', ') || '(none yet)'} | ${fieldsOf(type)} | ${app.events[type].description} |`;
  });
  return ['| Event | Producer | Consumers | Data fields | Meaning |', '|---|---|---|---|---|', ...rows].join('\n');
};

const problemTable = (): string => {
  const rows = (Object.keys(PROBLEM_CATALOGUE) as ProblemSlug[]).map((slug) => {
    const { status, when, sentBy } = PROBLEM_CATALOGUE[slug];
    return `| ${status ?? '4xx'} | \`${problemType(slug)}\` | ${sentBy.join(', ')} | ${when} |`;
  });
  return ['| Status | `type` | Sent by | When |', '|---|---|---|---|', ...rows].join('\n');
};

const section = (name: string, content: string): [RegExp, string] => [
  new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`),
  `<!-- ${name}:start -->\n${content}\n<!-- ${name}:end -->`,
];

/** The README with its generated sections brought up to date. */
export const withGeneratedSections = (readme: string): string =>
  [section('routes', routeTable()), section('problems', problemTable()), section('events', eventTable())].reduce(
    (text, [pattern, replacement]) => text.replace(pattern, replacement),
    readme,
  );

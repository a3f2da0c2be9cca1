import { describe, expect, it } from 'vitest';
import { parseDlqArgs, UsageError } from '../../../scripts/dlq/args';

describe('npm run dlq arguments', () => {
  it('targets the local runtime on $PORT, else 3000, by default', () => {
    expect(parseDlqArgs(['list'])).toEqual({ command: 'list', target: { kind: 'local', url: 'http://127.0.0.1:3000' } });
    expect(parseDlqArgs(['list'], { PORT: '4100' })).toEqual({ command: 'list', target: { kind: 'local', url: 'http://127.0.0.1:4100' } });
    expect(parseDlqArgs(['show', 'inventory', '--url', 'http://127.0.0.1:9/'])).toEqual({
      command: 'show',
      queue: 'inventory',
      limit: 100,
      target: { kind: 'local', url: 'http://127.0.0.1:9' },
    });
  });

  it('targets a deployed stage with --stage, and takes --limit for show', () => {
    expect(parseDlqArgs(['redrive', 'inventory', '--stage', 'prod'])).toEqual({ command: 'redrive', queue: 'inventory', target: { kind: 'stage', stage: 'prod' } });
    expect(parseDlqArgs(['--stage', 'dev', 'show', 'orders', '--limit', '5'])).toEqual({
      command: 'show',
      queue: 'orders',
      limit: 5,
      target: { kind: 'stage', stage: 'dev' },
    });
  });

  it.each([
    [[], /Name a command/],
    [['purge', 'inventory'], /Unknown command "purge"/],
    [['show'], /needs a queue name/],
    [['redrive'], /needs a queue name/],
    [['list', 'inventory'], /list takes no queue/],
    [['show', 'a', 'b'], /Unexpected argument "b"/],
    [['list', '--stage', 'staging'], /--stage must be one of dev, prod/],
    [['list', '--stage'], /--stage needs a value/],
    [['list', '--stage', 'dev', '--url', 'http://127.0.0.1:1'], /not both/],
    [['list', '--url', 'localhost:3000'], /--url must be an http/],
    [['show', 'x', '--limit', '0'], /--limit must be a whole number/],
    [['list', '--force'], /Unknown option --force/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDlqArgs(argv)).toThrow(UsageError);
    expect(() => parseDlqArgs(argv)).toThrow(message);
  });
});

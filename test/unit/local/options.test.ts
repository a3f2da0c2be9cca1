import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../../local/options';
import { StartupError } from '../../../local/startup-error';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseOptions(argv, env, '/work/project', '/work/project/.local');

describe('parseOptions', () => {
  it('listens on 127.0.0.1:3000 with data under .local by default', () => {
    expect(parse([])).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      inMemory: false,
      quiet: false,
      dataDir: '/work/project/.local',
      visibilityTimeoutScale: 1,
    });
  });

  it('takes the port from PORT, and --port over PORT', () => {
    expect(parse([], { PORT: '4000' })!.port).toBe(4000);
    expect(parse(['--port', '4001'], { PORT: '4000' })!.port).toBe(4001);
    expect(parse(['--port=4002'])!.port).toBe(4002);
  });

  it.each([['0'], ['65536'], ['3000.5'], ['http']])('refuses the port %s', (port) => {
    expect(() => parse(['--port', port])).toThrow(StartupError);
    expect(() => parse([], { PORT: port })).toThrow(/PORT must be a port number/);
  });

  it('builds the web app unless --no-web-build says to serve its last build as it is', () => {
    expect(parse([])!.webBuild).toBe(true);
    expect(parse(['--no-web-build'])!.webBuild).toBe(false);
  });

  it('resolves --data-dir against the working directory', () => {
    expect(parse(['--data-dir', 'tmp/run-1'])!.dataDir).toBe('/work/project/tmp/run-1');
  });

  it('reads --in-memory, --quiet and --visibility-timeout-scale', () => {
    expect(parse(['--in-memory', '--quiet', '--visibility-timeout-scale', '0.01'])).toMatchObject({ inMemory: true, quiet: true, visibilityTimeoutScale: 0.01 });
  });

  it.each([['0'], ['-1'], ['2'], ['fast']])('refuses a visibility timeout scale of %s', (scale) => {
    expect(() => parse(['--visibility-timeout-scale', scale])).toThrow(/must be a number in \(0, 1\]/);
  });

  it('emulates transaction conflicts unless --no-conflict-emulation or LOCAL_CONFLICT_EMULATION=off says not to', () => {
    expect(parse([])!.conflictEmulation).toBe(true);
    expect(parse([], { LOCAL_CONFLICT_EMULATION: 'on' })!.conflictEmulation).toBe(true);
    expect(parse(['--no-conflict-emulation'])!.conflictEmulation).toBe(false);
    expect(parse([], { LOCAL_CONFLICT_EMULATION: 'off' })!.conflictEmulation).toBe(false);
    expect(() => parse([], { LOCAL_CONFLICT_EMULATION: 'no' })).toThrow(/LOCAL_CONFLICT_EMULATION must be "on" or "off"/);
  });

  it('refuses an unknown option or a missing value, with the usage as the hint', () => {
    const failure = (argv: string[]): StartupError => {
      try {
        parse(argv);
      } catch (error) {
        return error as StartupError;
      }
      throw new Error('accepted');
    };
    expect(failure(['--inmemory']).message).toBe('Unknown option --inmemory.');
    expect(failure(['--inmemory']).hint).toMatch(/^Usage: npm start/);
    expect(failure(['--port', '--quiet']).message).toBe('--port needs a value.');
  });
});

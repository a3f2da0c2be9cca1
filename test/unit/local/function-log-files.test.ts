import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFunctionLogFiles, teeFunctionLines } from '../../../local/log';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'function-logs-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const read = (file: string): string[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('function log files', () => {
  it('appends each function\'s lines, stdout and stderr alike, to its own file, readable as soon as written', () => {
    const files = openFunctionLogFiles(path.join(dir, 'logs'));

    files.write('placeOrder', 'stdout', '{"message":"Request handled"}');
    files.write('ordersRelay', 'stdout', '{"message":"Event published"}');
    files.write('placeOrder', 'stderr', 'a stack trace line');

    expect(read(files.fileOf('placeOrder'))).toEqual(['{"message":"Request handled"}', 'a stack trace line']);
    expect(read(path.join(dir, 'logs', 'ordersRelay.log'))).toEqual(['{"message":"Event published"}']);
    files.close();
  });

  it('keeps the lines of earlier runs, as a log group does', () => {
    const first = openFunctionLogFiles(dir);
    first.write('getHealth', 'stdout', 'run 1');
    first.close();

    const second = openFunctionLogFiles(dir);
    second.write('getHealth', 'stdout', 'run 2');
    second.close();

    expect(read(path.join(dir, 'getHealth.log'))).toEqual(['run 1', 'run 2']);
  });

  it('drops lines a terminating worker prints after the files were closed', () => {
    const files = openFunctionLogFiles(dir);
    files.write('getHealth', 'stdout', 'before');
    files.close();

    files.write('getHealth', 'stdout', 'after');

    expect(read(path.join(dir, 'getHealth.log'))).toEqual(['before']);
  });

  it('hands every line to each sink of a tee', () => {
    const seen: string[] = [];
    const tee = teeFunctionLines(
      (fn, stream, line) => seen.push(`a ${fn} ${stream} ${line}`),
      (fn, stream, line) => seen.push(`b ${fn} ${stream} ${line}`),
    );

    tee('getHealth', 'stderr', 'x');

    expect(seen).toEqual(['a getHealth stderr x', 'b getHealth stderr x']);
  });
});

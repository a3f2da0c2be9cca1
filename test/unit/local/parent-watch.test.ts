import { describe, expect, it, vi } from 'vitest';
import { watchParent } from '../../../local/parent-watch';

describe('watchParent (--stop-with-parent)', () => {
  it('notices a parent that exited before the watch began, as during a long start-up', async () => {
    const gone = vi.fn();
    // Started by 4242, adopted by init (1) by the time the runtime is up and the watch begins.
    watchParent(gone, 4242, () => 1, 5);
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1), { timeout: 5_000 });
  });

  it('stays quiet while the parent lives, and calls once when it goes', async () => {
    const gone = vi.fn();
    let parent = 4242;
    watchParent(gone, 4242, () => parent, 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gone).not.toHaveBeenCalled();
    parent = 1;
    await vi.waitFor(() => expect(gone).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gone).toHaveBeenCalledTimes(1);
  });
});

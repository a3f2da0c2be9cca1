/**
 * `--stop-with-parent`: the runtime stops when the process that started it exits (a test runner,
 * a tool), which re-parents it. The parent is the one this process started with, read when this
 * module loads: read after the runtime's start-up, which can take long on a busy machine, it would
 * already be the adopting process when the parent died meanwhile, and the runtime would run on.
 */
const parentAtStart = process.ppid;

/** Calls `gone` once the parent is no longer `parent`; checks every `everyMs`. */
export const watchParent = (gone: () => void, parent = parentAtStart, currentParent = () => process.ppid, everyMs = 500): void => {
  const timer = setInterval(() => {
    if (currentParent() === parent) return;
    clearInterval(timer);
    gone();
  }, everyMs);
  timer.unref();
};

/** A value whose every property is a function doing nothing: the stubs' fallback for APIs they do not list. */
export const noOp = (): undefined => undefined;

/** Wraps `target` so that any property it lacks reads as `noOp`. */
export const withNoOps = <T extends object>(target: T): T =>
  new Proxy(target, { get: (object, property, receiver) => (property in object ? Reflect.get(object, property, receiver) : noOp) });

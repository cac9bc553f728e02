// "The inbox changed", shared by the pages of one app run: the inbox after loading or reading
// a message, the pay page after opening (which reads the bill's notice) or paying a bill. The
// home page's badge listens, so it follows the inbox without a reload. A plain module-level
// emitter: every page of a mini-program (and of the H5 app) runs in the same JS context.
type Listener = (unread: number | undefined) => void;

const listeners = new Set<Listener>();

/** Calls `listener` on every change until the returned function is called. */
export function onInboxChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The unread count is now `unread`; without it, it may have changed: ask the BFF again. */
export function inboxChanged(unread?: number): void {
  for (const listener of [...listeners]) listener(unread);
}

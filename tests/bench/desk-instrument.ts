/**
 * The desk's typing instrument, shared by the typing bench (tests/bench/suites/desk-typing.ts) and
 * the end-to-end guard on it (tests/e2e/passage-truth.test.ts). Added to a page before the app
 * (`page.addInitScript(instrumentDesk)`), it fills `window.__deskBench`:
 *
 * - `perKey`: the time the page's key and input handlers took per keystroke, once `started`;
 * - `commits`: React commits seen (through the devtools hook React calls on each commit);
 * - `deskRenders`: commits, once `started`, in which the desk component itself rendered again.
 */
export interface DeskInstrument {
  acc: number;
  perKey: number[];
  commits: number;
  deskRenders: number;
  lastDeskState: unknown;
  started: boolean;
}

/** Runs in the page before the app: times every key/input listener, counts desk renders. */
export function instrumentDesk(): void {
  const w = window as unknown as Record<string, unknown>;
  const state: DeskInstrument = { acc: 0, perKey: [], commits: 0, deskRenders: 0, lastDeskState: undefined, started: false };
  w.__deskBench = state;
  const types = new Set(['keydown', 'keypress', 'beforeinput', 'input', 'keyup', 'change']);
  const wrapped = new WeakMap<object, EventListener>();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ) {
    if (!types.has(type) || typeof listener !== 'function') return add.call(this, type, listener, options as AddEventListenerOptions);
    let w2 = wrapped.get(listener);
    if (!w2) {
      const inner = listener;
      w2 = function (this: unknown, e: Event) {
        const t0 = performance.now();
        try {
          return inner.call(this, e) as unknown;
        } finally {
          state.acc += performance.now() - t0;
        }
      } as EventListener;
      wrapped.set(listener, w2);
    }
    return add.call(this, type, w2, options as AddEventListenerOptions);
  } as typeof EventTarget.prototype.addEventListener;
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ) {
    const w2 = listener && typeof listener === 'function' ? wrapped.get(listener) : undefined;
    return remove.call(this, type, w2 ?? listener, options as EventListenerOptions);
  } as typeof EventTarget.prototype.removeEventListener;
  // One keystroke ends where the next keydown starts.
  add.call(
    window,
    'keydown',
    () => {
      if (state.started) state.perKey.push(state.acc);
      state.acc = 0;
    },
    { capture: true },
  );

  type Fiber = {
    type: unknown;
    memoizedProps: { className?: unknown } | null;
    memoizedState: unknown;
    child: Fiber | null;
    sibling: Fiber | null;
    return: Fiber | null;
  };
  const findDesk = (root: Fiber | null): Fiber | null => {
    const stack: Fiber[] = root ? [root] : [];
    while (stack.length > 0) {
      const f = stack.pop() as Fiber;
      const cls = f.memoizedProps?.className;
      if (f.type === 'main' && typeof cls === 'string' && cls.includes('desk-screen')) return f.return;
      if (f.sibling) stack.push(f.sibling);
      if (f.child) stack.push(f.child);
    }
    return null;
  };
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(),
    supportsFiber: true,
    inject: () => 1,
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
    onCommitFiberRoot(_id: number, root: { current: Fiber }) {
      const t0 = performance.now();
      state.commits++;
      const desk = findDesk(root.current);
      // A component that rendered has new hook objects; one that bailed out keeps them.
      if (desk && desk.memoizedState !== state.lastDeskState) {
        if (state.started) state.deskRenders++;
        state.lastDeskState = desk.memoizedState;
      }
      state.acc -= performance.now() - t0;
    },
  };
}

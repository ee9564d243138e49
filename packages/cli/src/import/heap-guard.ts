import v8 from 'node:v8';
import vm from 'node:vm';

/** The garbage collector, when this process can call it. */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    // The flag applies to contexts created after it is set: a fresh context hands out its gc, then the
    // flag is turned off again so nothing else sees a global gc.
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

/**
 * Keeps the memory of a long import flat. What an import holds is flat (one batch, ~45-65 MB of live
 * heap with node, ts-node and the modules), but V8 lets garbage pile up to a few times the live heap
 * before a major collection: on top of the ~200 MB the process needs anyway, a 1,000,000-line import
 * peaked at 330-350 MB RSS. A running process cannot lower its own old-space limit
 * (--max-old-space-size is read at start only), so instead: call the returned function after each
 * batch, and when the heap has grown by `slackMiB` since the last collection it collects now (one full
 * collection of the live heap, ~10-30 ms, every few tens of thousands of records).
 */
export function heapGuard(slackMiB = 32): () => void {
  const gc = collector();
  if (!gc) return () => undefined;
  const used = () => v8.getHeapStatistics().used_heap_size;
  // Start from the live heap, not from the garbage that loading and compiling the modules left.
  gc();
  let base = used();
  const slack = slackMiB * 2 ** 20;
  return () => {
    if (used() - base < slack) return;
    gc();
    base = used();
  };
}

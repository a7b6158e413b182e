import type { CheckpointStore } from '@digitkit/cnn-models';
import type { InterruptGuard } from './interrupt-guard.js';

/** `store` with every save run as a protected write (Ctrl-C waits for it); `location` and `startOverHint` kept. */
export function protectedCheckpointStore(store: CheckpointStore, guard: Pick<InterruptGuard, 'protect'>): CheckpointStore {
  return {
    load: () => store.load(),
    save: (checkpoint) => guard.protect(() => store.save(checkpoint)),
    location: store.location,
    startOverHint: store.startOverHint,
  };
}

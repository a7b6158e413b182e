/**
 * A polite live region that speaks at most once per `intervalMs`: intermediate messages are coalesced and the
 * latest one is spoken when the interval has passed (`now` for the message that must be heard at once, such as
 * "training finished").
 */
export interface ThrottledAnnouncer {
  announce(text: string, options?: { now?: boolean }): void;
  /** How many times the region's text was changed (read by the end-to-end test). */
  readonly updates: number;
}

export function createThrottledAnnouncer(region: HTMLElement, intervalMs = 1000): ThrottledAnnouncer {
  let last = -Infinity;
  let pending: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let updates = 0;
  const write = (text: string) => {
    if (region.textContent === text) return;
    region.textContent = text;
    last = performance.now();
    updates++;
  };
  const flush = () => {
    timer = undefined;
    if (pending !== undefined) write(pending);
    pending = undefined;
  };
  return {
    announce(text, options = {}) {
      const wait = last + intervalMs - performance.now();
      if (options.now && wait <= 0) {
        if (timer) clearTimeout(timer);
        timer = undefined;
        pending = undefined;
        write(text);
        return;
      }
      pending = text;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, wait));
    },
    get updates() {
      return updates;
    },
  };
}

import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` (countdowns, "2 min ago"). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/**
 * False for `delayMs` after `key` changes. The Approve button stays disabled that long after a
 * request comes up, so a click or Enter meant for something else cannot approve a request that
 * just appeared under the pointer.
 */
export function useArmed(key: string, delayMs = 700): boolean {
  const [armedKey, setArmedKey] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setArmedKey(key), delayMs);
    return () => clearTimeout(t);
  }, [key, delayMs]);
  return armedKey === key;
}

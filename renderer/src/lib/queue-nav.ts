/**
 * Moving through the queue with the keyboard (issue 23): ↓ / j to the next request, ↑ / k to the
 * previous, Home / End to the ends. Only the focus moves; Enter or Space opens the request (it is a
 * button), so walking past a request never decides or even opens it.
 */
export function queueTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return Math.min(index + 1, count - 1);
    case 'ArrowUp':
    case 'k':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

import { useQueryClient } from '@tanstack/react-query';
import { challengeKeys } from './queries';

/** After any step, everything about challenges may have changed (status, bids, ranking). */
export function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: challengeKeys.all });
}

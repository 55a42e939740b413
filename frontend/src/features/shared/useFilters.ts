import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Filter values kept in the URL's query string, so lists can be linked and reloaded. */
export function useFilters(keys: readonly string[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])),
    [params, keys],
  );
  const onChange = useCallback(
    (key: string, value: string | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { values: values as Record<string, string | undefined>, onChange };
}

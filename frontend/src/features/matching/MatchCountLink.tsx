import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { matchingMessages } from '../../locales/matching.zh-CN';
import { MATCH_LIMIT, matchesQuery, type MatchSource } from './queries';

/** "匹配成果 3" in the workspace: a link to the matches on the entry's page. */
export function MatchCountLink({ source, id, title }: { source: MatchSource; id: string; title: string }) {
  const { data, isError } = useQuery(matchesQuery(source, id));
  const label = matchingMessages.workspace[source];
  const n = data?.matches.length;
  const count = n === undefined ? (isError ? '' : '…') : n >= MATCH_LIMIT ? `${n}+` : String(n);
  return (
    <Link
      to={`/${source === 'demand' ? 'demands' : 'achievements'}/${id}#matches`}
      aria-label={`${label} ${title}`}
    >
      {label} {count}
    </Link>
  );
}

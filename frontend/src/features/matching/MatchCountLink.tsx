import { Link } from 'react-router-dom';
import { matchingMessages } from '../../locales/matching.zh-CN';
import type { EntryMatches, MatchSource } from './queries';

/**
 * "匹配成果 3" in the workspace: a link to the matches on the entry's page, with the best
 * match named after it. The summary comes from one request for the whole page.
 */
export function MatchCountLink({
  source,
  id,
  title,
  summary,
  pending,
}: {
  source: MatchSource;
  id: string;
  title: string;
  summary: EntryMatches | undefined;
  pending: boolean;
}) {
  const label = matchingMessages.workspace[source];
  const count = summary ? `${summary.count}${summary.more ? '+' : ''}` : pending ? '…' : '';
  return (
    <Link
      to={`/${source === 'demand' ? 'demands' : 'achievements'}/${id}#matches`}
      aria-label={`${label} ${title}`}
      title={summary?.best ? `${matchingMessages.workspace.best}：${summary.best.title}` : undefined}
    >
      {label} {count}
    </Link>
  );
}

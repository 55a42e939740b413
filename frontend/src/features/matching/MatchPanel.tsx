import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Space, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { access } from '../../app/access';
import { useMe } from '../../app/auth/useAuth';
import { matchingMessages } from '../../locales/matching.zh-CN';
import { useTermName } from '../catalog/queries';
import { RequestConnectionButton } from './RequestConnectionButton';
import {
  isMatchable,
  isSearchUnavailable,
  matchesQuery,
  matchingErrorMessage,
  matchPath,
  reasonTags,
  type Match,
  type MatchSource,
} from './queries';

const t = matchingMessages.panel;

/** The matched entries best first, each with its reasons as tags and, if allowed, "申请对接". */
export function MatchList({ matches, canConnect }: { matches: Match[]; canConnect: boolean }) {
  const maturityName = useTermName('maturity');
  const fieldName = useTermName('field');
  if (matches.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.empty} />;
  }
  return (
    <List
      size="small"
      dataSource={matches}
      renderItem={(m) => (
        <List.Item>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Link to={matchPath(m)}>{m.title}</Link>
            <Space wrap size={[4, 4]}>
              {reasonTags(m.reasons, maturityName).map((r) => (
                <Tag key={r.key} color={r.color} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
                  {r.label}
                </Tag>
              ))}
              {!m.reasons.same_field && <Tag>{fieldName(m.field)}</Tag>}
            </Space>
            {canConnect && <RequestConnectionButton match={m} />}
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * "匹配成果" on a demand, "匹配需求" on an achievement: shown to the entry's owner, and to
 * everyone once the entry is published. Scrolled into view when the URL ends in #matches.
 */
export function MatchPanel({
  source,
  entry,
}: {
  source: MatchSource;
  entry: { id: string; status: string; organization_id: string };
}) {
  const { data: me } = useMe();
  const can = access(me);
  const visible = can.owns(entry.organization_id) || isMatchable(entry.status);
  const { data, isPending, error, refetch } = useQuery({
    ...matchesQuery(source, entry.id),
    enabled: visible,
  });
  const { hash } = useLocation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (hash === '#matches' && data) ref.current?.scrollIntoView({ block: 'start' });
  }, [hash, data]);
  if (!visible) return null;
  const title = t[source];
  return (
    <section aria-label={title} id="matches" ref={ref}>
      <Card size="small" title={title} loading={isPending && !error}>
        {error ? (
          <Alert
            type={isSearchUnavailable(error) ? 'warning' : 'error'}
            showIcon
            title={matchingErrorMessage(error)}
            action={
              <Button size="small" onClick={() => void refetch()}>
                {t.retry}
              </Button>
            }
          />
        ) : (
          <MatchList matches={data?.matches ?? []} canConnect={can.orgVerified} />
        )}
      </Card>
    </section>
  );
}

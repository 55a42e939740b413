import { useQueries } from '@tanstack/react-query';
import { Card, List, Space } from 'antd';
import { Link } from 'react-router-dom';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { challengeQuery } from '../queries';
import { ChallengeStatusTag } from './labels';

/** The thread to challenges: those raised from a demand, or the one a project came from. */
export function ChallengeThreadCard({ ids, title }: { ids: string[]; title: string }) {
  const found = useQueries({ queries: ids.map((id) => challengeQuery(id)) });
  if (ids.length === 0) return null;
  return (
    <Card size="small" title={title} data-testid="challenge-thread">
      <List
        size="small"
        dataSource={ids.map((id, i) => ({ id, data: found[i]?.data }))}
        renderItem={({ id, data }) => (
          <List.Item>
            <Space wrap>
              <Link to={`/challenges/${id}`}>{data?.title ?? challengeMessages.nav}</Link>
              {data && <ChallengeStatusTag status={data.status} />}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

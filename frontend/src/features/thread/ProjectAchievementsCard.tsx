import { useInfiniteQuery } from '@tanstack/react-query';
import { Card, Empty, List } from 'antd';
import { Link } from 'react-router-dom';
import { achievementListQuery } from '../achievements/queries';
import { StatusTag } from '../shared/StatusTag';

/** The achievements published from a project (成果转化), each linked back to its page. */
export function ProjectAchievementsCard({ projectId }: { projectId: string }) {
  const { data, isPending } = useInfiniteQuery(achievementListQuery({ project_id: projectId }));
  const items = data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-label="项目成果">
      <Card size="small" title="项目成果" loading={isPending}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无发布的成果" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(a) => (
            <List.Item extra={<StatusTag kind="achievement" status={a.status} />}>
              <Link to={`/achievements/${a.id}`}>{a.title}</Link>
            </List.Item>
          )}
        />
      )}
      </Card>
    </section>
  );
}

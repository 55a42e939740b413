import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../app/errors';
import { projectMessages } from '../../../locales/projects.zh-CN';
import { ScoreForm } from '../../reviews/ScoreForm';
import { myReviewsQuery } from '../../reviews/queries';
import { RespondToReview } from './RespondToReview';

const t = projectMessages;

/**
 * 评审任务 for projects: each assigned project with accept or decline (a conflict of interest
 * is declared as the reason), then the score per criterion. The bids follow below.
 */
export function ProjectReviews() {
  const { data, isPending, error } = useQuery(myReviewsQuery());
  const items = (data?.items ?? []).filter((a) => a.subject_type === 'project');
  if (isPending) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  return (
    <Card
      size="small"
      title={t.reviews.title}
      style={{ marginBottom: 16 }}
      role="region"
      aria-label={t.reviews.title}
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.reviews.empty} />
      ) : (
        <List
          dataSource={items}
          renderItem={(a) => (
            <List.Item>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Tag>{t.reviews.project}</Tag>
                  <Link to={`/projects/${a.subject_id}`}>
                    <Typography.Text strong>{a.subject_title}</Typography.Text>
                  </Link>
                  <Tag>{t.round.assignmentStatus[a.status] ?? a.status}</Tag>
                </Space>
                {a.status === 'assigned' ? <RespondToReview assignment={a} /> : <ScoreForm assignment={a} />}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

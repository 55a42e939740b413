import { useQuery } from '@tanstack/react-query';
import { Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { projectQuery } from '../projects/queries';
import { StatusTag } from '../shared/StatusTag';

/** 成果来源项目: the completed project these results come from, linked. */
export function SourceProjectCard({ projectId }: { projectId: string | null | undefined }) {
  const { data: project, isError } = useQuery({
    ...projectQuery(projectId ?? ''),
    enabled: !!projectId,
  });
  if (!projectId || isError || !project) return null;
  return (
    <Card size="small" title="成果来源项目">
      <Space orientation="vertical" size={4}>
        <Link to={`/projects/${project.id}`}>{project.title}</Link>
        <Space wrap>
          {project.code ? <Typography.Text type="secondary">{project.code}</Typography.Text> : null}
          <StatusTag kind="project" status={project.status} />
        </Space>
      </Space>
    </Card>
  );
}

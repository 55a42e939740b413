import { useInfiniteQuery } from '@tanstack/react-query';
import { List, Segmented, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { projectMessages } from '../../locales/projects.zh-CN';
import { messages } from '../../locales/zh-CN';
import { useTermName } from '../catalog/queries';
import { projectListQuery, type Project } from '../projects/queries';
import { EntryList } from '../shared/EntryList';
import { formatAmount, formatDate } from '../shared/format';
import { StatusTag } from '../shared/StatusTag';
import { ProjectRoundPanel } from './ProjectRoundPanel';
import { STAFF_ACTIONS } from './projectQueries';
import { ProjectStaffActions } from './ProjectStaffActions';

const t = projectMessages.desk;
const noop = () => undefined;
type Status = Project['status'];
/** The desk's stages, in the order a project passes them. */
const STAGES = Object.keys(STAFF_ACTIONS) as Status[];

/** 项目评审: the projects at one stage, with the bureau's actions and, in review, the round. */
export function ProjectDesk() {
  const [status, setStatus] = useState<Status>('submitted');
  const query = useInfiniteQuery(projectListQuery({ status, sort: 'created_at' }));
  const kindName = useTermName('project_kind');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented<Status>
        aria-label={t.statusFilter}
        value={status}
        onChange={setStatus}
        options={STAGES.map((s) => ({ value: s, label: messages.projectStatus[s] ?? s }))}
      />
      <EntryList<Project>
        query={query}
        filters={[]}
        values={{}}
        onChange={noop}
        renderItem={(p) => (
          <List.Item>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
                <StatusTag kind="project" status={p.status} />
                <Tag>{kindName(p.kind)}</Tag>
                <span>
                  {t.budget} {formatAmount(p.budget_requested)} · {formatDate(p.created_at)}
                </span>
              </Space>
              <ProjectStaffActions project={p} />
              {p.status === 'expert_review' && <ProjectRoundPanel projectId={p.id} />}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { messages } from '../../../locales/zh-CN';
import { useTermName } from '../../catalog/queries';
import { AttachmentsCard } from '../../shared/AttachmentsCard';
import { DetailShell, TextSection } from '../../shared/DetailShell';
import { formatAmount, formatDate } from '../../shared/format';
import { StatusTag } from '../../shared/StatusTag';
import { ChallengeThreadCard } from '../../challenges/components/ChallengeThreadCard';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { ProjectAchievementsCard } from '../../thread/ProjectAchievementsCard';
import { projectQuery } from '../queries';
import { ProjectOwnerActions } from '../components/ProjectOwnerActions';

const t = messages.entry;

export function ProjectDetailPage() {
  const { id = '' } = useParams();
  const { data: p, isPending, error } = useQuery(projectQuery(id));
  const me = useMe();
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const kindName = useTermName('project_kind');
  const owner = !!p && access(me.data).owns(p.organization_id);

  return (
    <DetailShell
      backTo="/projects"
      isPending={isPending}
      error={error}
      title={p?.title}
      status={p && <StatusTag kind="project" status={p.status} />}
      rejectionReason={p?.status === 'rejected' ? p.rejection_reason : null}
      actions={p && owner && <ProjectOwnerActions project={p} />}
      main={
        p && (
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t.code}>{p.code ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t.kind}>{kindName(p.kind)}</Descriptions.Item>
              <Descriptions.Item label={t.field}>{fieldName(p.field)}</Descriptions.Item>
              <Descriptions.Item label={t.region}>{regionName(p.region)}</Descriptions.Item>
              <Descriptions.Item label={t.leader}>{p.leader_name}</Descriptions.Item>
              <Descriptions.Item label={t.period}>
                {formatDate(p.start_date)} – {formatDate(p.end_date)}
              </Descriptions.Item>
              <Descriptions.Item label={t.budgetRequested}>{formatAmount(p.budget_requested)}</Descriptions.Item>
              <Descriptions.Item label={t.budgetGranted}>
                {p.budget_granted ? formatAmount(p.budget_granted) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t.keywords}>
                {p.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </Descriptions.Item>
            </Descriptions>
            <TextSection title={t.objectives} text={p.objectives} />
          </Card>
        )
      }
      side={
        p && (
          <>
            <AttachmentsCard entityType="projects" entityId={p.id} canUpload={owner} />
            <ProjectAchievementsCard projectId={p.id} />
            <ChallengeThreadCard
              ids={p.challenge_id ? [p.challenge_id] : []}
              title={challengeMessages.thread.challenge}
            />
          </>
        )
      }
    />
  );
}

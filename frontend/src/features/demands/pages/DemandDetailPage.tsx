import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { messages } from '../../../locales/zh-CN';
import { useTermName } from '../../catalog/queries';
import { AttachmentsCard } from '../../shared/AttachmentsCard';
import { ContactCard } from '../../shared/ContactCard';
import { DetailShell, TextSection } from '../../shared/DetailShell';
import { formatCny, formatDate } from '../../shared/format';
import { StatusTag } from '../../shared/StatusTag';
import { ChallengeThreadCard } from '../../challenges/components/ChallengeThreadCard';
import { RaiseChallengeLink } from '../../challenges/components/RaiseChallengeLink';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { ConnectionsCard } from '../../thread/ConnectionsCard';
import { MatchPanel } from '../../matching/MatchPanel';
import { DemandActions } from '../components/DemandActions';
import { demandQuery } from '../queries';

const t = messages.entry;

export function DemandDetailPage() {
  const { id = '' } = useParams();
  const { data: d, isPending, error } = useQuery(demandQuery(id));
  const me = useMe();
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const typeName = useTermName('demand_type');
  const modeName = useTermName('cooperation_mode');
  const owner = !!d && access(me.data).owns(d.organization_id);

  return (
    <DetailShell
      backTo="/demands"
      isPending={isPending}
      error={error}
      title={d?.title}
      status={d && <StatusTag kind="demand" status={d.status} />}
      rejectionReason={d?.status === 'rejected' ? d.rejection_reason : null}
      actions={
        d && (
          <>
            {owner && <DemandActions demand={d} />}
            <RaiseChallengeLink demand={d} />
          </>
        )
      }
      main={
        d && (
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t.field}>{fieldName(d.field)}</Descriptions.Item>
              <Descriptions.Item label={t.region}>{regionName(d.region)}</Descriptions.Item>
              <Descriptions.Item label={t.demandType}>{typeName(d.demand_type)}</Descriptions.Item>
              <Descriptions.Item label={t.cooperationMode}>
                {modeName(d.cooperation_mode) || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t.budget}>
                <span data-testid="budget">
                  {formatCny(d.budget_min, d.budget_max, d.budget_negotiable)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t.deadline}>{formatDate(d.deadline)}</Descriptions.Item>
              <Descriptions.Item label={t.validUntil}>{formatDate(d.valid_until)}</Descriptions.Item>
              <Descriptions.Item label={t.publishedAt}>{formatDate(d.published_at)}</Descriptions.Item>
              <Descriptions.Item label={t.keywords}>
                {d.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </Descriptions.Item>
            </Descriptions>
            <TextSection title={t.description} text={d.description} />
            <TextSection title={t.indicators} text={d.indicators} />
          </Card>
        )
      }
      side={
        d && (
          <>
            <ContactCard contact={d.contact} />
            <AttachmentsCard
              entityType="demands"
              entityId={d.id}
              canUpload={owner}
            />
            <ConnectionsCard target="demand" id={d.id} />
            <MatchPanel source="demand" entry={d} />
            <ChallengeThreadCard ids={d.challenge_ids ?? []} title={challengeMessages.thread.challenges} />
          </>
        )
      }
    />
  );
}

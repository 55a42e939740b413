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
import { ConnectionsCard } from '../../thread/ConnectionsCard';
import { SourceProjectCard } from '../../thread/SourceProjectCard';
import { MatchPanel } from '../../matching/MatchPanel';
import { AchievementActions } from '../components/AchievementActions';
import { achievementQuery } from '../queries';

const t = messages.entry;

export function AchievementDetailPage() {
  const { id = '' } = useParams();
  const { data: a, isPending, error } = useQuery(achievementQuery(id));
  const me = useMe();
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const maturityName = useTermName('maturity');
  const modeName = useTermName('transfer_mode');
  const ipName = useTermName('ip_type');
  const owner = !!a && access(me.data).owns(a.organization_id);

  return (
    <DetailShell
      backTo="/achievements"
      isPending={isPending}
      error={error}
      title={a?.title}
      status={a && <StatusTag kind="achievement" status={a.status} />}
      rejectionReason={a?.status === 'rejected' ? a.rejection_reason : null}
      actions={owner && a && <AchievementActions achievement={a} />}
      main={
        a && (
          <Card size="small">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t.field}>{fieldName(a.field)}</Descriptions.Item>
              <Descriptions.Item label={t.region}>{regionName(a.region)}</Descriptions.Item>
              <Descriptions.Item label={t.maturity}>
                {maturityName(a.maturity) || (a.trl ? `TRL ${a.trl}` : '—')}
              </Descriptions.Item>
              <Descriptions.Item label={t.transferModes}>
                {a.transfer_modes.map((m) => modeName(m)).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t.ipType}>
                {[ipName(a.ip_type), ...a.ip_numbers].filter(Boolean).join(' ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t.askingPrice}>
                <span data-testid="price">{formatCny(a.asking_price, null, a.price_negotiable)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t.inventors}>{a.inventors.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t.publishedAt}>{formatDate(a.published_at)}</Descriptions.Item>
              <Descriptions.Item label={t.keywords}>
                {a.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </Descriptions.Item>
            </Descriptions>
            <TextSection title={t.abstract} text={a.abstract} />
          </Card>
        )
      }
      side={
        a && (
          <>
            <ContactCard contact={a.contact} />
            <AttachmentsCard
              entityType="achievements"
              entityId={a.id}
              canUpload={owner}
            />
            <SourceProjectCard projectId={a.project_id} />
            <ConnectionsCard target="achievement" id={a.id} />
            <MatchPanel source="achievement" entry={a} />
          </>
        )
      }
    />
  );
}

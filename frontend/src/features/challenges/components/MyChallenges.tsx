import { useInfiniteQuery } from '@tanstack/react-query';
import { Empty, List, Space } from 'antd';
import { Link } from 'react-router-dom';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { formatBounty, formatDateTime } from '../format';
import { issuedChallengesQuery } from '../queries';
import { EntryList } from '../../shared/EntryList';
import { ChallengeStatusTag } from './labels';

const t = challengeMessages;

/** 我的榜单: the challenges the organisation issued, drafts included, newest first. */
export function MyChallenges({ organizationId }: { organizationId: string }) {
  const query = useInfiniteQuery(issuedChallengesQuery(organizationId));
  return (
    <EntryList
      query={query}
      testId="my-challenges"
      empty={
        <Empty description={t.mine.empty}>
          <Link to="/workspace/challenges/new">{t.form.create}</Link>
        </Empty>
      }
      renderItem={(c) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap>
                <Link to={`/challenges/${c.id}`}>{c.title}</Link>
                <ChallengeStatusTag status={c.status} />
              </Space>
            }
            description={
              <Space wrap size={[16, 4]}>
                <span>
                  {t.detail.bounty}：{formatBounty(c.bounty, c.negotiable)}
                </span>
                <span>
                  {t.detail.deadline}：{formatDateTime(c.deadline)}
                </span>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

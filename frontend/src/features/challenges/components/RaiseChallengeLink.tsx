import { FlagOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { access } from '../../../app/access';
import { useMe } from '../../../app/auth/useAuth';
import { challengeMessages } from '../../../locales/challenges.zh-CN';

/** Demands in these statuses are public, and a challenge may be raised from them. */
const RAISABLE = new Set(['published', 'in_progress', 'resolved']);

/**
 * 由此需求发榜: staff (or the demand's own organisation) raise a challenge from a public
 * demand; the form starts from the demand's problem and keeps the link both ways.
 */
export function RaiseChallengeLink({
  demand,
}: {
  demand: { id: string; status: string; organization_id: string };
}) {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const can = access(me);
  const allowed = can.hasOrganization && (can.canReview || can.owns(demand.organization_id));
  if (!allowed || !RAISABLE.has(demand.status)) return null;
  return (
    <Button
      icon={<FlagOutlined />}
      data-testid="raise-challenge"
      onClick={() => navigate(`/workspace/challenges/new?demand=${demand.id}`)}
    >
      {challengeMessages.form.fromDemand}
    </Button>
  );
}

import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { messages } from '../../locales/zh-CN';
import { access } from '../access';
import { isUnauthorized, useMe, useSignedIn } from './useAuth';

/** Sends visitors to `/login?next=<here>`; optionally requires a capability. */
export function RequireAuth({
  children,
  need,
}: {
  children: ReactNode;
  need?: 'canReview' | 'canAdmin';
}) {
  const signedIn = useSignedIn();
  const location = useLocation();
  const me = useMe();
  const next = encodeURIComponent(location.pathname + location.search);
  if (!signedIn || isUnauthorized(me.error)) return <Navigate to={`/login?next=${next}`} replace />;
  if (me.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (me.isError) return <Result status="error" title={messages.list.error} />;
  if (need && !access(me.data)[need]) {
    return (
      <Result status="403" title={messages.forbidden.title} subTitle={messages.forbidden.subtitle} />
    );
  }
  return <>{children}</>;
}
